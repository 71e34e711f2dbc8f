"""Route lookup: the first route whose model glob and header match fit names the backends."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fnmatch import fnmatchcase

from sluice.config import BackendConfig, ProviderConfig, RouteConfig, SluiceConfig
from sluice.errors import UnroutableRequest


@dataclass(frozen=True)
class Backend:
    """One place a request can go: a provider, the model name it expects, a timeout."""

    name: str
    provider: ProviderConfig
    model: str
    timeout_s: float

    @property
    def key(self) -> str:
        """What the circuit breaker and the attempt log call this backend."""
        return f"{self.name}/{self.model}"


def _matches(route: RouteConfig, model: str, headers: dict[str, str]) -> bool:
    if not fnmatchcase(model, route.model):
        return False
    wanted = route.match.headers if route.match else {}
    return all(headers.get(name.lower()) == value for name, value in wanted.items())


def resolve_backends(config: SluiceConfig, model: str, headers: dict[str, str],
                     split_seed: str = "") -> list[Backend]:
    """The backends to try in order; weight 0 takes a backend out of rotation."""
    for route in config.routes:
        if _matches(route, model, headers):
            ordered = weighted_order([b for b in route.backends if b.weight > 0], split_seed)
            return [Backend(name=backend.provider, provider=config.providers[backend.provider],
                            model=backend.model or model, timeout_s=backend.timeout_s)
                    for backend in ordered]
    raise UnroutableRequest(f"no route in sluice.yaml matches model {model!r}")


def weighted_order(backends: list[BackendConfig], split_seed: str) -> list[BackendConfig]:
    """Backends that set `weight` split traffic: they are drawn by weight, without
    replacement, ahead of the rest; backends without `weight` follow in listed order as
    fallbacks. The draw is seeded by the job id, so a job resumed after a backoff sees the
    same order and a split holds per job, not per try."""
    weighted = [b for b in backends if "weight" in b.model_fields_set]
    if len(weighted) < 2:
        return backends
    draw = random.Random(split_seed)
    ordered: list[BackendConfig] = []
    pool = list(weighted)
    while pool:
        pick = draw.choices(range(len(pool)), weights=[b.weight for b in pool])[0]
        ordered.append(pool.pop(pick))
    return ordered + [b for b in backends if "weight" not in b.model_fields_set]
