"""`sluice.yaml`: providers, routes and policy defaults, validated at start.

A bad file must stop the process at start with the file, the key and the
reason, never surface at the first request.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sluice.settings import Settings

_ENV_REFERENCE = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)")


class ConfigError(Exception):
    def __init__(self, path: str, key: str, reason: str) -> None:
        super().__init__(f"{path}: {key}: {reason}")
        self.path, self.key, self.reason = path, key, reason


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProviderConfig(_Strict):
    kind: Literal["anthropic", "openai"]
    base_url: str
    api_key: str | None = None

    @model_validator(mode="after")
    def _blank_key_is_none(self) -> ProviderConfig:
        if self.api_key == "":
            object.__setattr__(self, "api_key", None)
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        return self


class BackendConfig(_Strict):
    provider: str
    model: str | None = None
    timeout_s: float = Field(default=60.0, gt=0)
    weight: float = Field(default=1.0, ge=0)


class RouteMatch(_Strict):
    headers: dict[str, str] = {}


class RouteConfig(_Strict):
    model: str
    match: RouteMatch | None = None
    backends: list[BackendConfig] = Field(min_length=1)


class RateLimit(_Strict):
    rpm: int | None = Field(default=None, gt=0)
    tpm: int | None = Field(default=None, gt=0)


class LimitsConfig(_Strict):
    """Defaults for every tenant; rules set through the admin api or CLI override them."""

    default: RateLimit = RateLimit(rpm=600, tpm=1_000_000)
    per_team: RateLimit = RateLimit()
    per_user: RateLimit = RateLimit()
    per_key: RateLimit = RateLimit()
    models: dict[str, RateLimit] = {}
    max_wait_s: int = Field(default=600, gt=0)
    max_queued_jobs: int = Field(default=100_000, gt=0)


class PiiPattern(_Strict):
    regex: str = Field(min_length=1)
    score: float = Field(default=0.6, gt=0, le=1)

    @model_validator(mode="after")
    def _compiles(self) -> PiiPattern:
        try:
            re.compile(self.regex)
        except re.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from None
        return self


class PiiRecognizerConfig(_Strict):
    """A tenant's own entity (account numbers, patient ids): patterns, context words, deny list."""

    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,63}$")
    patterns: list[PiiPattern] = []
    context: list[str] = []
    deny_list: list[str] = []

    @model_validator(mode="after")
    def _matches_something(self) -> PiiRecognizerConfig:
        if not self.patterns and not self.deny_list:
            raise ValueError("give patterns, a deny_list, or both")
        return self


class PiiConfig(_Strict):
    mode: Literal["redact", "pseudonymize", "block", "off"] = "redact"
    entities: list[str] = ["US_SSN", "CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER",
                           "PERSON", "LOCATION"]
    allow_override: bool = False
    score_threshold: float = Field(default=0.4, ge=0, le=1)
    recognizers: list[PiiRecognizerConfig] = []


class PriceOverride(_Strict):
    input_per_mtok: Decimal = Field(ge=0)
    output_per_mtok: Decimal = Field(ge=0)


class WebhooksConfig(_Strict):
    allow_hosts: list[str] = []


class FailoverConfig(_Strict):
    """Retries per backend, their backoff, and the circuit breaker shared by all workers."""

    max_tries: int = Field(default=3, ge=1, le=20)
    backoff_base_s: float = Field(default=0.5, gt=0)
    backoff_max_s: float = Field(default=30.0, gt=0)
    hold_thread_max_s: float = Field(default=2.0, ge=0)
    breaker_failures: int = Field(default=5, ge=1)
    breaker_window_s: float = Field(default=60.0, gt=0)
    breaker_cooldown_s: float = Field(default=30.0, gt=0)


class SluiceConfig(_Strict):
    providers: dict[str, ProviderConfig]
    routes: list[RouteConfig] = Field(min_length=1)
    limits: LimitsConfig = LimitsConfig()
    pii: PiiConfig = PiiConfig()
    prices: dict[str, PriceOverride] = {}
    webhooks: WebhooksConfig = WebhooksConfig()
    failover: FailoverConfig = FailoverConfig()

    def routed_header_names(self) -> set[str]:
        """The request headers some route matches on: the api keeps these with the job."""
        return {name.lower() for route in self.routes if route.match
                for name in route.match.headers}

    @model_validator(mode="after")
    def _backends_name_known_providers(self) -> SluiceConfig:
        for index, route in enumerate(self.routes):
            for position, backend in enumerate(route.backends):
                if backend.provider not in self.providers:
                    raise ConfigError(
                        "", f"routes.{index}.backends.{position}.provider",
                        f"unknown provider {backend.provider!r}; "
                        f"defined: {', '.join(sorted(self.providers)) or 'none'}")
        return self


def interpolate_env(value: Any) -> Any:
    """Replace `$NAME`, `${NAME}` and `${NAME:-default}` in every string of a YAML tree."""
    if isinstance(value, dict):
        return {key: interpolate_env(item) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate_env(item) for item in value]
    if isinstance(value, str):
        def substitute(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(3)
            return os.environ.get(name) or (match.group(2) or "")
        return _ENV_REFERENCE.sub(substitute, value)
    return value


def load_config_file(path: Path) -> SluiceConfig:
    shown = str(path)
    try:
        raw = yaml.safe_load(path.read_text())
    except OSError as exc:
        raise ConfigError(shown, "(file)", exc.strerror or str(exc)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(shown, "(yaml)", str(exc).replace("\n", " ")) from exc
    if not isinstance(raw, dict):
        raise ConfigError(shown, "(root)", "expected a mapping of sections")
    try:
        return SluiceConfig.model_validate(interpolate_env(raw))
    except ConfigError as exc:
        raise ConfigError(shown, exc.key, exc.reason) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(root)"
        raise ConfigError(shown, key, first["msg"]) from exc


def default_config(settings: Settings) -> SluiceConfig:
    """Real providers for the keys that are set; the simulator for the rest."""
    simulator = settings.simulator_url
    real = {"anthropic": "https://api.anthropic.com", "openai": "https://api.openai.com/v1",
            "xai": "https://api.x.ai/v1"}
    providers = {
        "anthropic": ProviderConfig(
            kind="anthropic", api_key=settings.provider_key("anthropic"),
            base_url=real["anthropic"] if settings.provider_key("anthropic") else simulator),
        "openai": ProviderConfig(
            kind="openai", api_key=settings.provider_key("openai"),
            base_url=real["openai"] if settings.provider_key("openai") else f"{simulator}/v1"),
    }
    routes = [RouteConfig(model="claude-*", backends=[BackendConfig(provider="anthropic")])]
    if settings.provider_key("xai"):
        providers["xai"] = ProviderConfig(kind="openai", base_url=real["xai"],
                                          api_key=settings.provider_key("xai"))
        routes.append(RouteConfig(model="grok-*", backends=[BackendConfig(provider="xai")]))
    routes.append(RouteConfig(model="*", backends=[BackendConfig(provider="openai")]))
    return SluiceConfig(providers=providers, routes=routes)


def load_config(settings: Settings) -> SluiceConfig:
    if settings.config_path is None:
        return default_config(settings)
    return load_config_file(settings.config_path)


@lru_cache(maxsize=1)
def get_config() -> SluiceConfig:
    from sluice.settings import get_settings

    return load_config(get_settings())
