"""The two manifest formats `omnicanal documents push` reads: Apollo's persisted-query
manifest (`{"format": "apollo-persisted-query-manifest", "version": 1, "operations":
[{"id", "name", "type", "body"}]}`, what `generate-persisted-query-manifest` writes) and
Relay's `{id: text}` map (what `relay-compiler` writes with `persistConfig.file`)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

APOLLO_FORMAT = "apollo-persisted-query-manifest"
OPERATION_TYPES = ("query", "mutation", "subscription")
MAX_ID = 256
# The persisted-documents appendix's identifier characters, with its `prefix:` colon.
_ID = re.compile(rf"[A-Za-z0-9._~:-]{{1,{MAX_ID}}}")


class ManifestError(Exception):
    """`where` is the document id at fault, or `(file)` for the manifest as a whole."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    id: str
    body: str
    name: str | None = None
    type: str | None = None  # as the Apollo manifest declares it

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()


def read_manifest(raw: Any) -> list[ManifestEntry]:
    if not isinstance(raw, dict):
        raise ManifestError("(file)", "a manifest is a JSON object")
    if "format" in raw:
        entries = _apollo(raw)
    else:
        entries = [_relay(key, value) for key, value in raw.items()]
    if not entries:
        raise ManifestError("(file)", "the manifest holds no documents")
    _check_ids(entries)
    return entries


def _apollo(raw: dict[str, Any]) -> list[ManifestEntry]:
    if raw["format"] != APOLLO_FORMAT:
        raise ManifestError("(file)", f"unknown format (expected {APOLLO_FORMAT!r})")
    if raw.get("version") != 1:
        raise ManifestError("(file)", "only version 1 of the Apollo manifest is known")
    operations = raw.get("operations")
    if not isinstance(operations, list):
        raise ManifestError("(file)", "`operations` must be a list")
    return [_apollo_operation(i, o) for i, o in enumerate(operations)]


def _apollo_operation(index: int, raw: Any) -> ManifestEntry:
    where = f"operations[{index}]"
    if not isinstance(raw, dict):
        raise ManifestError(where, "an operation is an object with id, name, type and body")
    document_id, body = raw.get("id"), raw.get("body")
    if not isinstance(document_id, str):
        raise ManifestError(where, "`id` must be a string")
    if not isinstance(body, str) or not body.strip():
        raise ManifestError(document_id, "`body` must be a non-empty string")
    name, kind = raw.get("name"), raw.get("type")
    if name is not None and not isinstance(name, str):
        raise ManifestError(document_id, "`name` must be a string")
    if kind is not None and kind not in OPERATION_TYPES:
        raise ManifestError(document_id, f"`type` must be one of {list(OPERATION_TYPES)}")
    return ManifestEntry(document_id, body, name, kind)


def _relay(document_id: str, body: Any) -> ManifestEntry:
    if not isinstance(body, str) or not body.strip():
        raise ManifestError(document_id, "a Relay manifest maps each id to the document's text")
    return ManifestEntry(document_id, body)


def _check_ids(entries: list[ManifestEntry]) -> None:
    bodies: dict[str, str] = {}
    for entry in entries:
        if not _ID.fullmatch(entry.id):
            raise ManifestError(
                entry.id[:MAX_ID],
                f"an id is 1 to {MAX_ID} of the characters A-Z a-z 0-9 . _ ~ : -",
            )
        if entry.id.startswith("sha256:") and entry.id != f"sha256:{entry.hash}":
            raise ManifestError(entry.id, "a `sha256:` id must be the SHA-256 of its body")
        if bodies.setdefault(entry.id, entry.body) != entry.body:
            raise ManifestError(entry.id, "the id names two different documents")
