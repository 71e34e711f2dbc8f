"""Everything the simulator remembers between requests, behind one lock.

The server is threaded, so config, fault scripts and the request log are shared by every
handler thread; all reads and writes go through `SimulatorState` so a fault entry is consumed
by exactly one request even when a benchmark fires many at once.
"""

import copy
import threading
import time
from dataclasses import dataclass
from typing import Any

DEFAULT_HANG_S = 30.0
FAULT_WORDS = ("timeout", "garbage")
_GLOBAL_KEYS = {"latency_ms", "models"}
_MODEL_KEYS = {"latency_ms", "chunk_delay_ms", "fail", "retry_after", "hang_s"}
_NUMBER_KEYS = ("latency_ms", "chunk_delay_ms", "retry_after", "hang_s")

Fault = int | str


class ConfigError(ValueError):
    """A `PUT /_sim/config` body the simulator refuses, so a typo fails loudly in the test."""


@dataclass(frozen=True)
class Plan:
    """How one request will be answered, decided atomically when it arrives."""

    latency_s: float
    chunk_delay_s: float
    fault: Fault | None
    retry_after: float | None
    hang_s: float


def default_config() -> dict[str, Any]:
    return {"latency_ms": 0, "models": {}}


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{where} must be a non-negative number")
    return value


def _fault(value: object, where: str) -> Fault:
    if isinstance(value, str) and value in FAULT_WORDS:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599:
        return value
    raise ConfigError(f"{where} must be an HTTP error status (400-599), 'timeout' or 'garbage'")


def _model_settings(name: str, raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigError(f"models.{name} must be an object")
    unknown = sorted(set(raw) - _MODEL_KEYS)
    if unknown:
        raise ConfigError(f"models.{name} has unknown keys {unknown}")
    settings = {
        key: _number(raw[key], f"models.{name}.{key}") for key in _NUMBER_KEYS if key in raw
    }
    if "fail" in raw:
        if not isinstance(raw["fail"], list):
            raise ConfigError(f"models.{name}.fail must be a list")
        settings["fail"] = [_fault(entry, f"models.{name}.fail[]") for entry in raw["fail"]]
    return settings


def validate_config(raw: object) -> dict[str, Any]:
    """Return a normalised copy of `raw`, with defaults filled in, or raise `ConfigError`."""
    if not isinstance(raw, dict):
        raise ConfigError("config must be a JSON object")
    unknown = sorted(set(raw) - _GLOBAL_KEYS)
    if unknown:
        raise ConfigError(f"unknown config keys {unknown}")
    models = raw.get("models", {})
    if not isinstance(models, dict):
        raise ConfigError("models must be an object keyed by model name")
    return {
        "latency_ms": _number(raw.get("latency_ms", 0), "latency_ms"),
        "models": {name: _model_settings(name, settings) for name, settings in models.items()},
    }


class SimulatorState:
    """Config, fault scripts and request log of one simulator app instance.

    Fault scripts live inside the config itself (`models.<name>.fail`) and shrink as entries
    are consumed, so `GET /_sim/config` shows what is still pending.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config = default_config()
        self._requests: list[dict[str, Any]] = []
        self._release = threading.Event()

    def config(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._config)

    def replace_config(self, config: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._config = copy.deepcopy(config)
            return copy.deepcopy(self._config)

    def record(self, path: str, headers: dict[str, str], body: Any) -> None:
        entry = {"path": path, "headers": headers, "body": body, "received_at": time.time()}
        with self._lock:
            self._requests.append(entry)

    def requests(self) -> list[dict[str, Any]]:
        """A snapshot of the log; entries are never mutated after being recorded."""
        with self._lock:
            return list(self._requests)

    def reset(self) -> None:
        """Forget log and config, and free requests held by a `timeout` fault.

        Releasing held requests keeps one test's hanging request from outliving its test.
        """
        with self._lock:
            self._requests.clear()
            self._config = default_config()
            self._release.set()
            self._release = threading.Event()

    def plan(self, model: str) -> Plan:
        """Decide the outcome for a request to `model`, consuming its next scripted fault."""
        with self._lock:
            models = self._config["models"]
            settings = models[model] if model in models else models.get("*", {})
            script = settings.get("fail")
            return Plan(
                latency_s=settings.get("latency_ms", self._config["latency_ms"]) / 1000,
                chunk_delay_s=settings.get("chunk_delay_ms", 0) / 1000,
                fault=script.pop(0) if script else None,
                retry_after=settings.get("retry_after"),
                hang_s=settings.get("hang_s", DEFAULT_HANG_S),
            )

    def hang(self, seconds: float) -> None:
        """Block for `seconds`, or until `reset()` is called."""
        with self._lock:
            release = self._release
        release.wait(seconds)
