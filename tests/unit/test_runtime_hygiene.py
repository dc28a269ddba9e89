"""Runtime hygiene (issue 10): the app's lifespan freezes the start-up heap and raises the
collector's thresholds, and gives both back when it ends; uvicorn runs on uvloop where it
is installed."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path

import pytest

from gateway import gc_tuning
from gateway.app import create_app
from gateway.config import embedded_default
from gateway.server import uvicorn_options

TUNED = (gc_tuning.GEN0_THRESHOLD, gc_tuning.GEN1_THRESHOLD, gc_tuning.GEN2_THRESHOLD)


async def test_lifespan_freezes_the_heap_and_tunes_the_thresholds(own_sample_dir: Path) -> None:
    before = gc.get_threshold()
    app = create_app(embedded_default(own_sample_dir))
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == TUNED
    assert gc.get_threshold() == before
    # Unfrozen when no other app of this process (a session fixture's gateway) still runs.
    assert (gc.get_freeze_count() == 0) == (not gc_tuning._running)


def test_apps_running_at_once_restore_what_the_first_found() -> None:
    before = gc.get_threshold()
    with gc_tuning.tuned_collector():
        with gc_tuning.tuned_collector():
            assert gc.get_threshold() == TUNED
        assert gc.get_threshold() == TUNED  # the other app still runs
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before


@pytest.mark.skipif(importlib.util.find_spec("uvloop") is None, reason="uvloop not installed")
def test_uvicorn_runs_on_uvloop_when_installed(own_sample_dir: Path) -> None:
    assert uvicorn_options(embedded_default(own_sample_dir))["loop"] == "uvloop"


def test_uvicorn_falls_back_to_asyncio_without_uvloop(
    own_sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def no_uvloop(name: str, *args: object) -> object:
        return None if name == "uvloop" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", no_uvloop)
    assert uvicorn_options(embedded_default(own_sample_dir))["loop"] == "asyncio"
