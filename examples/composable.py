"""`python -m examples.composable [--port 8000]`: starts the composed back office's
upstreams locally and the gateway on `examples/composable.toml`; Ctrl-C stops everything."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

import uvicorn

from examples.upstreams import running_upstreams
from gateway.app import create_app
from gateway.config import load

CONFIG = Path(__file__).with_name("composable.toml")


async def serve(host: str, port: int) -> None:
    async with running_upstreams() as upstreams:
        os.environ.update(upstreams.environment())
        config = load(CONFIG)
        print(f"omnicanal on the composed back office: http://{host}:{port}/graphql", flush=True)
        server = uvicorn.Server(uvicorn.Config(create_app(config), host=host, port=port))
        await server.serve()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m examples.composable", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
