"""`omnicanal consistency` on the composed example: commercetools' APP distribution-channel
price and its product discount explain themselves, as the sample's rules do."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from examples.composable import CONFIG
from examples.upstreams import running_upstreams
from gateway.cli import main

pytestmark = pytest.mark.integration

# An APP channel price (every third product), a product on sale (every fifth).
SKUS = ["CT-0003", "CT-0005", "CT-0002-S"]


async def test_channel_prices_and_discounts_are_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with running_upstreams() as upstreams:
        for name, value in upstreams.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("OMNICANAL_CONFIG", str(CONFIG))  # main() sets them; restored
        monkeypatch.setenv("OMNICANAL_DATA_DIR", str(tmp_path))
        args = ["consistency", *SKUS, "--config", str(CONFIG), "--data-dir", str(tmp_path)]
        # main() runs its own event loop, as from the console script.
        assert await asyncio.to_thread(main, args) == 0
    out = capsys.readouterr().out
    assert "explained   APP price: 17.91 against 19.90: channel price app" in out
    assert "(base 29.90; soldes -8.97)" in out
    assert "UNEXPLAINED" not in out
