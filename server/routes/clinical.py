"""Clinicians' endpoints: who am I, interviews up and down, patients and waves, protocol files, and
the directories of local resources of their services (which the services' leads upload)."""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at runtime.

import asyncio
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from egonet.wire.resources import MAX_DIRECTORY_BYTES
from server.auth import Account
from server.bodies import read_body
from server.context import Context
from server.errors import Invalid, ServerError
from server.interviews import clinician_patients, get_interview, patient_interviews
from server.protocols import get_protocol, put_protocol
from server.resources import get_directory, put_directory
from server.routes.errors import errors, status_of
from server.schemas import Me, PatientEntry, WaveEntry
from server.schemas import Stored as StoredAnswer
from server.stored import Result

__all__ = ["clinical_routes"]

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SERVICE_PATTERN = r"^[^\x00-\x1f\x7f]+$"
"""A service's name in an address: no control character (PostgreSQL refuses a NUL in text)."""
InterviewId = Annotated[str, Path(pattern=UUID_PATTERN, description="The interview's UUID (lowercase).")]
Code = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", description="A patient code.")]
ProtocolId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
Version = Annotated[str, Path(max_length=40)]
DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InterviewDocument"}}},
    }
}
PROTOCOL_BODY = {
    "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
}
ServiceName = Annotated[str, Path(max_length=200, pattern=SERVICE_PATTERN, description="A service's name.")]
DIRECTORY_BODY = {"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}}


def clinical_routes(ctx: Context) -> APIRouter:
    router = APIRouter(prefix="/v1")
    Caller = Annotated[Account, Depends(ctx.caller)]

    def upload_route(path: str, what: str, body: dict[str, Any]) -> Callable[[Endpoint], Endpoint]:
        """``PUT path``: an upload by a clinician, answered 201 created or 200 (``Stored``)."""
        responses = {201: {"model": StoredAnswer, "description": "created"}, **errors(409, 413, 415)}
        return router.put(
            path,
            summary=f"Upload {what}; clinicians",
            response_model=StoredAnswer,
            responses=responses,
            openapi_extra=body,
        )

    async def received(
        request: Request, user: Account, resource: str, media_type: str, *, text: bool = False, limit: int | None = None
    ) -> bytes:
        """The body of an upload (UTF-8 text if ``text``), of at most ``limit`` bytes (and never more
        than the documents' limit); a refusal (415, 413, 408, 422) is audited as a write, as the
        refusals of the services are."""
        most = min(limit or ctx.settings.max_document_bytes, ctx.settings.max_document_bytes)
        try:
            body = await read_body(request, most, media_type, timeout=ctx.settings.body_timeout)
            if text:
                try:
                    body.decode("utf-8")
                except UnicodeDecodeError:
                    raise Invalid("the file is not UTF-8 text") from None
        except ServerError as exc:
            await run_in_threadpool(ctx.record, user.id, "write", resource, status_of(exc))
            raise
        return body

    @router.get("/me", summary="Who the token belongs to", response_model=Me, responses=errors())
    def me(user: Caller) -> dict[str, Any]:
        answer = {"name": user.name, "role": user.role, "services": sorted(s.name for s in user.services)}
        return ctx.audited(user, "read", "me", lambda _db: answer, one_transaction=False)

    @upload_route("/interviews/{interview_id}", "an interview document (idempotent per revision)", DOCUMENT_BODY)
    async def upload(
        interview_id: InterviewId,
        request: Request,
        user: Caller,
        base: Annotated[int, Header(alias="X-Egonet-Base-Revision", ge=0, le=2**31 - 1)] = 0,
    ) -> Response:
        resource = f"interview:{interview_id}"
        body = await received(request, user, resource, "application/json")

        try:  # checked outside any transaction (a refusal is audited as the store's are)
            upload = await ctx.checkers.prepare(user, interview_id, body, base)
        except ServerError as exc:
            await run_in_threadpool(ctx.record, user.id, "write", resource, status_of(exc))
            raise
        except asyncio.CancelledError:  # the server stops before its check ended: audited, unanswered
            ctx.record(user.id, "write", resource, 503)
            raise
        except Exception:
            await run_in_threadpool(ctx.record, user.id, "write", resource, 500)
            raise
        stored = await ctx.uploads.store(upload)  # with those arriving with it
        return JSONResponse(stored.answer(), status_code=201 if stored.result is Result.CREATED else 200)

    @router.get(
        "/interviews/{interview_id}",
        summary="Download an interview document (clinicians of the patient's service)",
        response_class=Response,
        responses={
            200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/InterviewDocument"}}}},
            **errors(404, 409),
        },
    )
    def download(interview_id: InterviewId, user: Caller) -> Response:
        text = ctx.audited(user, "read", f"interview:{interview_id}", lambda db: get_interview(db, user, interview_id))
        return Response(text, media_type="application/json")

    @router.get(
        "/patients",
        summary="The patients of the caller's services (clinicians)",
        response_model=list[PatientEntry],
        responses=errors(),
    )
    def patients(user: Caller) -> list[dict[str, Any]]:
        return ctx.audited(user, "list", "patients", lambda db: clinician_patients(db, user))

    @router.get(
        "/patients/{code}/interviews",
        summary="A patient's waves on the server (clinicians)",
        response_model=list[WaveEntry],
        responses=errors(404),
    )
    def waves(code: Code, user: Caller) -> list[dict[str, Any]]:
        return ctx.audited(
            user, "list", f"patient:{ctx.hidden('patient', code)}", lambda db: patient_interviews(db, user, code)
        )

    @upload_route("/protocols/{protocol_id}/{version}", "the protocol file (TOML) of interviews", PROTOCOL_BODY)
    async def upload_protocol(protocol_id: ProtocolId, version: Version, request: Request, user: Caller) -> Response:
        resource = f"protocol:{protocol_id} {version}"
        text = (await received(request, user, resource, "text/plain", text=True)).decode("utf-8")
        stored = await run_in_threadpool(
            ctx.audited,
            user,
            "write",
            resource,
            lambda db: put_protocol(db, user, protocol_id, version, text),
        )
        return JSONResponse(stored.answer(), status_code=201 if stored.result is Result.CREATED else 200)

    @router.get(
        "/protocols/{protocol_id}/{version}",
        summary="Download a protocol file (TOML)",
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, **errors(404)},
    )
    def download_protocol(protocol_id: ProtocolId, version: Version, user: Caller) -> Response:
        text = ctx.audited(
            user, "read", f"protocol:{protocol_id} {version}", lambda db: get_protocol(db, user, protocol_id, version)
        )
        return Response(text, media_type="text/plain; charset=utf-8")

    @router.put(
        "/services/{service}/resources",
        summary="Upload a service's directory of local resources (CSV), replacing it; its leads, admins",
        response_model=StoredAnswer,
        responses={201: {"model": StoredAnswer, "description": "created"}, **errors(404, 413, 415)},
        openapi_extra=DIRECTORY_BODY,
    )
    async def upload_resources(service: ServiceName, request: Request, user: Caller) -> Response:
        resource = f"resources:{service}"
        limit = MAX_DIRECTORY_BYTES + 3  # and a byte-order mark
        text = (await received(request, user, resource, "text/csv", text=True, limit=limit)).decode("utf-8")
        stored = await run_in_threadpool(
            ctx.audited, user, "write", resource, lambda db: put_directory(db, user, service, text)
        )
        return JSONResponse(stored.answer(), status_code=201 if stored.result is Result.CREATED else 200)

    @router.get(
        "/services/{service}/resources",
        summary="Download a service's directory of local resources (CSV); its clinicians and leads, admins",
        response_class=Response,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **errors(404)},
    )
    def download_resources(service: ServiceName, user: Caller) -> Response:
        text = ctx.audited(user, "read", f"resources:{service}", lambda db: get_directory(db, user, service))
        return Response(text, media_type="text/csv; charset=utf-8")

    return router
