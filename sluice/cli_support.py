"""What every `sluice` command shares: the database it talks to and how it prints."""

from __future__ import annotations

import json

import click

from sluice.db import Database
from sluice.settings import Settings


def cli_database() -> Database:
    return Database(Settings().sqlalchemy_url)


def echo_json(value) -> None:
    click.echo(json.dumps(value, indent=2))
