"""The README shows the example operations as they are in gateway/examples.py (GraphiQL's tabs
and what the e2e tests run), so that what a reader copies is what is known to work."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.examples import CLICK_AND_COLLECT, LISTING, graphiql_tabs

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


@pytest.mark.parametrize("example", [LISTING, *CLICK_AND_COLLECT])
def test_the_readme_shows_the_example_verbatim(example: str) -> None:
    assert example in README, example.splitlines()[0]


def test_the_click_and_collect_flow_is_a_run_of_graphiql_tabs() -> None:
    queries = [tab["query"] for tab in graphiql_tabs()]
    start = queries.index(CLICK_AND_COLLECT[0])
    assert tuple(queries[start : start + len(CLICK_AND_COLLECT)]) == CLICK_AND_COLLECT
