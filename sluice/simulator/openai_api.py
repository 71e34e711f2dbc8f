"""OpenAI Chat Completions (`POST /v1/chat/completions`) shapes, as the official SDK parses them.

System and developer messages sit in `messages`, so they count as prompt text with no extra
handling; there is no top-level system field in this dialect.
"""

import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response

from sluice.simulator.completion import serve_completion
from sluice.simulator.echo import Usage, new_id, paced, split, sse
from sluice.simulator.state import SimulatorState

ERROR_KINDS: dict[int, tuple[str, str | None]] = {
    401: ("invalid_request_error", "invalid_api_key"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
}


def error_kind(status: int) -> tuple[str, str | None]:
    """`(type, code)` as OpenAI reports them for `status`."""
    default = ("invalid_request_error", None) if status < 500 else ("server_error", None)
    return ERROR_KINDS.get(status, default)


def _usage(usage: Usage) -> dict[str, int]:
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }


def _choice(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}


class OpenAIDialect:
    garbage_stream = 'data: {"id": "chatcmpl-sim", "choices": [<<\n\n'

    def error_body(self, status: int, message: str) -> dict[str, Any]:
        kind, code = error_kind(status)
        return {"error": {"message": message, "type": kind, "param": None, "code": code}}

    def system_texts(self, body: dict[str, Any]) -> list[str]:
        return []

    def message(self, body: dict[str, Any], text: str, usage: Usage) -> dict[str, Any]:
        return {
            "id": new_id("chatcmpl-sim"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": _usage(usage),
        }

    def stream(
        self, body: dict[str, Any], text: str, usage: Usage, chunk_delay_s: float
    ) -> Iterator[str]:
        """Chunks as the real API sends them: with `include_usage`, every chunk has
        `usage: null` and one extra chunk with empty `choices` carries the totals."""
        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        head = {
            "id": new_id("chatcmpl-sim"),
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body["model"],
        }

        def chunk(choices: list[dict[str, Any]], totals: dict[str, int] | None = None) -> str:
            extra = {"usage": totals} if include_usage else {}
            return sse({**head, "choices": choices, **extra})

        yield chunk([_choice({"role": "assistant", "content": ""})])
        for piece in paced(split(text), chunk_delay_s):
            yield chunk([_choice({"content": piece})])
        yield chunk([_choice({}, "stop")])
        if include_usage:
            yield chunk([], _usage(usage))
        yield "data: [DONE]\n\n"


def register(app: Flask, state: SimulatorState) -> None:
    dialect = OpenAIDialect()

    def chat_completions() -> Response:
        return serve_completion(state, dialect)

    app.add_url_rule(
        "/v1/chat/completions", "openai_chat_completions", chat_completions, methods=["POST"]
    )
