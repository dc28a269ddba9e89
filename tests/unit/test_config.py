"""omnicanal.toml: a wrong file fails at start-up, naming the file and the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from connectors.context import Channel
from gateway.config import ConfigError, load
from gateway.registry import plan

GOOD = """
[gateway]
data_dir = "data"
token_secret = "${OMNICANAL_TEST_SECRET}"
[gateway.defaults]
channel = "APP"
country = "GB"
language = "en"
[connectors.backoffice]
kind = "sample"
[connectors.backoffice.settings]
seed = 7
[domains]
catalog = "backoffice"
pricing = "backoffice"
inventory = "backoffice"
content = "backoffice"
orders = "backoffice"
loyalty = "backoffice"
"""


# Keys, state and Redis tables: each mistake is named by its full key.
ACCESS_MISTAKES = [
    ('[gateway.access]\nanonymous = "everyone"', "gateway.access.anonymous"),
    ("[gateway.access]\nanonymus = 1", "gateway.access.anonymus"),
    ("[gateway.access]\nsign_in_window_s = 0", "gateway.access.sign_in_window_s"),
    (
        "[gateway.access]\nsign_in_failures_per_account = 2.5",
        "gateway.access.sign_in_failures_per_account",
    ),
    ('[gateway.state]\ndatabase = "mysql://x"', "gateway.state.database"),
    ('[gateway.redis]\nurl = "http://x"', "gateway.redis.url"),
    ("[gateway.redis]\nhost = 1", "gateway.redis.host"),
    ('[gateway.cors]\nallow_origins = ["https://a.example/path"]', "gateway.cors.allow_origins"),
    ("[gateway.limits]\nmax_cost = -1", "gateway.limits.max_cost"),
    ("[gateway.limits]\nmax_kost = 5", "gateway.limits.max_kost"),
]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "omnicanal.toml"
    path.write_text(text)
    return path


def test_a_good_file_resolves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMNICANAL_TEST_SECRET", "s" * 40)
    config = load(_write(tmp_path, GOOD))
    assert config.defaults.channel == Channel.APP
    assert config.defaults.currency == "GBP", "from the country"
    assert config.data_dir == tmp_path / "data", "relative to the file"
    assert config.token_secret == "s" * 40
    (instance,) = plan(config)
    assert instance.spec.name == "sample"
    assert set(instance.domains) == {
        "catalog",
        "pricing",
        "inventory",
        "content",
        "orders",
        "loyalty",
    }


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('kind = "sample"', 'kind = "no-such-connector"'), "connectors.backoffice.kind"),
        (("seed = 7", "sed = 7"), "connectors.backoffice.settings.sed"),
        (("seed = 7", 'seed = "seven"'), "connectors.backoffice.settings.seed"),
        (('loyalty = "backoffice"', 'loyalty = "nobody"'), "domains.loyalty"),
        (('channel = "APP"', 'channel = "FAX"'), "gateway.defaults.channel"),
        (('data_dir = "data"', 'data_dir = "data"\nworkers = 4'), "gateway.workers"),
        (("${OMNICANAL_TEST_SECRET}", "${OMNICANAL_UNSET_VARIABLE}"), "gateway.token_secret"),
        (("${OMNICANAL_TEST_SECRET}", "short"), "gateway.token_secret"),
        (("[domains]", "[domains\n"), "(syntax)"),
        *(
            (("[gateway.defaults]", f"{table}\n[gateway.defaults]"), key)
            for table, key in ACCESS_MISTAKES
        ),
    ],
)
def test_a_wrong_file_names_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], key: str
) -> None:
    monkeypatch.setenv("OMNICANAL_TEST_SECRET", "s" * 40)
    monkeypatch.delenv("OMNICANAL_UNSET_VARIABLE", raising=False)
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as failure:
        plan(load(path))
    assert failure.value.key == key
    assert str(path) in str(failure.value)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "gateway.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_check_config_prints_the_wiring(tmp_path: Path) -> None:
    result = _cli(
        "check-config",
        "--config",
        str(_write(tmp_path, GOOD.replace("${OMNICANAL_TEST_SECRET}", "x" * 32))),
    )
    assert result.returncode == 0, result.stderr
    assert (
        "backoffice (sample): catalog, pricing, inventory, content, orders, loyalty"
        in result.stdout
    )
    assert "channel=APP country=GB language=en currency=GBP" in result.stdout


def test_serve_refuses_to_start_on_a_wrong_file(tmp_path: Path) -> None:
    good = GOOD.replace("${OMNICANAL_TEST_SECRET}", "x" * 32)
    path = _write(tmp_path, good.replace("seed = 7", "sed = 7"))
    result = _cli("serve", "--config", str(path), "--port", "1")
    assert result.returncode == 2
    assert f"{path}: connectors.backoffice.settings.sed: " in result.stderr
    assert "Traceback" not in result.stderr


def test_no_file_means_the_embedded_sample(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "check-config"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "(embedded default)" in result.stdout
    assert "sample (sample): catalog, pricing, inventory, content, orders, loyalty" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [("OMNICANAL_DATABASE_URL", "mysql://x"), ("OMNICANAL_REDIS_URL", "http://x")],
)
def test_a_wrong_service_url_in_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    from gateway.asgi import config_from_env

    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as failure:
        config_from_env()
    assert failure.value.key == variable
