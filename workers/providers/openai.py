"""OpenAI Chat Completions adapter: OpenAI, xAI and any OpenAI-compatible server."""

from __future__ import annotations

from typing import Any

from sluice.chat import ChatRequest, ChatResponse
from sluice.dialects import openai as dialect
from workers.pipeline.routing import Backend
from workers.providers.http import BackendFailure, post_json, post_sse
from workers.providers.streaming import Emit, StreamAssembler


def _headers(backend: Backend) -> dict[str, str]:
    headers = {"content-type": "application/json"}
    if backend.provider.api_key:
        headers["authorization"] = f"Bearer {backend.provider.api_key}"
    return headers


def send(request: ChatRequest, backend: Backend) -> ChatResponse:
    body = post_json(f"{backend.provider.base_url}/chat/completions",
                     dialect.render_request(request, backend.model), _headers(backend),
                     backend.timeout_s, backend.name)
    return dialect.parse_response(body)


def stream(request: ChatRequest, backend: Backend, emit: Emit) -> ChatResponse:
    assembler = StreamAssembler(emit, backend.name)
    body = {**dialect.render_request(request, backend.model), "stream": True,
            "stream_options": {"include_usage": True}}
    finish, usage = None, None
    for _event, chunk in post_sse(f"{backend.provider.base_url}/chat/completions", body,
                                  _headers(backend), backend.timeout_s, backend.name):
        if chunk is None:
            break
        try:
            if assembler.start is None:
                assembler.feed({"type": "start", "id": chunk["id"], "model": chunk["model"],
                                "input_tokens": 0})
            usage = chunk.get("usage") or usage
            for choice in chunk.get("choices") or []:
                finish = choice.get("finish_reason") or finish
                for event in _neutral(choice.get("delta") or {}):
                    assembler.feed(event)
        except (KeyError, TypeError, AttributeError) as exc:
            raise BackendFailure(f"{backend.name}: malformed stream chunk "
                                 f"({exc.__class__.__name__})", retryable=True) from None
    if finish is None or usage is None:
        raise BackendFailure(f"{backend.name}: the stream ended without a finish and usage",
                             retryable=True)
    assembler.feed({"type": "stop", "stop_reason": dialect.stop_reason_of(finish),
                    "stop_sequence": None, "input_tokens": usage["prompt_tokens"],
                    "output_tokens": usage["completion_tokens"]})
    return assembler.response()


def _neutral(delta: dict[str, Any]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    if delta.get("content"):
        events.append({"type": "text", "text": delta["content"]})
    for call in delta.get("tool_calls") or []:
        function = call.get("function") or {}
        if call.get("id"):
            events.append({"type": "tool", "id": call["id"], "name": function["name"]})
        if function.get("arguments"):
            events.append({"type": "tool_args", "json": function["arguments"]})
    return events
