"""`make pii-eval`: per-entity precision and recall, and the share of PII spans that would
reach the provider, for sluice's engine beside plain default Presidio on the same model.

A gold span leaks when any of its letters or digits is left outside every redacted span (a
half-redacted "Jan <PERSON>" leaks). A finding is correct when it overlaps a gold span of the
same entity; a finding that overlaps no gold span at all is a false redaction.
"""

from __future__ import annotations

import sys
from collections import Counter

from sluice.config import PiiConfig
from tests.pii_eval import SETS, load_cases
from tests.pii_eval.baseline import PlainPresidio, sluice_engine
from workers.pii.placeholders import non_overlapping


def score(engine, cases: list[dict], config: PiiConfig) -> dict:
    entities = tuple(config.entities)
    tp, fp, fn = Counter(), Counter(), Counter()
    leaked, gold_total, false_redactions, predicted_total = 0, 0, 0, 0
    leaks: list[str] = []
    for case in cases:
        text, gold = case["text"], case["spans"]
        found = non_overlapping(engine.analyze(text, entities, config.score_threshold))
        covered = set()
        for finding in found:
            covered.update(range(finding.start, finding.end))
        for span in gold:
            gold_total += 1
            same = [f for f in found if f.entity == span["entity"]
                    and f.start < span["end"] and f.end > span["start"]]
            (tp if same else fn)[span["entity"]] += 1
            if any(text[i].isalnum() and i not in covered
                   for i in range(span["start"], span["end"])):
                leaked += 1
                leaks.append(f"{case['id']} {span['entity']}")
        for finding in found:
            predicted_total += 1
            if not any(finding.start < s["end"] and finding.end > s["start"] for s in gold):
                false_redactions += 1
                fp[finding.entity] += 1
            elif not any(finding.entity == s["entity"] and finding.start < s["end"]
                         and finding.end > s["start"] for s in gold):
                fp[finding.entity] += 1
    return {"tp": tp, "fp": fp, "fn": fn, "leaked": leaked, "gold": gold_total,
            "false_redactions": false_redactions, "predicted": predicted_total, "leaks": leaks}


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def print_report(name: str, result: dict, entities: list[str]) -> None:
    print(f"\n{name}")
    print("| entity | precision | recall | gold spans |")
    print("|---|---|---|---|")
    for entity in entities:
        tp, fp, fn = result["tp"][entity], result["fp"][entity], result["fn"][entity]
        print(f"| {entity} | {_ratio(tp, tp + fp)} | {_ratio(tp, tp + fn)} | {tp + fn} |")
    print(f"PII spans reaching the provider: {result['leaked']}/{result['gold']} "
          f"({100 * result['leaked'] / result['gold']:.2f}%)")
    print(f"false redactions (findings on no PII): {result['false_redactions']}/"
          f"{result['predicted']} ({100 * result['false_redactions'] / result['predicted']:.1f}%)")


def main() -> None:
    config = PiiConfig()
    ours, plain = sluice_engine(), PlainPresidio()
    print(f"entities {', '.join(config.entities)}; threshold {config.score_threshold}")
    for title, path in SETS:
        if not path.exists():
            continue
        cases = load_cases(path)
        print(f"\n## {title}: {len(cases)} cases, "
              f"{sum(len(c['spans']) for c in cases)} labelled PII spans, "
              f"{sum(1 for c in cases if not c['spans'])} cases without PII")
        result = score(ours, cases, config)
        print_report("sluice (NER-only pipeline + name, place, field and pattern recognizers)",
                     result, config.entities)
        print_report("plain default Presidio, same model", score(plain, cases, config),
                     config.entities)
        if "-v" in sys.argv:
            print("\nleaked:", ", ".join(result["leaks"]))


if __name__ == "__main__":
    main()
