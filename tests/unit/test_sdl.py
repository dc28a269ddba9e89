"""The committed SDL is the live schema: a schema change is a visible diff."""

from __future__ import annotations

from schema.build import SDL_PATH, build_schema, render_sdl


def test_committed_sdl_matches_live_schema() -> None:
    live = render_sdl(build_schema())
    committed = SDL_PATH.read_text()
    assert live == committed, (
        "schema/schema.graphql is stale: run `omnicanal sdl > schema/schema.graphql` "
        "and commit the diff on purpose"
    )
