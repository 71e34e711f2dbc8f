"""Jobs written straight to the database, never published, for in-process pipeline runs."""

import dataclasses

import pytest

from sluice.config import SluiceConfig
from sluice.jobs import create_job
from sluice.submission import JobSubmission
from sluice.tenancy import authenticate
from workers.pipeline.claim import LeaseKeeper


@pytest.fixture
def make_job(runtime, tenant):
    def make(model: str = "claude-haiku-4-5", text: str = "hello", **fields) -> str:
        submission = JobSubmission.model_validate(
            {"model": model, "messages": [{"role": "user", "content": text}], **fields})
        with runtime.db.session() as session:
            caller = authenticate(session, tenant["key"])
            return create_job(session, runtime.cipher, caller, submission, {}).id
    return make


@pytest.fixture
def keeper(runtime):
    keeper = LeaseKeeper(runtime.db, runtime.settings.lease_seconds)
    keeper.start()
    yield keeper
    keeper.stop()


@pytest.fixture
def routed(runtime, sim):
    """A runtime whose config is given as a dict, with providers pointing at the simulator."""
    def with_config(routes: list, prices: dict | None = None, **providers):
        config = SluiceConfig.model_validate({
            "providers": providers or {
                "anthropic": {"kind": "anthropic", "base_url": sim, "api_key": "sk-ant-gw"},
                "openai": {"kind": "openai", "base_url": f"{sim}/v1", "api_key": "sk-oai-gw"},
                "dead": {"kind": "openai", "base_url": "http://127.0.0.1:9/v1"}},
            "routes": routes, "prices": prices or {}})
        return dataclasses.replace(runtime, config=config)
    return with_config
