"""The HTTP API (FastAPI): ``create_app(settings)`` builds it on the settings' database.

Every endpoint needs a device token.  Errors are JSON: ``{"error": "<one line>", ...}`` with
a 4xx status.  Each read and write of an interview is written to the audit log (who, what,
when, the outcome; never a label).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations at
# runtime, and ``Caller`` is local to create_app.

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from server.auth import FailureLimiter, authenticate
from server.db import AuditEvent, User, make_engine, migrate
from server.errors import ServerError
from server.interviews import clinician_patients, get_interview, patient_interviews, put_interview
from server.people import now
from server.settings import ServerSettings

__all__ = ["create_app"]

T = TypeVar("T")


def create_app(settings: ServerSettings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The application on ``settings.url`` (migrated to the latest schema first)."""
    settings = settings or ServerSettings()
    engine = engine or make_engine(settings.url)
    migrate(engine)
    limiter = FailureLimiter(settings.max_failed_auth, settings.failed_auth_window)
    # The OpenAPI description (/openapi.json) is public: it holds no data.  The interactive pages
    # are off (they load scripts from a CDN, and servers here are often offline).
    app = FastAPI(title="Egonet server", version="1", description=__doc__, docs_url=None, redoc_url=None)

    @app.exception_handler(ServerError)
    async def server_error(_request: Request, exc: ServerError) -> JSONResponse:
        return JSONResponse({"error": exc.message, **exc.detail}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
        return JSONResponse({"error": "the request is not valid", "problems": problems}, status_code=422)

    def caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> User:
        client = request.client.host if request.client else "unknown"
        with Session(engine, expire_on_commit=False) as db, db.begin():
            return authenticate(db, authorization, client, limiter)

    Caller = Annotated[User, Depends(caller)]

    def audited(user: User, action: str, resource: str, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a transaction, then log the outcome (in its own transaction)."""
        outcome = 200
        try:
            with Session(engine, expire_on_commit=False) as db, db.begin():
                return work(db)  # committed as the block ends
        except ServerError as exc:
            outcome = exc.status
            raise
        finally:
            with Session(engine) as db, db.begin():
                db.add(AuditEvent(at=now(), user_id=user.id, action=action, resource=resource, outcome=outcome))

    @app.get("/v1/me", summary="Who the token belongs to")
    def me(user: Caller) -> dict[str, Any]:
        return {"name": user.name, "role": user.role, "services": sorted(s.name for s in user.services)}

    @app.put(
        "/v1/interviews/{interview_id}",
        summary="Upload an interview document (idempotent per revision)",
        status_code=200,
        responses={201: {"description": "created"}, 409: {"description": "conflict"}, 413: {}, 422: {}},
    )
    async def upload(
        interview_id: str,
        request: Request,
        user: Caller,
        base: Annotated[int, Header(alias="X-Egonet-Base-Revision", ge=0)] = 0,
    ) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > settings.max_document_bytes:
            raise ServerError(f"the document is larger than {settings.max_document_bytes} bytes", 413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_document_bytes:
                raise ServerError(f"the document is larger than {settings.max_document_bytes} bytes", 413)
        status, answer = await run_in_threadpool(
            audited,
            user,
            "write",
            f"interview:{interview_id}",
            lambda db: put_interview(db, user, interview_id, bytes(body), base),
        )
        return JSONResponse(answer, status_code=status)

    @app.get("/v1/interviews/{interview_id}", summary="Download an interview document")
    def download(interview_id: str, user: Caller) -> Response:
        text = audited(user, "read", f"interview:{interview_id}", lambda db: get_interview(db, user, interview_id))
        return Response(text, media_type="application/json")

    @app.get("/v1/patients", summary="The patients of the caller's services (clinicians)")
    def patients(user: Caller) -> list[dict[str, Any]]:
        return audited(user, "list", "patients", lambda db: clinician_patients(db, user))

    @app.get("/v1/patients/{code}/interviews", summary="A patient's waves on the server")
    def waves(code: str, user: Caller) -> list[dict[str, Any]]:
        return audited(user, "list", f"patient:{code}", lambda db: patient_interviews(db, user, code))

    return app
