"""Two gateways on the same back office, one per executor, and the step that sends one
request to both and insists on the same answer."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from gateway.config import GatewayConfig
from schema.policy import Executor
from tests.differential.compare import Variance, differences
from tests.differential.exchange import Reply, Request, send
from tests.support.server import GraphQLClient, running_gateway

ConfigFor = Callable[[Path], GatewayConfig]


@dataclass
class Side:
    client: GraphQLClient
    # Values a request's headers name as `{key}`, `{token}`…: each side's own API keys and
    # customer tokens, since a private data dir has its own key store and token secret.
    credentials: dict[str, str] = field(default_factory=dict)

    async def send(self, request: Request) -> Reply:
        headers = tuple((k, v.format_map(self.credentials)) for k, v in request.headers)
        return await send(self.client, replace(request, headers=headers))


@dataclass
class Pair:
    standard: Side
    planned: Side

    def share_credentials(self, other: Pair) -> None:
        self.standard.credentials.update(other.standard.credentials)
        self.planned.credentials.update(other.planned.credentials)

    async def same(self, request: Request, variance: Variance | None = None) -> Reply:
        """Sends `request` to both (the standard one first) and fails with every difference;
        returns the standard reply. With a `variance` carried over a sequence, the planned
        side's request names its own generated values."""
        variance = variance or Variance()
        expected = await self.standard.send(request)
        translated = replace(
            request,
            query=variance.translate(request.query),
            variables=variance.translate(request.variables),
            headers=tuple((k, variance.translate(v)) for k, v in request.headers),
        ) if variance.forward else request  # fmt: skip
        actual = await self.planned.send(translated)
        found = differences(expected, actual, variance)
        assert not found, _report(request, found)
        return expected


def _report(request: Request, found: list[str]) -> str:
    shown = request.query if len(request.query) < 2000 else request.query[:2000] + "…"
    return (
        f"the executors disagree on\n{shown}\nvariables: {request.variables}\n"
        f"operationName: {request.operation_name}\nheaders: {dict(request.headers)}\n- "
        + "\n- ".join(found)
    )


@contextlib.asynccontextmanager
async def running_pair(
    standard_config: GatewayConfig, planned_config: GatewayConfig | None = None
) -> AsyncIterator[Pair]:
    planned_config = planned_config or standard_config
    async with (
        running_gateway(replace(standard_config, executor=Executor.STANDARD)) as standard,
        running_gateway(replace(planned_config, executor=Executor.PLANNED)) as planned,
    ):
        yield Pair(Side(standard), Side(planned))


@contextlib.asynccontextmanager
async def running_private_pair(
    sample_dir: Path, directory: Path, config_for: ConfigFor
) -> AsyncIterator[Pair]:
    """Each gateway on its own copy of the sample database, so that writes made through one
    are never seen by the other."""
    dirs = [directory / "standard", directory / "planned"]
    for data_dir in dirs:
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample_dir / "sample.db", data_dir / "sample.db")
    async with running_pair(config_for(dirs[0]), config_for(dirs[1])) as pair:
        yield pair
