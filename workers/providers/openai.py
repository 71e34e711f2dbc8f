"""OpenAI Chat Completions adapter: OpenAI, xAI and any OpenAI-compatible server."""

from __future__ import annotations

from sluice.chat import ChatRequest, ChatResponse
from sluice.dialects import openai as dialect
from workers.pipeline.routing import Backend
from workers.providers.http import post_json


def send(request: ChatRequest, backend: Backend) -> ChatResponse:
    headers = {"content-type": "application/json"}
    if backend.provider.api_key:
        headers["authorization"] = f"Bearer {backend.provider.api_key}"
    body = post_json(f"{backend.provider.base_url}/chat/completions",
                     dialect.render_request(request, backend.model), headers,
                     backend.timeout_s, backend.name)
    return dialect.parse_response(body)
