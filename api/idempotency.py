"""The `Idempotency-Key` header on every POST that creates work."""

from __future__ import annotations

import functools
import hashlib
import json

from flask import jsonify, make_response, request

from api.auth import tenant_caller
from api.context import runtime
from sluice.idempotency import claim_key, release_key, store_answer


def idempotent(view):
    """Same key and body: the first answer again (same id, same status code)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view(*args, **kwargs)
        tenant_id = tenant_caller().tenant_id
        rt = runtime()
        replay = claim_key(rt.db, rt.cipher, tenant_id, key, request_digest())
        if replay is not None:
            response = jsonify(replay.body)
            response.status_code = replay.status
            response.headers["Idempotent-Replayed"] = "true"
            return response
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            release_key(rt.db, tenant_id, key)
            raise
        if 200 <= response.status_code < 300 and response.is_json:
            store_answer(rt.db, rt.cipher, tenant_id, key, response.status_code,
                         response.get_json())
        else:
            release_key(rt.db, tenant_id, key)
        return response

    return wrapper


def request_digest() -> str:
    """Of what the request means, not its bytes: JSON key order and multipart boundaries vary."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.files or request.form:
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(f"form {name}={value}\n".encode())
        for name, upload in sorted(request.files.items(multi=True)):
            digest.update(f"file {name} {upload.filename}\n".encode())
            digest.update(hashlib.sha256(upload.stream.read()).digest())
            upload.stream.seek(0)
        return digest.hexdigest()
    body = request.get_json(silent=True)
    if body is None:
        digest.update(request.get_data())
    else:
        digest.update(json.dumps(body, sort_keys=True, separators=(",", ":")).encode())
    return digest.hexdigest()
