"""Akeneo JSON to canonical models. A KeyError, TypeError or ValueError here means the PIM
answered something unreadable; the connector turns it into UpstreamBadResponse.

- A root product model is an omnicanal product; its enabled variant products (under it or,
  for two-level family variants, under its sub-models) are its variants, in identifier
  order (the first is the default), with an option per axis of every level. A model with
  no enabled variant is not sellable and reads as missing.
- A simple product is an omnicanal product with one variant whose SKU is its identifier.
- `name`, `description`, `brand` and `image` fill the product's own fields; every other
  value of the model (or simple product) becomes an Attribute, labelled in the locale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from connectors.akeneo.keys import model_id, product_id, slug
from connectors.akeneo.values import ValueReader
from connectors.models import Attribute, Category, Media, Product, SelectedOption, Variant

Raw = dict[str, Any]
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError)
OWN_FIELDS = frozenset({"sku", "name", "description", "brand", "image"})


def simple_product(raw: Raw, reader: ValueReader) -> Product:
    identifier = raw["identifier"]
    title = reader.text(raw["values"], "name") or identifier
    fields = _fields(raw, product_id(identifier), slug(identifier), title, reader)
    return Product(**fields, variants=(Variant(identifier, title),))


def model_product(model: Raw, variants: list[Raw], reader: ValueReader) -> Product | None:
    enabled = sorted((v for v in variants if v.get("enabled")), key=lambda v: v["identifier"])
    if not enabled:
        return None
    code = model["code"]
    title = reader.text(model["values"], "name") or code
    axes = reader.structure.axes(model.get("family_variant"))
    fields = _fields(model, model_id(code), slug(code), title, reader, axes)
    images = [reader.text(v["values"], "image") for v in enabled]
    fields["media"] = _media([*(m.url for m in fields["media"]), *images], title)
    return Product(**fields, variants=tuple(_variant(v, axes, title, reader) for v in enabled))


def _fields(
    raw: Raw, id_: str, handle: str, title: str, reader: ValueReader, axes: tuple[str, ...] = ()
) -> dict[str, Any]:
    values = raw["values"]
    hidden = OWN_FIELDS | set(axes)
    attributes = (
        (code, reader.text(values, code))
        for code in (*reader.structure.attributes, *values)
        if code in values and code not in hidden
    )
    created = raw.get("created")
    return {
        "id": id_,
        "handle": handle,
        "title": title,
        "description": reader.text(values, "description"),
        "brand": reader.text(values, "brand"),
        "category_ids": tuple(raw.get("categories") or ()),
        "attributes": tuple(
            Attribute(code, reader.label(code), text)
            for code, text in dict(attributes).items()
            if text is not None
        ),
        "media": _media([reader.text(values, "image")], title),
        "created_at": datetime.fromisoformat(created) if created else None,
    }


def _variant(raw: Raw, axes: tuple[str, ...], title: str, reader: ValueReader) -> Variant:
    options = tuple(
        SelectedOption(reader.label(axis), text)
        for axis in axes
        if (text := reader.text(raw["values"], axis)) is not None
    )
    return Variant(raw["identifier"], " / ".join(o.value for o in options) or title, options)


def _media(urls: list[str | None], title: str) -> tuple[Media, ...]:
    return tuple(Media(url, title) for url in dict.fromkeys(u for u in urls if u))


def category(raw: Raw, reader: ValueReader) -> Category:
    code = raw["code"]
    labels = raw.get("labels") or {}
    title = next((labels[loc] for loc in reader.locales if labels.get(loc)), code)
    return Category(id=code, handle=slug(code), title=title, parent_id=raw.get("parent"))
