"""`omnicanal sample order-status NUMBER STATUS`: the sample back office's OMS screen.

The order moves in the sample database (connectors/sample/order_status.py), then the
change reaches the running gateway as any back office's would: a signed
`POST /webhooks/<instance>` (the CLI is another process than the gateway, and a webhook
needs nothing but the gateway's URL; with Redis, the replica that takes it tells the
others). The secret is the instance's `webhook_secret`, or the key both share in the data
dir. When the gateway cannot be reached the status has still moved: the exit status is 1
and the message says so.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from connectors.events import OrderStatusChanged
from connectors.models import OrderStatus
from connectors.sample.db import SampleDatabase
from connectors.sample.order_status import StatusRefused, set_order_status
from connectors.sample.webhooks import signed_delivery, webhook_secret
from connectors.webhook_auth import SIGNATURE_HEADER
from gateway.config import GatewayConfig
from gateway.registry import PlannedInstance, plan

GATEWAY_ENV = "OMNICANAL_GATEWAY_URL"
POST_TIMEOUT_S = 5.0


class SampleCommandError(Exception):
    pass


def add_commands(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    sample = sub.add_parser("sample", help="act as the sample back office")
    actions = sample.add_subparsers(dest="sample_command", required=True)
    move = actions.add_parser("order-status", help="move an order to a status and tell")
    move.add_argument("number", help="the order number, e.g. OC-2026-000123")
    move.add_argument("status", type=str.upper, choices=[s.value for s in OrderStatus])
    move.add_argument("--instance", help="the sample connector instance (if several)")
    move.add_argument(
        "--gateway",
        default=os.environ.get(
            GATEWAY_ENV, f"http://127.0.0.1:{os.environ.get('OMNICANAL_PORT', '8000')}"
        ),
        help=f"the running gateway's URL (env {GATEWAY_ENV})",
    )
    common(move)


def run(args: argparse.Namespace, config: GatewayConfig) -> int:
    try:
        item = _instance(plan(config), args.instance)
        event = asyncio.run(_move(item, config, args.number, OrderStatus(args.status)))
    except (SampleCommandError, StatusRefused) as exc:
        print(f"omnicanal sample: {exc}", file=sys.stderr)
        return 2
    print(f"order {args.number} is now {event.status}")
    try:
        asyncio.run(_tell(item, config, event, args.gateway.rstrip("/")))
    except (aiohttp.ClientError, TimeoutError, SampleCommandError) as exc:
        print(
            f"omnicanal sample: the gateway at {args.gateway} was not told: {exc}", file=sys.stderr
        )
        return 1
    print(f"told the gateway at {args.gateway}")
    return 0


def _instance(planned: list[PlannedInstance], name: str | None) -> PlannedInstance:
    samples = [p for p in planned if p.spec.name == "sample" and (name in (None, p.name))]
    if len(samples) != 1:
        which = f"named {name!r} " if name else ""
        found = "none" if not samples else "several: give --instance"
        raise SampleCommandError(f"sample connector instance {which}in the configuration: {found}")
    return samples[0]


async def _move(
    item: PlannedInstance, config: GatewayConfig, number: str, status: OrderStatus
) -> OrderStatusChanged:
    path = item.settings.database_path(config.data_dir)
    if not path.exists():
        raise SampleCommandError(f"no sample database at {path} (start the gateway once)")
    db = SampleDatabase(path, connector=item.name)
    await db.open()
    try:
        return await set_order_status(db, item.name, number, status)
    finally:
        await db.close()


async def _tell(
    item: PlannedInstance, config: GatewayConfig, event: OrderStatusChanged, gateway: str
) -> None:
    secret = webhook_secret(item.settings, config.data_dir)
    body, signature = signed_delivery(secret, [event], int(time.time()))
    headers = {"content-type": "application/json", SIGNATURE_HEADER: signature}
    timeout = aiohttp.ClientTimeout(total=POST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        url = f"{gateway}/webhooks/{item.name}"
        async with session.post(url, data=body, headers=headers) as response:
            if response.status != 200:
                raise SampleCommandError(
                    f"{url} answered {response.status}: {await response.text()}"
                )
