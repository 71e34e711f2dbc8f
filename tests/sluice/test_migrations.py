"""The migrated schema is exactly what the models declare, on Postgres and on SQLite."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sluice.db import Database
from sluice.migrate import upgrade_to_head
from sluice.models import Base


def _drift(url: str) -> list:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        database.dispose()


def test_postgres_schema_matches_the_models(test_env):
    assert _drift(test_env["DATABASE_URL"]) == []


def test_sqlite_schema_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade_to_head(url)
    upgrade_to_head(url)
    assert _drift(url) == []
