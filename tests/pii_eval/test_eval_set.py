"""The labelled set is well formed, and the engine's leak share does not regress."""

from sluice.config import PiiConfig
from tests.pii_eval import load_cases
from tests.pii_eval.__main__ import score
from tests.pii_eval.baseline import sluice_engine


def test_the_set_has_enough_labelled_cases_and_hard_negatives():
    cases = load_cases()
    assert len(cases) >= 150 and len({case["id"] for case in cases}) == len(cases)
    assert sum(1 for case in cases if not case["spans"]) >= 20
    for case in cases:
        for span in case["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(case["text"]), case["id"]
            assert case["text"][span["start"]:span["end"]].strip() == \
                case["text"][span["start"]:span["end"]], case["id"]


def test_under_three_percent_of_pii_spans_would_reach_the_provider():
    result = score(sluice_engine(), load_cases(), PiiConfig())
    assert result["leaked"] / result["gold"] < 0.03, result["leaks"]
    assert result["false_redactions"] / result["predicted"] < 0.10
