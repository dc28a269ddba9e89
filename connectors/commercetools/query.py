"""Query predicates (`where`) for batches of keys, and the chunks a batch is sent in.

A batch is one predicate with the keys as a list of string literals
(`masterVariant(sku in ("A", "B")) or variants(sku in ("A", "B"))`), so that one request
answers many keys. Literals are double-quoted with `\\` and `"` escaped. A chunk holds at
most `max_count` keys (commercetools returns at most 500 results a page) and its predicate,
URL-encoded, stays under `max_length` characters: URLs have a length limit too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

SEPARATOR_COST = len(quote(", ", safe=""))


def literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def in_list(values: Sequence[str]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


@dataclass(frozen=True, slots=True)
class KeyPredicate:
    """A predicate with one `in (...)` list of keys, written `repeats` times."""

    render: Callable[[str], str]  # the predicate around one rendered list
    repeats: int = 1

    def __call__(self, keys: Sequence[str]) -> str:
        return self.render(in_list(keys))

    def chunks(self, keys: Sequence[str], max_count: int, max_length: int) -> list[list[str]]:
        """`keys` (distinct, in order) in chunks within both limits; a key too long to share
        a request travels alone."""
        base = len(quote(self.render("()"), safe=""))
        chunks: list[list[str]] = []
        current: list[str] = []
        length = base
        for key in dict.fromkeys(keys):
            cost = (len(quote(literal(key), safe="")) + SEPARATOR_COST) * self.repeats
            if current and (len(current) >= max_count or length + cost > max_length):
                chunks.append(current)
                current, length = [], base
            current.append(key)
            length += cost
        if current:
            chunks.append(current)
        return chunks


def field_in(field: str) -> KeyPredicate:
    return KeyPredicate(lambda keys: f"{field} in {keys}")


def localized_in(field: str, locales: Sequence[str]) -> KeyPredicate:
    return KeyPredicate(
        lambda keys: " or ".join(f"{field}({locale} in {keys})" for locale in locales),
        len(locales),
    )


SKU_IN = KeyPredicate(
    lambda keys: f"masterVariant(sku in {keys}) or variants(sku in {keys})", repeats=2
)
ID_IN = field_in("id")
