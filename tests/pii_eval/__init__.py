"""Labelled PII evaluation sets and their scorer (`make pii-eval`).

Twenty-one sets, each written by someone who had not read the recognizers (except the
first):
- `cases.jsonl`: the recognizers were built against it (in-sample).
- `dev1.jsonl`: written blind; its misses were then studied and fixed.
- `dev2.jsonl` to `dev11.jsonl`: each written blind after the one before, scored once (8.8%,
  11.2%, 10.5%, 15.2%, 9.5%, 12.9%, 8.4%, 10.4%, 8.2% and 10.8% of spans leaked at first
  sight), then studied and fixed.
- `blind.jsonl`: written blind after dev11, scored when it arrived (9.4%), never studied;
  its totals were scored again at the end of each later session (8.9%, 7.8%, 7.8% with
  postcodes labelled, 7.4%, 7.0%, 6.9%, 6.5%, then 6.5%).
- `dev12.jsonl`: written blind after that as "blind2", scored once (8.4%), then studied and
  fixed.
- `dev13.jsonl`: written blind as "blind3" while dev12 was studied, scored when it arrived
  halfway through that session (9.0%; the session's starting code 9.3%) and at its end
  (8.3%), then studied and fixed.
- `dev14.jsonl`: written blind as "blind4" while dev13 was studied, with postcodes
  labelled; scored when it arrived, late in that session (8.7%; the session's starting code,
  which took no postcodes, 12.8%), then studied and fixed.
- `dev15.jsonl`: written blind as "blind5" while dev14 was studied; scored when it arrived,
  early in that session (5.2%; the session's starting code 5.7%) and at its end (5.3%), then
  studied and fixed. Four names its writer left unlabelled were labelled when it was
  studied ("or Callum on 07823...", "Notes: Jonas holds...").
- `dev16.jsonl`: written blind as "blind6" while dev15 was studied; scored when it arrived,
  early in that session (7.1%; the session's starting code 7.5%) and at its end (6.9%), then
  studied and fixed.
- `dev17.jsonl`: written blind as "blind7" while dev16 was studied; scored when it arrived,
  early in that session (7.8%; the session's starting code 8.0%) and at its end (7.3%),
  then studied and fixed. Its writer left usernames unlabelled ("dougie_mcr"), where
  dev16's labelled them as names.
- `dev18.jsonl`: written blind as "blind8" while dev17 was studied, by a writer told to make
  it hard (titles, handles with "@", company lines and business addresses labelled, initials
  alone, first names that are words: "Will", "Summer", "Cash"; famous people and the cities
  of company sites left unlabelled); scored when it arrived, early in that session (11.9%;
  the session's starting code 13.5%) and at its end (10.6%), then studied and fixed.
- `blind9.jsonl`: written blind while dev18 was studied, more than half of it in languages
  other than English (33 of them), titles outside the span, inflected names and places
  labelled whole ("Gdańsku"), employer and vendor cities unlabelled; scored when it arrived,
  halfway through that session (12.6%; the session's starting code 12.9%) and at its end
  (11.5%), never studied.
The blind sets are the honest numbers. When their misses get studied, they become dev sets
and new blind sets are written.

Each line: an `id`, a realistic prompt `text`, and the PII `spans` in it (`start`, `end`,
`entity`). A postcode is part of the place it narrows down, labelled LOCATION ("B60 1QP",
"NJ 07450", "1016 GC"). The sets older than dev13 were written without postcodes; a script
added them (on the dev sets with each addition checked by eye, on the blind set unseen).
Hard negatives carry no spans: order and invoice numbers shaped like SSNs, dates, versions,
common words that are also first names ("Will", "June", "bill", "Rose").
"""

from __future__ import annotations

import json
from pathlib import Path

CASES = Path(__file__).with_name("cases.jsonl")
DEV1 = Path(__file__).with_name("dev1.jsonl")
DEV2 = Path(__file__).with_name("dev2.jsonl")
DEV3 = Path(__file__).with_name("dev3.jsonl")
DEV4 = Path(__file__).with_name("dev4.jsonl")
DEV5 = Path(__file__).with_name("dev5.jsonl")
DEV6 = Path(__file__).with_name("dev6.jsonl")
DEV7 = Path(__file__).with_name("dev7.jsonl")
DEV8 = Path(__file__).with_name("dev8.jsonl")
DEV9 = Path(__file__).with_name("dev9.jsonl")
DEV10 = Path(__file__).with_name("dev10.jsonl")
DEV11 = Path(__file__).with_name("dev11.jsonl")
DEV12 = Path(__file__).with_name("dev12.jsonl")
BLIND = Path(__file__).with_name("blind.jsonl")
BLIND9 = Path(__file__).with_name("blind9.jsonl")
DEV13 = Path(__file__).with_name("dev13.jsonl")
DEV14 = Path(__file__).with_name("dev14.jsonl")
DEV15 = Path(__file__).with_name("dev15.jsonl")
DEV16 = Path(__file__).with_name("dev16.jsonl")
DEV17 = Path(__file__).with_name("dev17.jsonl")
DEV18 = Path(__file__).with_name("dev18.jsonl")
SETS = (("in-sample: the recognizers were built against it", CASES),
        ("development 1: written blind, then its misses studied and fixed", DEV1),
        ("development 2: written blind, scored once (8.8% leaked), then studied and fixed", DEV2),
        ("development 3: written blind, scored once (11.2% leaked), then studied and fixed", DEV3),
        ("development 4: written blind, scored once (10.5% leaked), then studied and fixed", DEV4),
        ("development 5: written blind, scored once (15.2% leaked), then studied and fixed", DEV5),
        ("development 6: written blind, scored once (9.5% leaked), then studied and fixed", DEV6),
        ("development 7: written blind, scored once (12.9% leaked), then studied and fixed", DEV7),
        ("development 8: written blind, scored once (8.4% leaked), then studied and fixed", DEV8),
        ("development 9: written blind, scored once (10.4% leaked), then studied and fixed", DEV9),
        ("development 10: written blind, scored once (8.2% leaked), then studied and fixed", DEV10),
        ("development 11: written blind, scored once (10.8% leaked), then studied and fixed",
         DEV11),
        ("development 12: written blind, scored once (8.4% leaked), then studied and fixed",
         DEV12),
        ("development 13: written blind, scored once (8.3% leaked), then studied and fixed",
         DEV13),
        ("development 14: written blind, scored once (8.7% leaked), then studied and fixed",
         DEV14),
        ("development 15: written blind, scored once (5.3% leaked), then studied and fixed",
         DEV15),
        ("development 16: written blind, scored once (6.9% leaked), then studied and fixed",
         DEV16),
        ("development 17: written blind, scored once (7.3% leaked), then studied and fixed",
         DEV17),
        ("development 18: written blind, scored once (10.6% leaked), then studied and fixed",
         DEV18),
        ("blind test: written blind, never studied", BLIND),
        ("blind test 9: written blind, never studied", BLIND9))


def load_cases(path: Path = CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
