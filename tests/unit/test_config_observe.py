"""`[gateway.metrics]` and `[gateway.log]`: defaults, and a wrong value named by its key;
the multiprocess metrics directory of `omnicanal serve`."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from gateway.config_error import ConfigError
from gateway.config_observe import Observability, parse_observability
from gateway.metrics_dir import MULTIPROC_ENV, PREFIX, fresh_metrics_dir


def test_defaults_follow_the_mode_and_log_json() -> None:
    assert parse_observability({}, "t") == Observability(None, None, "json")


def test_values_are_read() -> None:
    table = {"metrics": {"enabled": True}, "log": {"level": "WARNING", "format": "text"}}
    assert parse_observability(table, "t") == Observability(True, "warning", "text")


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"metrics": {"enabled": "yes"}}, "gateway.metrics.enabled"),
        ({"metrics": {"port": 9100}}, "gateway.metrics.port"),
        ({"log": {"format": "xml"}}, "gateway.log.format"),
        ({"log": {"level": "loud"}}, "gateway.log.level"),
        ({"log": "json"}, "gateway.log"),
    ],
)
def test_a_wrong_value_names_its_key(table: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_observability(table, "t")
    assert refused.value.key == key


def test_a_start_removes_the_directories_of_servers_that_are_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv(MULTIPROC_ENV, "")  # restored (to unset) after the test
    gone = tmp_path / f"{PREFIX}{2**22 + 7}-abc"  # above pid_max's default: no such process
    live = tmp_path / f"{PREFIX}{os.getpid()}-def"
    gone.mkdir()
    live.mkdir()
    fresh = Path(fresh_metrics_dir())
    assert not gone.exists()
    assert live.exists()
    assert fresh.is_dir()
    assert os.environ[MULTIPROC_ENV] == str(fresh)
    shutil.rmtree(fresh)
