"""connectors.model_init: every canonical model, built through its generated `__init__`, is
what the plain frozen dataclass would have built — same fields, equality, hash, repr,
signature, argument errors, defaults, frozenness, `replace`, pickling and cache codec."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, InitVar, dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from connectors import models
from connectors.cache_codec import decode, encode
from connectors.model_init import fast_init

MODELS = [
    value
    for value in vars(models).values()
    if isinstance(value, type)
    and value.__module__ == models.__name__
    and dataclasses.is_dataclass(value)
]


def plain_twin(cls: type) -> type:
    """The same fields as a plain frozen, slotted dataclass: the reference to compare with.
    A hash and a `__post_init__` the model defines itself (EarnQuery's) are the twin's too:
    what is compared is what fast_init changes, not what the model chose."""
    own_hash = cls.__dict__.get("__hash__")
    written = own_hash is not None and own_hash.__code__.co_filename != "<string>"
    namespace = {"__hash__": own_hash} if written else {}
    if "__post_init__" in cls.__dict__:
        namespace["__post_init__"] = cls.__dict__["__post_init__"]
    specs = []
    for f in dataclasses.fields(cls):
        options: dict[str, Any] = {
            "init": f.init, "kw_only": f.kw_only, "repr": f.repr, "compare": f.compare
        }  # fmt: skip
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        specs.append((f.name, f.type, field(**options)))
    twin: type = dataclasses.make_dataclass(
        cls.__name__, specs, frozen=True, slots=True, namespace=namespace or None
    )
    return twin


# Models whose own methods read their fields: built from values of the declared types.
TYPED_ARGUMENTS: dict[type, dict[str, Any]] = {
    models.EarnQuery: {"sku": "sku-value", "unit_price": models.Money(Decimal("1.00"), "EUR")},
}


def arguments(cls: type, required_only: bool = False) -> dict[str, Any]:
    """A distinct, hashable value per parameter: `__init__` does not check types."""
    if cls in TYPED_ARGUMENTS:
        return dict(TYPED_ARGUMENTS[cls])  # every field of these is required
    return {
        f.name: f"{f.name}-value"
        for f in dataclasses.fields(cls)
        if f.init
        if not required_only
        or (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    }


def values(instance: object) -> tuple[object, ...]:
    return tuple(getattr(instance, f.name) for f in dataclasses.fields(instance))  # type: ignore[arg-type]


def error_of(call: Any) -> str:
    with pytest.raises(TypeError) as raised:
        call()
    return str(raised.value)


def test_every_model_gets_the_generated_init() -> None:
    assert len(MODELS) >= 46
    for cls in MODELS:
        assert "__setattr__" not in cls.__init__.__code__.co_names, cls.__name__
        assert cls.__init__.__qualname__ == f"{cls.__name__}.__init__"


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_positional_and_keyword_construction_match_the_plain_dataclass(cls: type) -> None:
    given = arguments(cls)
    by_keyword, by_position = cls(**given), cls(*given.values())
    reference = plain_twin(cls)(**given)
    assert by_keyword == by_position
    assert hash(by_keyword) == hash(by_position) == hash(reference)
    assert values(by_keyword) == values(reference)
    assert repr(by_keyword) == repr(reference)
    assert inspect.signature(cls) == inspect.signature(type(reference))


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_defaults_are_the_plain_dataclass_defaults(cls: type) -> None:
    required = arguments(cls, required_only=True)
    assert values(cls(**required)) == values(plain_twin(cls)(**required))


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_argument_errors_read_as_the_plain_dataclass_errors(cls: type) -> None:
    twin, given = plain_twin(cls), arguments(cls)
    assert error_of(lambda: cls()) == error_of(lambda: twin())
    too_many = [*given.values(), "extra"]
    assert error_of(lambda: cls(*too_many)) == error_of(lambda: twin(*too_many))
    unexpected = {**given, "nonsense": 1}
    assert error_of(lambda: cls(**unexpected)) == error_of(lambda: twin(**unexpected))
    first = next(iter(given))
    twice = given[first]  # positionally, and again by keyword
    assert error_of(lambda: cls(twice, **given)) == error_of(lambda: twin(twice, **given))


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_still_frozen_replaceable_and_picklable(cls: type) -> None:
    given = arguments(cls)
    instance = cls(**given)
    name = next(iter(given))
    with pytest.raises(FrozenInstanceError):
        setattr(instance, name, "changed")
    with pytest.raises(FrozenInstanceError):
        delattr(instance, name)
    assert dataclasses.replace(instance, **{name: "changed"}) == cls(**{**given, name: "changed"})
    assert pickle.loads(pickle.dumps(instance)) == instance
    assert not hasattr(instance, "__dict__")


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_the_cache_codec_builds_them_back(cls: type) -> None:
    instance = cls(**arguments(cls))
    back = decode(encode(instance))
    assert back == instance
    assert type(back) is cls


calls: list[str] = []


def _tags() -> list[str]:
    calls.append("tags")
    return []


@fast_init
@dataclass(frozen=True, slots=True)
class Everything:
    """Every kind of field fast_init supports, and a field named `self`."""

    self: str
    tags: list[str] = field(default_factory=_tags)
    count: int = 0
    derived: int = field(init=False, default=7)
    made: list[str] = field(init=False, default_factory=list)
    unset: int = field(init=False)
    flag: bool = field(default=False, kw_only=True)

    def __post_init__(self) -> None:
        calls.append("post_init")


def test_factories_defaults_derived_fields_and_post_init() -> None:
    calls.clear()
    first, second = Everything("a"), Everything("b", ["x"], 2, flag=True)
    assert calls == ["tags", "post_init", "post_init"], "a factory runs only when not given"
    assert (first.tags, first.count, first.derived, first.made, first.flag) == ([], 0, 7, [], False)
    assert first.made is not Everything("c").made, "a fresh value per instance"
    assert (second.self, second.tags, second.count, second.flag) == ("b", ["x"], 2, True)
    assert not hasattr(first, "unset"), "init=False without a default stays unset"
    assert str(inspect.signature(Everything)).startswith(
        "(self: 'str', tags: 'list[str]' = <factory>"
    )
    with pytest.raises(TypeError, match="positional"):
        Everything("a", [], 0, True)  # type: ignore[call-arg]  # flag is keyword-only


def test_what_fast_init_cannot_reproduce_is_refused() -> None:
    @dataclass(slots=True)
    class Mutable:
        x: int

    @dataclass(frozen=True)
    class WithDict:
        x: int

    @dataclass(frozen=True, slots=True)
    class WithInitVar:
        x: int
        seed: InitVar[int] = 0

        def __post_init__(self, seed: int) -> None:
            pass

    for cls in (Mutable, WithDict, WithInitVar):
        with pytest.raises(TypeError, match="fast_init"):
            fast_init(cls)
