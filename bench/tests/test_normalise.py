"""A product's attributes and media are kept as the answer's JSON and made on first use: the
same models as made at once, a copy of the JSON rather than a view of the answer, and an
unreadable list said as the upstream's fault when it is read."""

from __future__ import annotations

import copy

import msgspec
import orjson
import pytest

from bench import data, normalise, shapes
from connectors.deferred import DeferredTuple
from connectors.errors import UpstreamBadResponse
from connectors.models import Attribute, Media, SelectedOption

# As the emulator answers it: without the keys it keeps for itself.
PRODUCT = {k: v for k, v in data.PRODUCTS[2].items() if not k.startswith("_")}


def _row(record: dict[str, object]) -> shapes.ProductRow:
    return msgspec.json.decode(orjson.dumps(record), type=shapes.ProductRow)


def test_attributes_and_media_are_made_on_first_use_as_they_would_be_at_once() -> None:
    product = normalise.product(_row(PRODUCT), "en", "upstream")
    assert isinstance(product.attributes, DeferredTuple)
    assert isinstance(product.media, DeferredTuple)
    attributes = PRODUCT["attributes"]
    images = PRODUCT["images"]
    assert isinstance(attributes, list)
    assert isinstance(images, list)
    assert attributes, "the bench data has attributes to defer"
    assert list(product.attributes) == [
        Attribute(a["code"], a["label"].get("en") or a["label"]["fr"], str(a["value"]))
        for a in attributes
    ]
    assert list(product.media) == [Media(i["src"], i.get("alt")) for i in images]
    assert product.title == normalise.localised(PRODUCT["name"], "en")  # type: ignore[arg-type]


def test_a_product_without_them_has_empty_tuples() -> None:
    bare = {k: v for k, v in PRODUCT.items() if k not in ("attributes", "images")}
    product = normalise.product(_row(bare), "fr")
    assert product.attributes == ()
    assert product.media == ()


def test_the_kept_json_is_a_copy_not_a_view_of_the_answer() -> None:
    answer = bytearray(orjson.dumps({"total": 1, "items": [PRODUCT]}))
    page = shapes.SEARCH.decode(answer)
    product = normalise.product(page.items[0], "fr")
    expected = [a["code"] for a in PRODUCT["attributes"]]  # type: ignore[union-attr]
    answer[:] = b" " * len(answer)  # the buffer reused for the next answer
    assert [a.code for a in product.attributes] == expected


def test_unreadable_rows_fail_when_read_as_the_upstreams_fault() -> None:
    record = copy.deepcopy(PRODUCT)
    record["attributes"] = [{"code": "x", "label": "not a dict of languages", "value": 1}]
    product = normalise.product(_row(record), "fr", "upstream")
    assert product.handle == PRODUCT["slug"], "the rest of the product reads"
    with pytest.raises(UpstreamBadResponse) as raised:
        list(product.attributes)
    assert raised.value.connector == "upstream"


def test_rows_that_are_not_json_fail_the_whole_answer() -> None:
    broken = orjson.dumps({"total": 1, "items": [PRODUCT]}).replace(
        b'"attributes":[', b'"attributes":[}', 1
    )
    with pytest.raises(msgspec.DecodeError):
        shapes.SEARCH.decode(broken)


def test_each_language_reads_its_own_labels_from_the_shared_builders() -> None:
    # The attribute builder is made once per language and shared by every product after.
    row = _row(PRODUCT)
    labels = [a["label"] for a in PRODUCT["attributes"]]  # type: ignore[union-attr]
    for language in ("en", "fr", "en"):
        product = normalise.product(row, language)
        assert [a.label for a in product.attributes] == [
            label.get(language) or label["fr"] for label in labels
        ]


def test_a_variant_with_or_without_options_keeps_them_all() -> None:
    with_axes = shapes.VariantRow("SKU-1", "Rouge / L", {"colour": "rouge", "size": 2})
    assert normalise._variant(with_axes).options == (
        SelectedOption("colour", "rouge"),
        SelectedOption("size", "2"),
    )
    assert normalise._variant(shapes.VariantRow("SKU-2", "Unique")).options == ()
