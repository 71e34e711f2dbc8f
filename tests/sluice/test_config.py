"""sluice.yaml: interpolation, validation errors naming file/key/reason, the default."""

import pytest

from sluice.config import ConfigError, load_config, load_config_file
from sluice.settings import Settings

GOOD = """
providers:
  anthropic: {kind: anthropic, base_url: "https://api.anthropic.com/", api_key: "$TEST_ANT_KEY"}
  local:     {kind: openai, base_url: "${LOCAL_URL:-http://127.0.0.1:11434/v1}"}
routes:
  - model: "claude-haiku-4-5"
    match: {headers: {x-user-tier: premium}}
    backends:
      - {provider: anthropic, model: "claude-haiku-4-5-20251001", timeout_s: 30}
      - {provider: local, model: "llama3"}
  - model: "*"
    backends: [{provider: local}]
prices: {"llama3": {input_per_mtok: "0.10", output_per_mtok: "0.20"}}
"""


def test_a_good_file_loads_with_env_interpolation(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_ANT_KEY", "sk-ant-123")
    monkeypatch.delenv("LOCAL_URL", raising=False)
    path = tmp_path / "sluice.yaml"
    path.write_text(GOOD)
    config = load_config_file(path)
    assert config.providers["anthropic"].api_key == "sk-ant-123"
    assert config.providers["anthropic"].base_url == "https://api.anthropic.com"
    assert config.providers["local"].base_url == "http://127.0.0.1:11434/v1"
    assert config.providers["local"].api_key is None
    assert config.routes[0].backends[0].timeout_s == 30
    assert str(config.prices["llama3"].input_per_mtok) == "0.10"
    assert config.routed_header_names() == {"x-user-tier"}


def test_an_unset_key_variable_means_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv("TEST_ANT_KEY", raising=False)
    path = tmp_path / "sluice.yaml"
    path.write_text(GOOD)
    assert load_config_file(path).providers["anthropic"].api_key is None


def _one_route(provider: str, backend: str) -> str:
    return f"providers: {{a: {{{provider}}}}}\nroutes: [{{model: '*', backends: [{{{backend}}}]}}]"


@pytest.mark.parametrize("text, key, reason", [
    ("providers: {}\nroutes: []\n", "routes", "at least 1"),
    (_one_route("kind: nope, base_url: x", "provider: a"),
     "providers.a.kind", "'anthropic' or 'openai'"),
    (_one_route("kind: openai, base_url: x", "provider: b"),
     "routes.0.backends.0.provider", "unknown provider 'b'"),
    (_one_route("kind: openai, base_url: x", "provider: a, timeout_s: -1"),
     "routes.0.backends.0.timeout_s", "greater than 0"),
    (_one_route("kind: openai, base_url: x, colour: red", "provider: a"),
     "providers.a.colour", "Extra inputs"),
    ("routes: [\n", "(yaml)", ""),
    ("- just a list\n", "(root)", "mapping"),
])
def test_a_bad_file_fails_naming_file_key_and_reason(tmp_path, text, key, reason):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as failure:
        load_config_file(path)
    assert failure.value.path == str(path)
    assert failure.value.key == key
    assert reason in failure.value.reason
    assert str(path) in str(failure.value)


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="No such file"):
        load_config(Settings(SLUICE_CONFIG=str(tmp_path / "absent.yaml")))


def test_default_sends_everything_to_the_simulator_without_keys():
    config = load_config(Settings(SLUICE_SIMULATOR_URL="http://127.0.0.1:8100"))
    assert config.providers["anthropic"].base_url == "http://127.0.0.1:8100"
    assert config.providers["openai"].base_url == "http://127.0.0.1:8100/v1"
    assert [(route.model, route.backends[0].provider) for route in config.routes] == [
        ("claude-*", "anthropic"), ("*", "openai")]


def test_default_switches_a_provider_to_the_real_api_when_its_key_is_set():
    config = load_config(Settings(ANTHROPIC_API_KEY="sk-ant-real", XAI_API_KEY="xai-real"))
    assert config.providers["anthropic"].base_url == "https://api.anthropic.com"
    assert config.providers["anthropic"].api_key == "sk-ant-real"
    assert config.providers["openai"].base_url.endswith("/v1")
    assert "127.0.0.1" in config.providers["openai"].base_url
    assert ("grok-*", "xai") in [(r.model, r.backends[0].provider) for r in config.routes]


def test_app_refuses_to_start_on_a_bad_config(tmp_path, test_env):
    from api import create_app

    path = tmp_path / "sluice.yaml"
    path.write_text("providers: {}\nroutes: []\n")
    with pytest.raises(ConfigError, match="routes"):
        create_app(Settings(SLUICE_CONFIG=str(path)))
