"""`omnicanal documents push FILE`: trusted documents (persisted operations) from an
Apollo persisted-query manifest or a Relay `{id: text}` map. Every document is parsed,
validated and costed against the schema and the configured limits before anything is
stored: one bad document refuses the whole push (exit 2, each offending id and why), so a
deploy never ships half a manifest."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import psycopg

from gateway.config import GatewayConfig
from gateway.keys.model import StoredDocument
from gateway.keys.open_store import open_store
from gateway.manifest import ManifestEntry, ManifestError, read_manifest
from gateway.vetting import DocumentRefused, Vetted, vet

REFUSED = 2


@dataclass(frozen=True, slots=True)
class Checked:
    entry: ManifestEntry
    vetted: Vetted

    @property
    def name(self) -> str | None:
        return self.entry.name or self.vetted.operation_name


def add_commands(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    documents = sub.add_parser("documents", help="trusted documents (persisted operations)")
    actions = documents.add_subparsers(dest="documents_command", required=True)
    push = actions.add_parser(
        "push", help="validate, cost and store the documents of a manifest (all or none)"
    )
    push.add_argument("file", help="an Apollo persisted-query manifest or a Relay {id: text} map")
    push.add_argument("--json", action="store_true", help="print JSON")
    common(push)


class PushRefused(Exception):
    def __init__(self, refusals: list[ManifestError]) -> None:
        super().__init__(f"{len(refusals)} documents refused")
        self.refusals = refusals


def run(args: argparse.Namespace, config: GatewayConfig) -> int:
    try:
        checked = asyncio.run(push(read_manifest(_load(Path(args.file))), config))
    except ManifestError as exc:
        print(f"omnicanal documents: {args.file}: {exc}", file=sys.stderr)
        return REFUSED
    except PushRefused as exc:
        for refusal in exc.refusals:
            print(f"omnicanal documents: {refusal}", file=sys.stderr)
        print(f"omnicanal documents: nothing stored ({exc})", file=sys.stderr)
        return REFUSED
    except (sqlite3.Error, psycopg.Error, OSError) as exc:
        print(f"omnicanal documents: the state store failed: {exc}", file=sys.stderr)
        return 1
    _report(checked, args.json)
    return 0


async def push(entries: list[ManifestEntry], config: GatewayConfig) -> list[Checked]:
    """Vet every document, then store them all; PushRefused (nothing stored) if any fails."""
    checked, refusals = _check(entries, config)
    if refusals:
        raise PushRefused(refusals)
    await _store(checked, config)
    return checked


def _load(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ManifestError("(file)", exc.strerror or "cannot be read") from exc
    except orjson.JSONDecodeError as exc:
        raise ManifestError("(file)", f"not JSON ({exc})") from exc


def _check(
    entries: list[ManifestEntry], config: GatewayConfig
) -> tuple[list[Checked], list[ManifestError]]:
    """Every document vetted against the schema the gateway serves, with its limits."""
    from schema.build import build_schema  # only this command needs the whole schema

    schema = build_schema(config.schema_policy)._schema
    checked: list[Checked] = []
    refusals: list[ManifestError] = []
    for entry in entries:
        try:
            vetted = vet(schema, config.limits, entry.body)
        except DocumentRefused as exc:
            refusals.append(ManifestError(entry.id, f"{exc.code}: {exc.message}"))
            continue
        kinds = {kind for _, kind in vetted.operations}
        if entry.type is not None and kinds != {entry.type}:
            message = f"declared a {entry.type}, but the body holds {', '.join(sorted(kinds))}"
            refusals.append(ManifestError(entry.id, message))
            continue
        checked.append(Checked(entry, vetted))
    return checked, refusals


async def _store(checked: list[Checked], config: GatewayConfig) -> None:
    by_hash: dict[str, list[Checked]] = {}
    for item in checked:
        by_hash.setdefault(item.entry.hash, []).append(item)
    store = open_store(config.state_database, config.data_dir)
    await store.start()
    try:
        now = time.time()
        for digest, items in by_hash.items():
            first = items[0]
            document = StoredDocument(digest, first.entry.body, first.name, first.vetted.cost, now)
            await store.put_document(document, [i.entry.id for i in items])
    finally:
        await store.aclose()


def _report(checked: list[Checked], as_json: bool) -> None:
    rows = [
        {
            "id": c.entry.id,
            "hash": f"sha256:{c.entry.hash}",
            "name": c.name,
            "cost": c.vetted.cost,
        }
        for c in checked
    ]
    if as_json:
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for row in rows:
        print(f"{row['id']}  {row['hash']}  {row['name'] or '-'}  cost={row['cost']}")
    print(f"stored {len(rows)} documents")
