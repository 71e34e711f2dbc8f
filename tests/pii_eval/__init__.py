"""Labelled PII evaluation sets and their scorer (`make pii-eval`).

Three sets, in the order they were written: `cases.jsonl` (the recognizers were built against
it), `holdout.jsonl` (written by someone who had not read the recognizers; its misses were then
studied, so it is a development set now) and `blind.jsonl` (written the same way afterwards,
scored once and never tuned on: the honest number).

Each line: an `id`, a realistic prompt `text`, and the PII `spans` in it (`start`, `end`,
`entity`). Hard negatives carry no spans: order and invoice numbers shaped like SSNs, dates,
versions, common words that are also first names ("Will", "June", "bill", "Rose").
"""

from __future__ import annotations

import json
from pathlib import Path

CASES = Path(__file__).with_name("cases.jsonl")
HOLDOUT = Path(__file__).with_name("holdout.jsonl")
BLIND = Path(__file__).with_name("blind.jsonl")
SETS = (("in-sample: the recognizers were built against it", CASES),
        ("development: written blind, then its misses studied and fixed", HOLDOUT),
        ("blind test: written blind and scored once, never tuned on", BLIND))


def load_cases(path: Path = CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
