"""`omnicanal keys …` end to end on the data dir's store: the key is printed once, lists
and shows never print it, and a wrong argument is named in the error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.cli import main


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["keys", *argv, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_create_list_show_rotate_revoke(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, tmp_path, "create", "price-compare", "--kind", "secret", "--channel", "partner",
        "--scope", "catalog:read", "--scope", "inventory:read", "--budget", "1000",
        "--restore", "50", "--max-cost", "800", "--json",
    )  # fmt: skip
    assert code == 0
    created = json.loads(out)
    key_id, text = created["id"], created["key"]
    assert text.startswith(f"ocsk_{key_id}_")
    assert created["budget"] == {"capacity": 1000.0, "restorePerSecond": 50.0}
    assert created["scopes"] == ["catalog:read", "inventory:read"]

    code, out, _ = run(capsys, tmp_path, "list")
    assert code == 0
    assert key_id in out
    assert text not in out
    code, out, _ = run(capsys, tmp_path, "show", key_id)
    assert json.loads(out)["channels"] == ["PARTNER"]
    assert text not in out

    code, out, _ = run(capsys, tmp_path, "rotate", key_id, "--overlap-minutes", "5", "--json")
    rotated = json.loads(out)
    assert rotated["id"] != key_id
    assert rotated["key"] != text
    assert json.loads(run(capsys, tmp_path, "show", key_id)[1])["expiresAt"] is not None

    code, out, _ = run(capsys, tmp_path, "revoke", rotated["id"], "--json")
    assert code == 0
    assert json.loads(out)["revokedAt"] is not None
    code, out, _ = run(capsys, tmp_path, "usage", key_id, "--json")
    assert json.loads(out) == {"id": key_id, "usage": []}


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (
            ["create", "x", "--kind", "secret", "--channel", "moon", "--scope", "catalog:read"],
            "--channel",
        ),
        (
            ["create", "x", "--kind", "secret", "--channel", "web", "--scope", "prices:steal"],
            "--scope",
        ),
        (["create", "x", "--kind", "secret", "--channel", "web"], "--scope"),
        (["create", "x", "--kind", "publishable", "--channel", "kiosk"], "--store"),
        (
            [
                "create",
                "x",
                "--kind",
                "secret",
                "--channel",
                "web",
                "--scope",
                "catalog:read",
                "--budget",
                "10",
            ],
            "--restore",
        ),
        (
            [
                "create",
                "x",
                "--kind",
                "secret",
                "--channel",
                "web",
                "--scope",
                "catalog:read",
                "--max-cost",
                "-1",
            ],
            "--max-cost",
        ),
        (["usage", "000000000000", "--since", "yesterday"], "id"),
        (["show", "000000000000"], "id"),
    ],
)
def test_a_wrong_argument_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], named: str
) -> None:
    code, out, err = run(capsys, tmp_path, *argv)
    assert code != 0
    assert out == ""
    assert f"{named}:" in err
