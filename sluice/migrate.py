"""Alembic to head: the only way the schema is made outside tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from sluice.db import Database

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def upgrade_to_head(url: str) -> None:
    """Through sluice's own engine, so SQLite gets its folder and its pragmas."""
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            config = Config(str(ALEMBIC_INI))
            config.attributes["connection"] = connection
            config.attributes["configure_logging"] = False
            command.upgrade(config, "head")
            connection.commit()
    finally:
        database.dispose()
