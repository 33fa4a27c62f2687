"""Figures without documents: a service's aggregates for its leads, anonymised rows for researchers."""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at runtime.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from server.aggregates import service_summary
from server.context import Context
from server.db import User
from server.research import research_rows
from server.routes.errors import errors
from server.schemas import ServiceSummary, Value

__all__ = ["figure_routes"]


def figure_routes(ctx: Context) -> APIRouter:
    router = APIRouter(prefix="/v1")
    Caller = Annotated[User, Depends(ctx.caller)]

    @router.get(
        "/services/{service}/summary",
        summary="A service's counts, key measures per wave and before/after change (its leads)",
        response_model=ServiceSummary,
        responses=errors(),
    )
    def summary(service: Annotated[str, Path(max_length=200)], user: Caller) -> dict[str, Any]:
        work = lambda db: service_summary(db, user, service)  # noqa: E731
        return ctx.audited(user, "aggregate", f"service:{service}", work, one_transaction=False)

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

    return router
