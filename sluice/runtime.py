"""The long-lived handles one process holds, built once by the api factory or a worker."""

from __future__ import annotations

from dataclasses import dataclass

from celery import Celery
from redis import Redis

from sluice.broker import JobPublisher, make_celery
from sluice.config import SluiceConfig, load_config
from sluice.crypto import PayloadCipher
from sluice.db import Database
from sluice.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    config: SluiceConfig
    db: Database
    cipher: PayloadCipher
    redis: Redis
    celery: Celery
    publisher: JobPublisher

    def close(self) -> None:
        self.db.dispose()
        self.redis.close()


def build_runtime(settings: Settings, celery: Celery | None = None) -> Runtime:
    """Validates config and keys first, so a bad setup fails at start, not at a request."""
    config = load_config(settings)
    cipher = PayloadCipher(settings.payload_key())
    redis = Redis.from_url(settings.redis_url, health_check_interval=30)
    celery = celery or make_celery(settings)
    return Runtime(settings=settings, config=config, db=Database(settings.sqlalchemy_url),
                   cipher=cipher, redis=redis, celery=celery,
                   publisher=JobPublisher(celery, redis, settings.redis_prefix))
