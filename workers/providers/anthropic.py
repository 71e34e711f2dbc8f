"""Anthropic Messages API adapter."""

from __future__ import annotations

from sluice.chat import ChatRequest, ChatResponse
from sluice.dialects import anthropic as dialect
from workers.pipeline.routing import Backend
from workers.providers.http import post_json

API_VERSION = "2023-06-01"


def send(request: ChatRequest, backend: Backend) -> ChatResponse:
    headers = {"anthropic-version": API_VERSION, "content-type": "application/json"}
    if backend.provider.api_key:
        headers["x-api-key"] = backend.provider.api_key
    body = post_json(f"{backend.provider.base_url}/v1/messages",
                     dialect.render_request(request, backend.model), headers,
                     backend.timeout_s, backend.name)
    return dialect.parse_response(body)
