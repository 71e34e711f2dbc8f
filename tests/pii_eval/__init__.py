"""Labelled PII evaluation set (`cases.jsonl`) and its scorer (`make pii-eval`).

Each line: an `id`, a realistic prompt `text`, and the PII `spans` in it (`start`, `end`,
`entity`). Hard negatives carry no spans: order and invoice numbers shaped like SSNs, dates,
versions, common words that are also first names ("Will", "June", "bill", "Rose").
"""

from __future__ import annotations

import json
from pathlib import Path

CASES = Path(__file__).with_name("cases.jsonl")


def load_cases() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]
