"""Benchmark 4: the PII stage per prompt size (p50, p99) and worker memory with Presidio,
beside plain default Presidio (full spaCy pipeline, default recognizers) on the same prompts.

`python -m tests.benchmarks.pii` (`make pii-bench`) prints these rows alone.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from sluice.chat import ChatRequest
from sluice.pii_policy import EffectivePolicy
from tests.pii_eval import load_cases
from workers.pipeline.pii import redact_request

SIZES = (200, 1024, 4096)
PROMPTS_PER_SIZE = 200
POLICY = EffectivePolicy("redact", ("US_SSN", "CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER",
                                    "PERSON", "LOCATION"), 0.4, False)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def prompts(size: int, count: int, tag: str = "") -> list[str]:
    """Distinct prompts of about `size` characters from the labelled cases; a distinct `tag`
    per row keeps one row's prompts out of the segment cache of another."""
    cases = [case["text"] for case in load_cases()]
    made, cursor = [], 0
    while len(made) < count:
        text = f"[{tag}{len(made)}] "
        while len(text) < size:
            text += cases[cursor % len(cases)] + " "
            cursor += 7
        made.append(text[:size])
    return made


def _request(system: str | None, text: str) -> ChatRequest:
    return ChatRequest(model="m", system=system,
                       messages=[{"role": "user", "content": [{"type": "text", "text": text}]}])


def stage_ms(engine, requests: list[ChatRequest]) -> list[float]:
    times = []
    for request in requests:
        started = time.perf_counter()
        redact_request(engine, request, POLICY)
        times.append((time.perf_counter() - started) * 1000)
    return times


def plain_ms(plain, anonymizer, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        found = plain.analyzer.analyze(text=text, language="en", entities=list(POLICY.entities),
                                       score_threshold=POLICY.score_threshold)
        anonymizer.anonymize(text=text, analyzer_results=found)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100)[q - 1]


def rows() -> list[tuple[str, str, str, float]]:
    from presidio_anonymizer import AnonymizerEngine

    from tests.pii_eval.baseline import PlainPresidio, sluice_engine

    before = _rss_mb()
    engine = sluice_engine()
    loaded = _rss_mb()
    plain, anonymizer = PlainPresidio(), AnonymizerEngine()
    table = []
    for size in SIZES:
        texts = prompts(size, PROMPTS_PER_SIZE)
        ours = stage_ms(engine, [_request(None, text) for text in texts])
        base = plain_ms(plain, anonymizer, texts)
        table.append((f"4. PII stage, {size} B prompt, all distinct",
                      f"p50 {_p(ours, 50):.1f} ms, p99 {_p(ours, 99):.1f} ms",
                      f"p50 {_p(base, 50):.1f} ms, p99 {_p(base, 99):.1f} ms (plain Presidio)",
                      _p(ours, 50) / _p(base, 50)))
    shared = prompts(824, 1, "system")[0]
    texts = prompts(200, PROMPTS_PER_SIZE, "user")
    ours = stage_ms(engine, [_request(shared, text) for text in texts])
    base = plain_ms(plain, anonymizer, [shared + "\n\n" + text for text in texts])
    table.append(("4. PII stage, 1 KB = shared 824 B system + 200 B user",
                  f"p50 {_p(ours, 50):.1f} ms, p99 {_p(ours, 99):.1f} ms",
                  f"p50 {_p(base, 50):.1f} ms, p99 {_p(base, 99):.1f} ms (plain Presidio)",
                  _p(ours, 50) / _p(base, 50)))
    table.append(("4. worker memory with Presidio + model (RSS)",
                  f"{loaded:.0f} MB ({loaded - before:+.0f} MB for the engine)",
                  f"{before:.0f} MB before loading", loaded / before))
    return table


if __name__ == "__main__":
    from tests.benchmarks.__main__ import _print_table

    _print_table(rows())
