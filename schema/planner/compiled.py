"""Each object plan's fields, completed by one function generated for the plan.

The loop the planner ran over an object's fields read, for every field of every object,
the same facts from the field's plan (how to get the value, its key, whether it may be
null, which Python type passes as is) and branched on them. Those facts are fixed once the
operation is compiled, so the function is written out for the plan instead: a scalar read
from the parent becomes `v = source.title` and `if type(v) is str: obj['title'] = v`,
`__typename` a constant, a batch field a call of the run's `_join`, an object held by the
parent read as an attribute, and every other field (resolvers with arguments) a call of the
run's general `_field`. Anything the inline test does not accept (a null, a value of another
type, one out of range, a getter that raises) goes to the run's `_scalar`, which completes
it exactly as before, errors included.

The generated text names no value of the document: keys and attribute names are checked
identifiers passed as literals, and everything else (field plans, getters, type names)
reaches the function through its namespace. The compiled code is kept per text, so
documents that differ only in their values share it. Generating costs (Python's `compile`)
about half of what validating the document did, so it waits for an operation's second run
(OperationPlan.note_run): a document sent once, as most hostile ones are, never pays it. A
plan with more fields than MAX_GENERATED_FIELDS keeps the general loop for good."""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from types import CodeType
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache
from graphql.pyutils import Undefined
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT

from schema.planner.fields import Kind

if TYPE_CHECKING:
    from schema.planner.plan import FieldPlan, ObjectPlan

MAX_GENERATED_FIELDS = 64
CACHED_CODES = 1024

# (run, source, obj, at): completes every field of `source` into `obj`.
Expand = Callable[[Any, Any, dict[str, Any], Any], None]

# The inline test for a value that is its own serialization, per built-in scalar's type
# (schema/planner/natives.py decides the same for the general path).
_INLINE_TEST = {
    str: "type(v) is str",
    bool: "type(v) is bool",
    int: f"type(v) is int and {GRAPHQL_MIN_INT} <= v <= {GRAPHQL_MAX_INT}",
    float: "type(v) is float and v - v == 0.0",
}

_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")

_codes: LRUCache[str, CodeType] = LRUCache(CACHED_CODES)


def expander(plan: ObjectPlan) -> Expand | None:
    """The plan's generated function, or None when the general loop should run it."""
    if len(plan.fields) > MAX_GENERATED_FIELDS:
        return None
    namespace: dict[str, Any] = {}
    body: list[str] = []
    for index, field_plan in enumerate(plan.fields):
        body += _field_lines(index, field_plan, namespace)
    bound = ["    field = run._field"] if any("field(" in line for line in body) else []
    text = "\n".join(["def expand(run, source, obj, at):", *bound, *body, "    return None"])
    code = _codes.get(text)
    if code is None:
        code = _codes[text] = compile(text, f"<plan of {plan.type.name}>", "exec")
    exec(code, namespace)  # our own text: see the module docstring
    expand: Expand = namespace["expand"]
    return expand


def _field_lines(index: int, field_plan: FieldPlan, namespace: dict[str, Any]) -> list[str]:
    name = f"f{index}"
    namespace[name] = field_plan
    key = _literal(field_plan.key)
    resolution = field_plan.resolution
    if resolution.kind is Kind.TYPENAME:
        namespace[f"t{index}"] = field_plan.parent_type.name
        return [f"    obj[{key}] = t{index}"]
    if resolution.kind is Kind.BATCH:
        return [f"    run._join({name}, source, obj, at)"]
    if field_plan.scalar_getter is None:
        if resolution.kind is Kind.ATTRIBUTE and _is_identifier(resolution.attribute):
            return _attribute_lines(name, resolution.attribute, namespace)
        return [f"    field({name}, source, obj, at)"]
    if resolution.kind is Kind.ATTRIBUTE and _is_identifier(resolution.attribute):
        read = f"source.{resolution.attribute}"
    else:
        namespace[f"g{index}"] = field_plan.scalar_getter
        read = f"g{index}(source)"
    test = _INLINE_TEST.get(field_plan.native) if field_plan.native else None
    if test is None:
        return _serialized_lines(index, key, field_plan, read, namespace)
    slow = "elif v is not None:" if field_plan.nullable else "else:"
    return [
        "    try:",
        f"        v = {read}",
        "    except Exception:",
        f"        field({name}, source, obj, at)",
        "    else:",
        f"        if {test}:",
        f"            obj[{key}] = v",
        f"        {slow}",
        f"            run._scalar({name}, v, source, obj, at)",
    ]


def _attribute_lines(name: str, attribute: str, namespace: dict[str, Any]) -> list[str]:
    """An object (or a list) held by the parent: the run's `_field` for an attribute,
    without its dispatch on the field's kind."""
    namespace["Parent"] = _parent_class()
    return [
        f"    p = Parent({name}, source, obj, at)",
        "    try:",
        f"        v = source.{attribute}",
        "    except Exception as error:",
        "        run._fail(p, error)",
        "    else:",
        "        run._complete_field(p, v)",
    ]


def _parent_class() -> type:
    from schema.planner.run import Parent  # run imports plan, which imports this module

    return Parent


def _serialized_lines(
    index: int, key: str, field_plan: FieldPlan, read: str, namespace: dict[str, Any]
) -> list[str]:
    """An enum or a custom scalar: its serializer always runs. What does not serialize
    (None or Undefined back, an exception), or a null where none may be, goes to `_field`,
    which records graphql-core's error."""
    assert field_plan.leaf is not None
    namespace[f"s{index}"] = field_plan.leaf.coerce_output_value
    namespace["Undefined"] = Undefined
    slow = "elif v is not None:" if field_plan.nullable else "else:"
    return [
        "    try:",
        f"        v = {read}",
        f"        c = None if v is None else s{index}(v)",
        "    except Exception:",
        f"        field(f{index}, source, obj, at)",
        "    else:",
        "        if c is not None and c is not Undefined:",
        f"            obj[{key}] = c",
        f"        {slow}",
        f"            field(f{index}, source, obj, at)",
    ]


def _is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and name.isascii()


def _literal(key: str) -> str:
    # Response keys are GraphQL names, which the parser checked; the check here keeps
    # anything else out of the generated text all the same.
    if _GRAPHQL_NAME.fullmatch(key) is None:
        raise ValueError(f"not a GraphQL name: {key!r}")
    return repr(key)
