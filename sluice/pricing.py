"""Cost of a call: tokens x price, from `genai-prices` unless config overrides the model."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from genai_prices import Usage as PriceUsage
from genai_prices import calc_price
from genai_prices.data import providers as price_catalog

from sluice.config import PriceOverride
from sluice.models import MONEY_PLACES

_MILLION = Decimal(1_000_000)
_QUANTUM = Decimal(1).scaleb(-MONEY_PLACES)


class UnknownPrice(LookupError):
    """No price for the model: a call is refused rather than made free by accident."""


def price_call(model: str, provider_kind: str, input_tokens: int, output_tokens: int,
               overrides: dict[str, PriceOverride]) -> Decimal:
    override = overrides.get(model)
    if override is not None:
        cost = (override.input_per_mtok * input_tokens
                + override.output_per_mtok * output_tokens) / _MILLION
    else:
        try:
            calculation = calc_price(
                PriceUsage(input_tokens=input_tokens, output_tokens=output_tokens),
                model_ref=model, provider_id=provider_kind)
        except LookupError as exc:
            raise UnknownPrice(f"no price known for model {model!r}; set one under `prices` "
                               "in sluice.yaml") from exc
        cost = Decimal(calculation.total_price)
    return cost.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


def priced_models(provider_id: str) -> list[str]:
    """Model ids `genai-prices` knows for a provider: what a glob route can really serve."""
    return [model.id for provider in price_catalog if provider.id == provider_id
            for model in provider.models]
