"""`omnicanal keys create | list | show | revoke | rotate | usage`: the operator's side of
API keys. Every command takes `--config`/`--data-dir` like `serve`; a wrong argument is
named in the error."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import orjson

from connectors.context import Channel
from gateway.config import GatewayConfig
from gateway.keys.model import ApiKey, Budget, KeyKind, KeyPlan
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService, UnknownKey
from schema.scopes import ALL_SCOPES, STOREFRONT_SCOPES

STORE_CHANNELS = (Channel.STORE, Channel.KIOSK)


class ArgumentError(Exception):
    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")


def add_commands(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    keys = sub.add_parser("keys", help="create and manage API keys")
    actions = keys.add_subparsers(dest="keys_command", required=True)
    create = actions.add_parser("create", help="create a key (printed once)")
    create.add_argument("name")
    create.add_argument("--kind", choices=[k.value for k in KeyKind], required=True)
    create.add_argument("--channel", action="append", required=True, metavar="CHANNEL")
    create.add_argument("--store")
    create.add_argument("--scope", action="append", metavar="SCOPE")
    create.add_argument("--origin", action="append", metavar="URL")
    create.add_argument("--max-cost", type=int)
    create.add_argument("--budget", type=float, metavar="POINTS")
    create.add_argument("--restore", type=float, metavar="PER_S")
    create.add_argument("--persisted-only", action="store_true")
    rotate = actions.add_parser("rotate", help="replace a key; the old one works a while")
    rotate.add_argument("id")
    rotate.add_argument("--overlap-minutes", type=float, default=60.0)
    usage = actions.add_parser("usage", help="hourly requests, cost and refusals")
    usage.add_argument("id")
    usage.add_argument("--since", help="ISO date or time (default: 24 hours ago)")
    listing = actions.add_parser("list", help="every key, without secrets")
    show = actions.add_parser("show", help="one key, without its secret")
    show.add_argument("id")
    revoke = actions.add_parser("revoke", help="stop a key now, on every replica")
    revoke.add_argument("id")
    for command in (create, rotate, usage, listing, show, revoke):
        command.add_argument("--json", action="store_true", help="print JSON")
        common(command)


def run(args: argparse.Namespace, config: GatewayConfig) -> int:
    try:
        return asyncio.run(_run(args, config))
    except ArgumentError as exc:
        print(f"omnicanal keys: {exc}", file=sys.stderr)
        return 2
    except UnknownKey as exc:
        print(f"omnicanal keys: id: {exc}", file=sys.stderr)
        return 1


async def _run(args: argparse.Namespace, config: GatewayConfig) -> int:
    command = COMMANDS[args.keys_command]
    store = open_store(config.state_database, config.data_dir)
    await store.start()
    try:
        await command(KeyService(store), args)
    finally:
        await store.aclose()
    return 0


async def _create(service: KeyService, args: argparse.Namespace) -> None:
    kind = KeyKind(args.kind)
    text, key = await service.create(args.name, kind, _plan(args, kind))
    _print_key(args, text, key)


async def _rotate(service: KeyService, args: argparse.Namespace) -> None:
    if args.overlap_minutes < 0:
        raise ArgumentError("--overlap-minutes", "must not be negative")
    text, key = await service.rotate(args.id, args.overlap_minutes * 60)
    _print_key(args, text, key)


async def _list(service: KeyService, args: argparse.Namespace) -> None:
    keys = await service.store.all()
    if args.json:
        _print_json([k.describe() for k in keys])
        return
    for key in keys:
        state = "revoked" if key.revoked_at else "active"
        channels = ",".join(c.value for c in key.plan.channels)
        print(f"{key.id}  {key.kind.value:<11}  {state:<7}  {channels:<20}  {key.name}")


async def _show(service: KeyService, args: argparse.Namespace) -> None:
    _print_json((await service.get(args.id)).describe())


async def _revoke(service: KeyService, args: argparse.Namespace) -> None:
    key = await service.revoke(args.id)
    if args.json:
        _print_json(key.describe())
    else:
        print(f"revoked {key.id} ({key.name})")


async def _usage(service: KeyService, args: argparse.Namespace) -> None:
    await service.get(args.id)
    since = _since(args.since)
    rows = await service.store.usage(args.id, int(since) // 3600 * 3600)
    table = [
        {
            "hour": datetime.fromtimestamp(r.hour, UTC).isoformat(),
            "requests": r.requests,
            "cost": r.cost,
            "refusals": r.refusals,
        }
        for r in rows
    ]
    if args.json:
        _print_json({"id": args.id, "usage": table})
        return
    for row in table:
        print(f"{row['hour']}  requests={row['requests']}  cost={row['cost']}", end="")
        print(f"  refusals={row['refusals']}")


COMMANDS: dict[str, Callable[[KeyService, argparse.Namespace], Awaitable[None]]] = {
    "create": _create,
    "rotate": _rotate,
    "list": _list,
    "show": _show,
    "revoke": _revoke,
    "usage": _usage,
}


def _plan(args: argparse.Namespace, kind: KeyKind) -> KeyPlan:
    channels = tuple(_channel(c) for c in args.channel)
    in_store = any(c in STORE_CHANNELS for c in channels)
    if args.store is None and in_store and kind is KeyKind.PUBLISHABLE:
        raise ArgumentError("--store", "a STORE or KIOSK key is bound to a store")
    scopes = frozenset(args.scope or (STOREFRONT_SCOPES if kind is KeyKind.PUBLISHABLE else ()))
    unknown = sorted(scopes - ALL_SCOPES)
    if unknown:
        raise ArgumentError(
            "--scope", f"unknown scope {unknown[0]!r} (one of {sorted(ALL_SCOPES)})"
        )
    if not scopes:
        raise ArgumentError("--scope", "a secret key needs at least one scope")
    return KeyPlan(
        channels=channels,
        scopes=scopes,
        store=args.store,
        origins=tuple(args.origin or ()),
        max_cost=_positive(args.max_cost, "--max-cost"),
        budget=_budget(args.budget, args.restore),
        persisted_only=args.persisted_only,
    )


def _channel(value: str) -> Channel:
    try:
        return Channel(value.upper())
    except ValueError as exc:
        choices = [c.value for c in Channel]
        raise ArgumentError("--channel", f"unknown channel {value!r} (one of {choices})") from exc


def _budget(points: float | None, restore: float | None) -> Budget | None:
    if points is None and restore is None:
        return None
    if points is None or restore is None:
        raise ArgumentError("--budget" if points is None else "--restore", "give both together")
    return Budget(_positive(points, "--budget"), _positive(restore, "--restore"))


def _positive(value: Any, argument: str) -> Any:
    if value is not None and value <= 0:
        raise ArgumentError(argument, "must be positive")
    return value


def _since(value: str | None) -> float:
    if value is None:
        return time.time() - 24 * 3600
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ArgumentError("--since", f"{value!r} is not an ISO date or time") from exc
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _print_key(args: argparse.Namespace, text: str, key: ApiKey) -> None:
    if args.json:
        _print_json({"id": key.id, "key": text, **key.describe()})
        return
    print(f"{key.kind.value} key {key.id} for {key.name!r}; shown once, keep it safe:")
    print(text)


def _print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")
