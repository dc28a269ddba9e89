"""A gateway started from a configuration file, as in production: one connector instance
under test serves some domains, the sample connector serves the others."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Collection
from pathlib import Path

from connectors.base import DOMAINS
from gateway import config
from tests.support.server import GraphQLClient, running_gateway

SAMPLE = "backoffice"


def with_sample(
    data_dir: Path, instance: str, kind: str, settings: str, domains: Collection[str]
) -> str:
    """The file's text: `instance` of `kind` (`settings`: the TOML of its settings table)
    serves `domains`; the sample connector, on the data in `data_dir`, the rest."""
    served = "\n".join(f'{d} = "{instance if d in domains else SAMPLE}"' for d in DOMAINS)
    return f"""[gateway]
data_dir = "{data_dir}"
cache = false

[connectors.{SAMPLE}]
kind = "sample"

[connectors.{instance}]
kind = "{kind}"
[connectors.{instance}.settings]
{settings.strip()}

[domains]
{served}
"""


@contextlib.asynccontextmanager
async def running_from_file(text: str, directory: Path) -> AsyncIterator[GraphQLClient]:
    """The gateway loaded from `text` written to `directory`/omnicanal.toml."""
    path = directory / "omnicanal.toml"
    path.write_text(text)
    async with running_gateway(config.load(path)) as client:
        yield client
