"""Anthropic Messages API (`POST /v1/messages`) shapes, as the official SDK parses them."""

from collections.abc import Iterator
from typing import Any

from flask import Flask, Response

from sluice.simulator.completion import serve_completion
from sluice.simulator.echo import Usage, content_text, new_id, paced, split, sse
from sluice.simulator.state import SimulatorState

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def error_type(status: int) -> str:
    return ERROR_TYPES.get(status, "invalid_request_error" if status < 500 else "api_error")


class AnthropicDialect:
    garbage_stream = 'event: message_start\ndata: {"type": "message_start", "message": {<<\n\n'

    def error_body(self, status: int, message: str) -> dict[str, Any]:
        return {"type": "error", "error": {"type": error_type(status), "message": message}}

    def system_texts(self, body: dict[str, Any]) -> list[str]:
        return [content_text(body.get("system"))]

    def message(self, body: dict[str, Any], text: str, usage: Usage) -> dict[str, Any]:
        return _message(new_id("msg_sim_"), body["model"], text, usage)

    def stream(
        self, body: dict[str, Any], text: str, usage: Usage, chunk_delay_s: float
    ) -> Iterator[str]:
        """The real API's event order; the start carries `output_tokens: 1` as the real one does,
        and `message_delta` carries the final output count."""
        start = _message(new_id("msg_sim_"), body["model"], None, Usage(usage.input_tokens, 1))
        yield sse({"type": "message_start", "message": start}, "message_start")
        block = {"type": "text", "text": ""}
        yield sse(
            {"type": "content_block_start", "index": 0, "content_block": block},
            "content_block_start",
        )
        yield sse({"type": "ping"}, "ping")
        for piece in paced(split(text), chunk_delay_s):
            delta = {"type": "text_delta", "text": piece}
            yield sse(
                {"type": "content_block_delta", "index": 0, "delta": delta}, "content_block_delta"
            )
        yield sse({"type": "content_block_stop", "index": 0}, "content_block_stop")
        yield sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": usage.output_tokens},
            },
            "message_delta",
        )
        yield sse({"type": "message_stop"}, "message_stop")


def _message(message_id: str, model: str, text: str | None, usage: Usage) -> dict[str, Any]:
    """A `Message`; `text=None` gives the empty, unfinished one that opens a stream."""
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [] if text is None else [{"type": "text", "text": text}],
        "stop_reason": None if text is None else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens},
    }


def register(app: Flask, state: SimulatorState) -> None:
    dialect = AnthropicDialect()

    def messages() -> Response:
        return serve_completion(state, dialect)

    app.add_url_rule("/v1/messages", "anthropic_messages", messages, methods=["POST"])
