"""`make demo` end to end: `sluice demo` in a subprocess, starting and stopping its own stack."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from sluice.demo_steps import STEPS
from tests.services import ROOT, RedisDb, child_env, create_database, drop_database


@pytest.fixture
def own_stores() -> Iterator[dict[str, str]]:
    """A database and Redis db of its own: the demo's worker serves every tenant it finds,
    so the session's leftover queued jobs must not reach it."""
    database, redis_db = create_database("demo"), RedisDb()
    yield {"DATABASE_URL": database, "REDIS_URL": redis_db.url}
    redis_db.release()
    drop_database(database)


def test_the_demo_shows_all_seven_features_and_stops_its_stack(own_stores):
    done = subprocess.run([sys.executable, "-m", "sluice.cli", "demo"], cwd=ROOT,
                          env=child_env(own_stores), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    for number, (title, _) in enumerate(STEPS, start=1):
        assert f"\n[ok] {number}. {title}: " in done.stdout, done.stdout[-6000:]
    assert "all seven steps passed" in done.stdout
    api = re.search(r"api (http://[\d.:]+),", done.stdout).group(1)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{api}/healthz", timeout=2)
