"""Anthropic Messages API adapter."""

from __future__ import annotations

from typing import Any

from sluice.chat import ChatRequest, ChatResponse
from sluice.dialects import anthropic as dialect
from workers.pipeline.routing import Backend
from workers.providers.http import BackendFailure, post_json, post_sse
from workers.providers.streaming import Emit, StreamAssembler

API_VERSION = "2023-06-01"


def _headers(backend: Backend) -> dict[str, str]:
    headers = {"anthropic-version": API_VERSION, "content-type": "application/json"}
    if backend.provider.api_key:
        headers["x-api-key"] = backend.provider.api_key
    return headers


def send(request: ChatRequest, backend: Backend) -> ChatResponse:
    body = post_json(f"{backend.provider.base_url}/v1/messages",
                     dialect.render_request(request, backend.model), _headers(backend),
                     backend.timeout_s, backend.name)
    return dialect.parse_response(body)


def stream(request: ChatRequest, backend: Backend, emit: Emit) -> ChatResponse:
    assembler = StreamAssembler(emit, backend.name)
    body = {**dialect.render_request(request, backend.model), "stream": True}
    input_tokens = 0
    for _event, data in post_sse(f"{backend.provider.base_url}/v1/messages", body,
                                 _headers(backend), backend.timeout_s, backend.name):
        for event in _neutral(data, backend.name):
            if event["type"] == "start":
                input_tokens = event["input_tokens"]
            if event["type"] == "stop":
                event["input_tokens"] = event["input_tokens"] or input_tokens
            assembler.feed(event)
    return assembler.response()


def _neutral(data: Any, provider: str) -> list[dict[str, Any]]:
    try:
        kind = data["type"]
        if kind == "message_start":
            message = data["message"]
            return [{"type": "start", "id": message["id"], "model": message["model"],
                     "input_tokens": message["usage"]["input_tokens"]}]
        if kind == "content_block_start":
            block = data["content_block"]
            if block["type"] == "tool_use":
                return [{"type": "tool", "id": block["id"], "name": block["name"]}]
            return [{"type": "text", "text": block["text"]}] if block.get("text") else []
        if kind == "content_block_delta":
            delta = data["delta"]
            if delta["type"] == "text_delta":
                return [{"type": "text", "text": delta["text"]}]
            if delta["type"] == "input_json_delta":
                return [{"type": "tool_args", "json": delta["partial_json"]}]
            return []
        if kind == "message_delta":
            return [{"type": "stop", "stop_reason": data["delta"].get("stop_reason"),
                     "stop_sequence": data["delta"].get("stop_sequence"),
                     "input_tokens": data["usage"].get("input_tokens") or 0,
                     "output_tokens": data["usage"]["output_tokens"]}]
        if kind == "error":
            raise BackendFailure(f"{provider}: stream error {data['error'].get('type', '')}",
                                 retryable=True)
        return []
    except (KeyError, TypeError) as exc:
        raise BackendFailure(f"{provider}: malformed stream event ({exc.__class__.__name__})",
                             retryable=True) from None
