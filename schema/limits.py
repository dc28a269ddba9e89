"""Argument limits, enforced where the argument is read, with a coded error."""

from __future__ import annotations

from schema.errors import UserInputError

MAX_PAGE_SIZE = 100


def check_first(
    first: int | None, default: int = 20, name: str = "first", maximum: int = MAX_PAGE_SIZE
) -> int:
    """The page size asked for (`default` when null), refused outside 0..maximum."""
    if first is None:
        return default
    if first < 0 or first > maximum:
        raise UserInputError(
            "ARGUMENT_OUT_OF_RANGE",
            f"`{name}` must be between 0 and {maximum}, got {first}",
            [name],
        )
    return first


def check_radius(radius_km: float | None, name: str = "radiusKm") -> float | None:
    if radius_km is not None and not radius_km > 0:
        raise UserInputError("ARGUMENT_OUT_OF_RANGE", f"`{name}` must be positive", [name])
    return radius_km
