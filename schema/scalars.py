"""Custom scalars of the contract. Each validates its input so that a bad country or
currency is a coded GraphQL error at validation time, not a surprise in a connector."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NewType

import strawberry

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _validator(
    name: str, pattern: re.Pattern[str], example: str, normalise: bool
) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string such as {example!r}")
        text = value.strip()
        text = text.upper() if normalise and name != "LanguageCode" else text
        text = text.lower() if name == "LanguageCode" else text
        if not pattern.match(text):
            raise ValueError(f"{value!r} is not a valid {name} (for example {example!r})")
        return text

    return parse


CountryCode = NewType("CountryCode", str)
LanguageCode = NewType("LanguageCode", str)
CurrencyCode = NewType("CurrencyCode", str)

# Registered through StrawberryConfig.scalar_map (see schema/build.py).
SCALAR_MAP: dict[object, Any] = {
    CountryCode: strawberry.scalar(
        name="CountryCode",
        description='ISO 3166-1 alpha-2, e.g. "FR"',
        serialize=str,
        parse_value=_validator("CountryCode", _COUNTRY, "FR", normalise=True),
    ),
    LanguageCode: strawberry.scalar(
        name="LanguageCode",
        description='BCP 47 primary tag, e.g. "fr"',
        serialize=str,
        parse_value=_validator("LanguageCode", _LANGUAGE, "fr", normalise=True),
    ),
    CurrencyCode: strawberry.scalar(
        name="CurrencyCode",
        description='ISO 4217, e.g. "EUR"',
        serialize=str,
        parse_value=_validator("CurrencyCode", _CURRENCY, "EUR", normalise=True),
    ),
}
