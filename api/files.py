"""OpenAI Files shape for batches: upload an input, read it back, and read a batch's
output and error files, which are rendered from its jobs as they are streamed."""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context

from api.auth import tenant_caller
from api.batches import answer_errors_as
from api.context import runtime
from api.idempotency import idempotent
from sluice.batch_files import (
    batch_of_file,
    file_text,
    file_view,
    generated_file_view,
    get_file,
    store_file,
)
from sluice.batch_views import openai_error, openai_output, result_lines
from sluice.errors import InvalidRequest, NotFound

blueprint = answer_errors_as(Blueprint("files", __name__, url_prefix="/v1/files"), "openai")


@blueprint.post("")
@idempotent
def upload_file():
    caller = tenant_caller()
    upload = request.files.get("file")
    if upload is None:
        raise InvalidRequest("file: a multipart file part is required")
    purpose = request.form.get("purpose", "")
    rt = runtime()
    with rt.db.session() as session:
        stored = store_file(session, rt.cipher, caller.tenant_id, upload.filename or "input.jsonl",
                            purpose, upload.stream.read())
        return file_view(stored)


@blueprint.get("/<file_id>")
def read_file(file_id: str):
    caller = tenant_caller()
    with runtime().db.session() as session:
        try:
            return file_view(get_file(session, caller.tenant_id, file_id))
        except NotFound:
            return generated_file_view(batch_of_file(session, caller.tenant_id, file_id), file_id)


@blueprint.get("/<file_id>/content")
def file_content(file_id: str):
    caller = tenant_caller()
    rt = runtime()
    with rt.db.session() as session:
        try:
            text = file_text(rt.cipher, get_file(session, caller.tenant_id, file_id))
        except NotFound:
            batch = batch_of_file(session, caller.tenant_id, file_id)
        else:
            return Response(text, mimetype="application/jsonl")
    render = openai_output if file_id == batch.output_file_id else openai_error
    return Response(stream_with_context(result_lines(rt.db, rt.cipher, batch.id, render)),
                    mimetype="application/jsonl")
