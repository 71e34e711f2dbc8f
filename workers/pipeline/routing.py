"""Route lookup: the first route whose model glob and header match fit names the backends."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from sluice.config import ProviderConfig, RouteConfig, SluiceConfig
from sluice.errors import UnroutableRequest


@dataclass(frozen=True)
class Backend:
    """One place a request can go: a provider, the model name it expects, a timeout."""

    name: str
    provider: ProviderConfig
    model: str
    timeout_s: float


def _matches(route: RouteConfig, model: str, headers: dict[str, str]) -> bool:
    if not fnmatchcase(model, route.model):
        return False
    wanted = route.match.headers if route.match else {}
    return all(headers.get(name.lower()) == value for name, value in wanted.items())


def resolve_backends(config: SluiceConfig, model: str, headers: dict[str, str]) -> list[Backend]:
    """The backends to try in order; weight 0 takes a backend out of rotation."""
    for route in config.routes:
        if _matches(route, model, headers):
            return [Backend(name=backend.provider, provider=config.providers[backend.provider],
                            model=backend.model or model, timeout_s=backend.timeout_s)
                    for backend in route.backends if backend.weight > 0]
    raise UnroutableRequest(f"no route in sluice.yaml matches model {model!r}")

