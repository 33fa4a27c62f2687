"""Reading a request's body: of the declared media type (415 otherwise), refused (413) as soon
as it passes the limit, and (408) as soon as its next chunk is more than ``timeout`` seconds late.

A client that goes away mid-body gets a 400 that nobody reads, rather than an unhandled
``ClientDisconnect`` (a 500 and a traceback in the log).  A body the app never reads is bounded
by the server (``server.serving``), not here.
"""

from __future__ import annotations

import asyncio

from fastapi import Request
from starlette.requests import ClientDisconnect

from server.errors import ServerError, TooLarge, TooSlow, UnsupportedMedia

__all__ = ["read_body"]


def _check_media_type(request: Request, expected: str) -> None:
    """415 unless the body is ``expected``, in UTF-8 (or no charset said) and not compressed:
    a body is read as UTF-8 as it came (found: ``charset=latin-1`` and ``Content-Encoding: gzip``
    were accepted and ignored)."""
    declared, _, parameters = request.headers.get("content-type", "").partition(";")
    declared = declared.strip().lower()
    if declared != expected:
        raise UnsupportedMedia(f"the body must be {expected} (Content-Type), not {declared or 'undeclared'}")
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise UnsupportedMedia(f"the body must be UTF-8, not {value.strip()[:40]}")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise UnsupportedMedia(f"the body must not be encoded ({encoding[:40]}): send it as it is")


async def read_body(request: Request, limit: int, media_type: str, *, timeout: float = 10.0) -> bytes:
    """The request's body, of ``media_type`` (415 otherwise), refused (413) as soon as it passes
    ``limit`` bytes, and (408) when a chunk takes more than ``timeout`` seconds to come."""
    _check_media_type(request, media_type)
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 20 or int(declared) > limit):
        raise TooLarge(f"the body is larger than {limit} bytes")
    body = bytearray()
    chunks = request.stream()
    try:
        while True:
            async with asyncio.timeout(timeout):
                chunk = await anext(chunks, None)
            if chunk is None:
                return bytes(body)
            body += chunk
            if len(body) > limit:
                raise TooLarge(f"the body is larger than {limit} bytes")
    except TimeoutError:
        raise TooSlow(f"the body came too slowly (nothing for {timeout:g} s)") from None
    except ClientDisconnect:
        raise ServerError("the client went away before the body was complete") from None
    finally:
        await chunks.aclose()
