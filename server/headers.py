"""Security headers on every answer (OWASP ASVS 14.4): what a browser may do with what we send.

- ``Content-Security-Policy``: nothing loads from anywhere (``default-src 'none'``); the service
  report, a self-contained page, may use its own inline styles and ``data:`` images, and no
  script at all; no page may be framed.
- ``X-Content-Type-Options: nosniff``: a browser takes the declared media type (a document is
  never run as HTML).
- ``Cache-Control: no-store``: no answer (documents, figures, exports) is kept by a browser or a
  proxy cache.
- ``Referrer-Policy: no-referrer`` and ``X-Frame-Options: DENY``, for older browsers.
- ``Strict-Transport-Security`` (one year) when the request came over TLS, directly or, from a
  trusted proxy, as its ``X-Forwarded-Proto: https`` says.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.addresses import TrustedProxies

__all__ = ["ALWAYS", "SecurityHeaders"]

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
ALWAYS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP answer."""

    def __init__(self, app: ASGIApp, proxies: TrustedProxies) -> None:
        self.app, self.proxies = app, proxies

    def _over_tls(self, scope: Scope) -> bool:
        if scope.get("scheme") == "https":
            return True
        peer = (scope.get("client") or ("", 0))[0]
        if not self.proxies.trusted(peer):
            return False
        forwarded: bytes = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"")
        return forwarded.split(b",")[-1].strip().lower() == b"https"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*ALWAYS, HSTS] if self._over_tls(scope) else ALWAYS
        names = {name for name, _ in extra}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
