"""The kit's test class on the embedded sample, the one connector offering every domain
and every transaction: the class a third-party package gets runs each suite end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from connectors.testing import UnderTest, connector_test_class
from tests.contract.providers import sample


class TestSampleThroughTheKit(connector_test_class(sample)):  # type: ignore[misc]
    @pytest_asyncio.fixture
    async def under_test(self, sample_dir: Path) -> AsyncIterator[UnderTest]:
        # The sample provider copies the shared sample.db it is given into a private dir.
        async with sample(sample_dir) as provider:
            yield provider
