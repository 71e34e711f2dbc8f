"""Presidio's REST services (the sidecar pattern): same findings and replacements, over HTTP."""

from __future__ import annotations

import requests

from sluice.config import PiiConfig
from workers.pii.engine import Finding

TIMEOUT_SECONDS = 10


class RemotePiiEngine:
    mode = "remote"

    def __init__(self, analyzer_url: str, anonymizer_url: str, config: PiiConfig) -> None:
        self.analyzer_url = analyzer_url.rstrip("/")
        self.anonymizer_url = anonymizer_url.rstrip("/")
        self.session = requests.Session()
        # The tenant's own recognizers travel with each call as Presidio's ad-hoc recognizers.
        self.ad_hoc = [{
            "name": f"config_{item.entity.lower()}", "supported_entity": item.entity,
            "supported_language": "en",
            "patterns": [{"name": f"{item.entity} {index}", "regex": pattern.regex,
                          "score": pattern.score} for index, pattern in enumerate(item.patterns)],
            "context": item.context, "deny_list": item.deny_list} for item in config.recognizers]

    def analyze(self, text: str, entities: tuple[str, ...], threshold: float) -> list[Finding]:
        answer = self.session.post(f"{self.analyzer_url}/analyze", timeout=TIMEOUT_SECONDS, json={
            "text": text, "language": "en", "entities": list(entities),
            "score_threshold": threshold, "ad_hoc_recognizers": self.ad_hoc})
        answer.raise_for_status()
        return [Finding(item["start"], item["end"], item["entity_type"], item["score"])
                for item in answer.json()]

    def replace(self, text: str, findings: list[Finding], labels: list[str]) -> str:
        answer = self.session.post(f"{self.anonymizer_url}/anonymize", timeout=TIMEOUT_SECONDS,
                                   json={
            "text": text,
            "analyzer_results": [{"start": f.start, "end": f.end, "score": f.score,
                                  "entity_type": label}
                                 for f, label in zip(findings, labels, strict=True)],
            "anonymizers": {label: {"type": "replace", "new_value": f"<{label}>"}
                            for label in labels}})
        answer.raise_for_status()
        return answer.json()["text"]
