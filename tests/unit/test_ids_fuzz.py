"""The decoders of schema/ids.py on arbitrary input: None or a coded error, never an
exception, whatever the client sends (huge numbers, other digits, non-ASCII, junk)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schema.commerce import store_key
from schema.errors import UserInputError
from schema.ids import (
    MAX_OFFSET,
    from_global_id,
    offset_after,
    offset_cursor,
    to_global_id,
)


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


# Raw strings, and strings that are valid base64 of something cursor-like.
anything = st.text(max_size=2000)
numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
cursor_texts = st.one_of(
    numbers.map(lambda n: "o:" + n),
    # Digits int() or str.isdigit() accept beyond ASCII: superscripts, Arabic-Indic.
    st.text(alphabet="0123456789\u00b2\u00b3\u00b9\u0661\u0662\u0660 -+_.e", max_size=60).map(
        lambda t: "o:" + t
    ),
    st.text(max_size=200),
)
tokens = st.one_of(
    anything,
    cursor_texts.map(_b64),
    st.binary(max_size=300).map(lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")),
)


@settings(max_examples=400, deadline=None)
@given(tokens)
def test_offset_after_is_an_offset_or_invalid_cursor(cursor: str) -> None:
    outcome = _offset_or_refusal(cursor)
    if isinstance(outcome, UserInputError):
        assert (outcome.code, outcome.field) == ("INVALID_CURSOR", ["after"])
    else:
        assert 0 < outcome <= MAX_OFFSET


def _offset_or_refusal(cursor: str) -> int | UserInputError:
    try:
        return offset_after(cursor)
    except UserInputError as refused:
        return refused


@settings(max_examples=400, deadline=None)
@given(tokens)
def test_from_global_id_is_a_pair_or_none(global_id: str) -> None:
    decoded = from_global_id(global_id)
    assert decoded is None or all(isinstance(part, str) and part for part in decoded)
    assert isinstance(store_key(global_id), str)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_OFFSET - 1))
def test_every_cursor_we_hand_out_reads_back(position: int) -> None:
    assert offset_after(offset_cursor(position)) == position + 1


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1, max_size=40).filter(lambda t: ":" not in t),
    st.text(min_size=1, max_size=200),
)
def test_global_ids_round_trip(type_name: str, key: str) -> None:
    assert from_global_id(to_global_id(type_name, key)) == (type_name, key)


def test_the_bounds() -> None:
    assert offset_after(offset_cursor(MAX_OFFSET - 1)) == MAX_OFFSET
    for text in ("o:" + "9" * 30, f"o:{MAX_OFFSET}", "o:\u00b2", "o:" + "1" * 5000, "o:"):
        with pytest.raises(UserInputError) as refused:
            offset_after(_b64(text))
        assert refused.value.code == "INVALID_CURSOR"
    assert from_global_id("A" * 100_000) is None
