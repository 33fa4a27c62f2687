"""Admins' endpoints: the users and the audit log (no interview, no figure)."""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at runtime.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from server.admin import audit_log, list_users
from server.auth import Account
from server.context import Context
from server.routes.errors import errors
from server.schemas import AuditEntry, UserEntry

__all__ = ["admin_routes"]


def admin_routes(ctx: Context) -> APIRouter:
    router = APIRouter(prefix="/v1/admin")
    Caller = Annotated[Account, Depends(ctx.caller)]

    @router.get(
        "/users", summary="Users, roles, services, active devices", response_model=list[UserEntry], responses=errors()
    )
    def users(user: Caller) -> list[dict[str, Any]]:
        return ctx.audited(user, "list", "users", lambda db: list_users(db, user))

    @router.get(
        "/audit",
        summary="The audit log, newest first (who read, wrote or exported what, and when)",
        response_model=list[AuditEntry],
        responses=errors(),
    )
    def audit(
        user: Caller,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        before: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Only events older than this id.")] = None,
    ) -> list[dict[str, Any]]:
        return ctx.audited(user, "read", "audit", lambda db: audit_log(db, user, limit=limit, before=before))

    return router
