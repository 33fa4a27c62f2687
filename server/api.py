"""The HTTP API (FastAPI): ``create_app(settings)`` builds it on the settings' database.

Every endpoint needs a device token.  Errors are JSON: ``{"error": "<one line>", ...}`` with
a 4xx status.  Every read, write, aggregate and export is written to the audit log (who, what,
when, the outcome; never a label).

Who sees what: clinicians read and write the interviews of their services' patients; service
leads see their services' aggregate figures; researchers download anonymised measures; admins
list users and read the audit log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.addresses import TrustedProxies
from server.auth import Limits
from server.context import Context
from server.db import make_engine, migrate
from server.errors import ServerError
from server.headers import SecurityHeaders
from server.keys import server_key
from server.routes.admin import admin_routes
from server.routes.clinical import clinical_routes
from server.routes.errors import status_of
from server.routes.figures import figure_routes
from server.schemas import document_components
from server.settings import ServerSettings

__all__ = ["create_app"]


def create_app(settings: ServerSettings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The application on ``settings.url`` (migrated to the latest schema first)."""
    settings = settings or ServerSettings()
    engine = engine or make_engine(settings.url)
    migrate(engine)
    with Session(engine) as db, db.begin():
        key = server_key(db)
    proxies = TrustedProxies(settings.trusted_proxies)
    ctx = Context(settings, engine, Limits.of(settings), proxies, key)

    # The OpenAPI description (/openapi.json) is public: it holds no data.  The interactive pages
    # are off (they load scripts from a CDN, and servers here are often offline).
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await ctx.checkers.start()
        try:
            yield
        finally:
            await ctx.checkers.stop()

    app = FastAPI(
        title="Egonet server", version="1", description=__doc__, docs_url=None, redoc_url=None, lifespan=lifespan
    )
    for router in (clinical_routes(ctx), figure_routes(ctx), admin_routes(ctx)):
        app.include_router(router)

    @app.exception_handler(ServerError)
    async def server_error(_request: Request, exc: ServerError) -> JSONResponse:
        retry = exc.detail.get("retry_after")
        headers = {"Retry-After": str(retry)} if retry is not None else {}
        status = status_of(exc)
        if status == 408:  # the body came too slowly: do not wait for the rest of it
            headers["Connection"] = "close"
        return JSONResponse({"error": exc.message, **exc.detail}, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Starlette's own answers (an unknown path, a method not allowed) in the same JSON shape."""
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
        user = getattr(request.state, "user", None)
        if user is not None:  # authenticated, refused before the endpoint ran: audited by the route's
            route = request.scope.get("route")  # template, never the path (it may hold a patient code)
            resource = f"{request.method} {getattr(route, 'path', '?')}"
            await run_in_threadpool(ctx.record, user.id, "invalid-request", resource, 422)
        return JSONResponse({"error": "the request is not valid", "problems": problems}, status_code=422)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            described = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            described.setdefault("components", {}).setdefault("schemas", {}).update(document_components())
            app.openapi_schema = described
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(SecurityHeaders, proxies=proxies)
    return app
