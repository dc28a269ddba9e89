"""The gateways `python -m bench.run --peers` measures side by side with omnicanal: what each
is called, how it starts, the PLP in its own schema's spelling and how to read the answer.

- yoga: hand-written graphql-yoga + DataLoader on Node (bench/peers/yoga), installed from its
  lockfile by bench/peers/yoga/install.sh;
- strawberry: minimal strawberry + aiodataloader on uvicorn (bench/peers/strawberry_minimal.py).

Both answer `products(first: 24)` as a plain list with the upstream IDs, over the same
emulator endpoints as bench/connector.py: search, then prices and stock in one batch each.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import load, plp, queries

YOGA_DIR = Path(__file__).resolve().parent / "yoga"
YOGA_INSTALL = YOGA_DIR / "install.sh"
# Both peers take a query over GET; 200 means the schema is built and the server listens.
PEER_READY_PATH = "/graphql?query=%7B__typename%7D"

PEER_PLP = """query Plp {
  products(first: 24) { id title handle price { amount } availability { quantityAvailable } }
}"""


@dataclass(frozen=True, slots=True)
class Gateway:
    """One gateway under load: `argv(port, emulator_url)` starts it (unpinned)."""

    name: str
    query: str
    read: plp.Reader
    ready_path: str
    argv: Callable[[int, str], list[str]]
    env: dict[str, str] = field(default_factory=dict)

    def problem(self, data: dict[str, Any]) -> str | None:
        return plp.problem(self.read, data)

    def workload(self, name: str) -> tuple[str, load.DataCheck]:
        """The query and the answer check of a workload every gateway answers."""
        if name == "typename":
            return queries.TYPENAME, load.typename_problem
        return self.query, self.problem


# What every gateway in a `--peers` run answers; the README's listing is omnicanal's only.
SHARED_WORKLOADS = ("plp", "typename")


def yoga_installed() -> bool:
    return (YOGA_DIR / "node_modules" / "graphql-yoga" / "package.json").is_file()


def _yoga_argv(port: int, emulator_url: str) -> list[str]:
    return ["node", str(YOGA_DIR / "server.mjs"), "--port", str(port), "--emulator", emulator_url]


def _strawberry_argv(port: int, emulator_url: str) -> list[str]:
    module = "bench.peers.strawberry_minimal"
    return [sys.executable, "-m", module, "--port", str(port), "--emulator", emulator_url]


YOGA = Gateway(
    name="yoga",
    query=PEER_PLP,
    read=plp.peer_items,
    ready_path=PEER_READY_PATH,
    argv=_yoga_argv,
    env={"NODE_ENV": "production"},
)
STRAWBERRY = Gateway(
    name="strawberry",
    query=PEER_PLP,
    read=plp.peer_items,
    ready_path=PEER_READY_PATH,
    argv=_strawberry_argv,
)
PEERS: tuple[Gateway, ...] = (YOGA, STRAWBERRY)
