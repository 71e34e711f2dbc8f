"""Rate-limit rules: what the admin api and CLI set, and what applies to one job."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from sqlalchemy import select
from sqlalchemy.orm import Session

from sluice.config import LimitsConfig, RateLimit
from sluice.errors import InvalidParams
from sluice.models import RateLimitRule, Tenant

SCOPES = ("tenant", "team", "user", "key", "model")
MAX_PER_MINUTE = 2_000_000_000  # the columns are 32-bit integers


@dataclass(frozen=True)
class Subject:
    """One limited thing a job counts against, e.g. (`team`, `research`)."""

    scope: str
    subject: str


def put_rule(session: Session, tenant: Tenant, scope: str, subject: str | None,
             rpm: int | None, tpm: int | None) -> RateLimitRule:
    if scope not in SCOPES:
        raise InvalidParams(f"scope: expected one of {', '.join(SCOPES)}")
    if any(value is not None and not 0 < value <= MAX_PER_MINUTE for value in (rpm, tpm)):
        raise InvalidParams(f"rpm and tpm must be in 1..{MAX_PER_MINUTE} (or null for no limit)")
    subject = tenant.slug if scope == "tenant" else (subject or "")
    if not subject:
        raise InvalidParams(f"subject: required for scope {scope!r}")
    rule = session.scalar(select(RateLimitRule).where(
        RateLimitRule.tenant_id == tenant.id, RateLimitRule.scope == scope,
        RateLimitRule.subject == subject))
    if rule is None:
        rule = RateLimitRule(tenant_id=tenant.id, scope=scope, subject=subject)
        session.add(rule)
    rule.rpm, rule.tpm = rpm, tpm
    session.flush()
    return rule


def rule_view(rule: RateLimitRule) -> dict:
    return {"scope": rule.scope, "subject": rule.subject, "rpm": rule.rpm, "tpm": rule.tpm}


def job_subjects(tenant_slug: str, team: str | None, user: str | None, key_id: str,
                 model: str) -> list[Subject]:
    subjects = [Subject("tenant", tenant_slug), Subject("key", key_id), Subject("model", model)]
    if team:
        subjects.append(Subject("team", team))
    if user:
        subjects.append(Subject("user", user))
    return subjects


def effective_limits(rules: dict[Subject, RateLimit], defaults: LimitsConfig,
                     subjects: list[Subject]) -> dict[Subject, RateLimit]:
    """A rule from the database wins; otherwise the sluice.yaml default for that scope."""
    fallback = {"tenant": defaults.default, "team": defaults.per_team,
                "user": defaults.per_user, "key": defaults.per_key}
    limits = {}
    for subject in subjects:
        limit = rules.get(subject)
        if limit is None and subject.scope == "model":
            limit = next((value for pattern, value in defaults.models.items()
                          if fnmatchcase(subject.subject, pattern)), None)
        elif limit is None:
            limit = fallback[subject.scope]
        if limit is not None and (limit.rpm or limit.tpm):
            limits[subject] = limit
    return limits


def tenant_rules(session: Session, tenant_id: str) -> dict[Subject, RateLimit]:
    return {Subject(rule.scope, rule.subject): RateLimit(rpm=rule.rpm, tpm=rule.tpm)
            for rule in session.scalars(
                select(RateLimitRule).where(RateLimitRule.tenant_id == tenant_id))}
