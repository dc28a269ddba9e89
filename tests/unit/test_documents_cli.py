"""`omnicanal documents push` end to end, on the data dir's SQLite store and on PostgreSQL:
both manifest formats are stored under their ids and hashes; a manifest with one invalid
or too costly document is refused whole (exit 2, the id and the reason), nothing stored."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import main
from gateway.keys.model import StoredDocument
from gateway.keys.open_store import open_store
from tests.support.services import postgres_database

TITLES = "query Titles { products(first: 3) { nodes { id title } } }"
STORE = "query Store($code: String!) { store(code: $code) { name } }"
NESTED = (
    "query Nested { products(first: 100) { nodes { categories { products(first: 100) "
    "{ nodes { id variants { sku price { amount } } } } } } } }"
)


def apollo(*operations: tuple[str, str, str, str]) -> dict[str, Any]:
    return {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [
            {"id": i, "name": name, "type": kind, "body": body}
            for i, name, kind, body in operations
        ],
    }


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(params=["sqlite", "postgres"])
def database(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str | None]:
    """The state store the command writes to, empty: None is the data dir's SQLite file."""
    monkeypatch.delenv("OMNICANAL_CONFIG", raising=False)
    monkeypatch.delenv("OMNICANAL_DATABASE_URL", raising=False)
    if request.param == "sqlite":
        yield None
        return
    with postgres_database() as url:
        monkeypatch.setenv("OMNICANAL_DATABASE_URL", url)
        yield url


def push(
    capsys: pytest.CaptureFixture[str], data_dir: Path, manifest: Any, *flags: str
) -> tuple[int, str, str]:
    path = data_dir / "manifest.json"
    path.write_text(json.dumps(manifest) if not isinstance(manifest, str) else manifest)
    code = main(["documents", "push", str(path), "--data-dir", str(data_dir), *flags])
    out, err = capsys.readouterr()
    return code, out, err


def find(database: str | None, data_dir: Path, ref: str) -> StoredDocument | None:
    async def lookup() -> StoredDocument | None:
        store = open_store(database, data_dir)
        await store.start()
        try:
            return await store.find_document(ref)
        finally:
            await store.aclose()

    return asyncio.run(lookup())


def test_an_apollo_manifest_is_stored_under_ids_and_hashes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, database: str | None
) -> None:
    manifest = apollo(("titles-v1", "Titles", "query", TITLES), ("store", "Store", "query", STORE))
    code, out, err = push(capsys, tmp_path, manifest, "--json")
    assert (code, err) == (0, "")
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["titles-v1"]["hash"] == f"sha256:{sha256(TITLES)}"
    assert rows["titles-v1"]["cost"] == 4  # the connection and its page of three
    by_id = find(database, tmp_path, "titles-v1")
    assert by_id is not None
    assert (by_id.body, by_id.operation_name, by_id.cost) == (TITLES, "Titles", 4)
    assert find(database, tmp_path, f"sha256:{sha256(STORE)}") is not None
    assert find(database, tmp_path, sha256(STORE)) is not None


def test_a_relay_map_is_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, database: str | None
) -> None:
    relay_id = hashlib.md5(TITLES.encode()).hexdigest()  # what relay-compiler names it by
    code, out, _ = push(capsys, tmp_path, {relay_id: TITLES})
    assert code == 0
    assert "stored 1 documents" in out
    found = find(database, tmp_path, relay_id)
    assert found is not None
    assert found.operation_name == "Titles"  # from the document, as Relay gives no name


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("query Bad { products(first: 3) { nodes { nope } } }", "GRAPHQL_VALIDATION_FAILED"),
        ("query Broken { products(first: 3) {", "GRAPHQL_PARSE_FAILED"),
        (NESTED, "QUERY_TOO_COMPLEX: The operation's cost is 1051101"),
    ],
)
def test_one_bad_document_refuses_the_whole_push(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    database: str | None,
    body: str,
    reason: str,
) -> None:
    manifest = apollo(("good", "Titles", "query", TITLES), ("bad-one", "Bad", "query", body))
    code, out, err = push(capsys, tmp_path, manifest)
    assert code == 2
    assert out == ""
    assert f"bad-one: {reason}" in err
    assert "nothing stored" in err
    assert find(database, tmp_path, "good") is None
    assert find(database, tmp_path, sha256(TITLES)) is None


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "(file): not JSON"),
        ({"format": "something-else", "operations": []}, "unknown format"),
        ({"format": "apollo-persisted-query-manifest", "version": 2}, "version 1"),
        ({}, "holds no documents"),
        ({"titles": 7}, "titles: a Relay manifest maps each id"),
        ({"bad id!": TITLES}, "an id is 1 to 256 of the characters"),
        ({f"sha256:{'0' * 64}": TITLES}, "must be the SHA-256 of its body"),
        (apollo(("x", "Titles", "mutation", TITLES)), "x: declared a mutation, but the body"),
        (apollo(("x", "T", "query", TITLES), ("x", "S", "query", STORE)), "two different"),
    ],
)
def test_malformed_manifests_name_what_is_wrong(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, manifest: Any, message: str
) -> None:
    code, out, err = push(capsys, tmp_path, manifest)
    assert code == 2
    assert out == ""
    assert message in err


def test_an_id_pushed_again_names_the_newer_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, database: str | None
) -> None:
    assert push(capsys, tmp_path, {"listing": TITLES})[0] == 0
    assert push(capsys, tmp_path, {"listing": STORE})[0] == 0
    found = find(database, tmp_path, "listing")
    assert found is not None
    assert found.body == STORE
    assert find(database, tmp_path, sha256(TITLES)) is not None  # the old text stays named
