"""Figures without documents: a service's aggregates for its leads, anonymised rows for researchers."""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at runtime.

import pathlib
import shutil
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from server.auth import Account
from server.context import Context
from server.errors import Invalid
from server.releases import lead_report, lead_summary
from server.research import research_export, research_rows, temporary_folder
from server.routes.clinical import SERVICE_PATTERN
from server.routes.errors import errors
from server.schemas import ServiceSummary, Value

__all__ = ["figure_routes"]


def figure_routes(ctx: Context) -> APIRouter:
    router = APIRouter(prefix="/v1")
    Caller = Annotated[Account, Depends(ctx.caller)]

    @router.get(
        "/services/{service}/summary",
        summary="A service's counts, key measures per wave and before/after change, as last released (its leads)",
        response_model=ServiceSummary,
        responses=errors(),
    )
    def summary(service: Annotated[str, Path(max_length=200, pattern=SERVICE_PATTERN)], user: Caller) -> dict[str, Any]:
        work = lambda db: lead_summary(db, user, service)  # noqa: E731
        return ctx.audited(user, "aggregate", f"service:{service}", work, one_transaction=False)

    @router.get(
        "/services/{service}/report",
        summary="A service's report (HTML, the reporter's service report), as last released, for its leads",
        response_class=Response,  # (errors stay documented as JSON; the page is text/html)
        responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}, **errors(404)},
    )
    def report(
        service: Annotated[str, Path(max_length=200, pattern=SERVICE_PATTERN)],
        user: Caller,
        lang: Literal["en", "fr", "nl"] = "en",
    ) -> HTMLResponse:
        work = lambda db: lead_report(db, user, service, lang)  # noqa: E731
        return HTMLResponse(ctx.audited(user, "report", f"service:{service}", work, one_transaction=False))

    @router.get(
        "/research/measures",
        summary="Anonymised measures of the completed interviews of the researcher's services",
        response_model=list[dict[str, Value]],
        responses=errors(),
    )
    def research(user: Caller) -> list[dict[str, Value]]:
        return ctx.audited(
            user, "export", "research:measures", lambda db: research_rows(db, user), one_transaction=False
        )

    @router.get(
        "/research/export",
        summary="An anonymised export (egor, GraphML, JSON Lines, Parquet) of the researcher's services, zipped",
        response_class=Response,
        responses={
            200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
            **errors(404, 409),
        },
    )
    def research_download(
        user: Caller,
        fmt: Annotated[Literal["egor", "graphml", "jsonl", "parquet"], Query(alias="format")] = "egor",
        k: Annotated[
            int | None,
            Query(ge=1, le=1000, description="k-anonymity of the quasi-identifiers: at least the server's minimum."),
        ] = None,
    ) -> FileResponse:
        floor = ctx.settings.min_k
        folder = temporary_folder()
        try:

            def work(db: Session) -> pathlib.Path:
                if k is not None and k < floor:
                    raise Invalid(f"k must be at least {floor} on this server (a request may raise it)")
                return research_export(db, user, fmt, k or floor, folder)

            archive = ctx.audited(user, "export", f"research:{fmt} k={k or floor}", work, one_transaction=False)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
        return FileResponse(archive, media_type="application/zip", filename=archive.name, background=cleanup)

    return router
