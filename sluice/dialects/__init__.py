"""Anthropic Messages and OpenAI Chat Completions, each translated to and from `sluice.chat`."""

from types import ModuleType

from sluice.dialects import anthropic, openai

DIALECTS: dict[str, ModuleType] = {"anthropic": anthropic, "openai": openai}
