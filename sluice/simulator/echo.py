"""The simulated model: a deterministic echo whose usage a test can compute by hand.

Token counts are ceil(characters / 4) so budget and pricing tests can predict exact numbers
without a tokenizer.
"""

import json
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

ECHO_PREFIX = "echo: "
STREAM_PIECES = 4


@dataclass(frozen=True)
class Usage:
    input_tokens: int
    output_tokens: int


def tokens(text_chars: int) -> int:
    return -(-text_chars // 4)


def content_text(content: object) -> str:
    """Text of a message `content`, in either dialect's shape.

    A string is taken as is; a list keeps only `text` blocks, joined with no separator, so
    images or tool blocks neither count as tokens nor break the echo.
    """
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            block["text"]
            for block in content
            if isinstance(block, dict)
            and block.get("type") == "text"
            and isinstance(block.get("text"), str)
        )
    return ""


def answer(messages: list[dict[str, Any]], extra_prompt: list[str]) -> tuple[str, Usage]:
    """The echo of the last user message, and usage over `extra_prompt` plus every message."""
    user_texts = [content_text(m.get("content")) for m in messages if m.get("role") == "user"]
    text = ECHO_PREFIX + (user_texts[-1] if user_texts else "")
    prompt = extra_prompt + [content_text(m.get("content")) for m in messages]
    return text, Usage(tokens(sum(map(len, prompt))), tokens(len(text)))


def split(text: str, pieces: int = STREAM_PIECES) -> list[str]:
    """Cut `text` into at most `pieces` consecutive parts, so streams carry several deltas."""
    size = max(1, -(-len(text) // pieces))
    return [text[i : i + size] for i in range(0, len(text), size)]


def paced(items: Iterable[str], delay_s: float) -> Iterator[str]:
    """Yield `items` with `delay_s` between consecutive ones, to simulate slow token output."""
    for index, item in enumerate(items):
        if index and delay_s:
            time.sleep(delay_s)
        yield item


def sse(data: dict[str, Any], event: str | None = None) -> str:
    line = f"data: {json.dumps(data)}\n\n"
    return f"event: {event}\n{line}" if event else line


def new_id(prefix: str) -> str:
    return prefix + secrets.token_hex(12)
