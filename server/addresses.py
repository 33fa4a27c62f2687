"""Who is on the other end: the client's address, believing ``X-Forwarded-For`` only from proxies
the operator named (``EGONET_SERVER_TRUSTED_PROXIES``).

Without trusted proxies the address is the TCP peer's, whatever the headers say (a client that
rotates ``X-Forwarded-For`` stays one address).  Behind trusted proxies it is the right-most
address of ``X-Forwarded-For`` that is not itself a trusted proxy: each proxy appends the
address it received from, so everything to the left of that one was written by the client and
proves nothing (RFC 7239 section 5.2 makes the same point for ``Forwarded``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

__all__ = ["TrustedProxies"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    def __init__(self, entries: Iterable[str]) -> None:
        self.networks: list[Network] = []
        for entry in entries:
            try:
                self.networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                raise ValueError(f"EGONET_SERVER_TRUSTED_PROXIES: {entry!r} is not an address or a network") from None

    def trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address, from the TCP ``peer`` and its ``X-Forwarded-For`` header."""
        if not forwarded_for or not self.trusted(peer):
            return peer
        for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
            try:
                address = str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a hop that is not an address: believe only the proxy
            if not self.trusted(address):
                return address
        return peer
