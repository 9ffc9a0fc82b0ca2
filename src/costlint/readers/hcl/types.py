"""Terraform type constraints (``variable "x" { type = ... }``) and conversion of values to them.

A type is a tuple: ``("string",)``, ``("number",)``, ``("bool",)``, ``("any",)``, ``("list", T)``,
``("set", T)``, ``("map", T)``, ``("tuple", [T, ...])`` or ``("object", {name: (T, optional, default)})``
where ``default`` is the already evaluated default of ``optional(T, default)``.
"""

from __future__ import annotations

from typing import Any

from costlint.model import Unknown
from costlint.readers.hcl import ast
from costlint.readers.hcl.values import EvalError, make_set, to_bool, to_number, to_string, type_name

Type = tuple[Any, ...]
ANY: Type = ("any",)
_PRIMITIVES = {"string", "number", "bool", "any"}


def parse_type(expr: ast.Expr, evaluate_default: Any = None) -> Type:
    """The type a constraint expression describes; EvalError when it is not one.

    ``evaluate_default`` evaluates ``optional(T, default)`` defaults (a callable taking an expression).
    """
    if isinstance(expr, ast.Variable) and expr.name in _PRIMITIVES:
        return (expr.name,)
    if isinstance(expr, ast.Literal) and isinstance(expr.value, str):  # legacy quoted types
        legacy = {"string": ("string",), "list": ("list", ANY), "map": ("map", ANY)}
        if expr.value in legacy:
            return legacy[expr.value]
    if isinstance(expr, ast.Template) and len(expr.parts) == 1 and isinstance(expr.parts[0], ast.Expr):
        return parse_type(expr.parts[0], evaluate_default)
    if isinstance(expr, ast.FunctionCall) and len(expr.args) == 1:
        arg = expr.args[0]
        if expr.name in ("list", "set", "map"):
            return (expr.name, parse_type(arg, evaluate_default))
        if expr.name == "tuple" and isinstance(arg, ast.TupleExpr):
            return ("tuple", [parse_type(item, evaluate_default) for item in arg.items])
        if expr.name == "object" and isinstance(arg, ast.ObjectExpr):
            attributes: dict[str, tuple[Type, bool, Any]] = {}
            for key, value in arg.items:
                if not isinstance(key, ast.Literal):
                    raise EvalError("object type attribute names must be plain names")
                attributes[str(key.value)] = _attribute(value, evaluate_default)
            return ("object", attributes)
    raise EvalError("invalid type constraint")


def _attribute(expr: ast.Expr, evaluate_default: Any) -> tuple[Type, bool, Any]:
    if isinstance(expr, ast.FunctionCall) and expr.name == "optional" and 1 <= len(expr.args) <= 2:
        attr_type = parse_type(expr.args[0], evaluate_default)
        default = None
        if len(expr.args) == 2 and evaluate_default is not None:
            default = convert(evaluate_default(expr.args[1]), attr_type)
        return attr_type, True, default
    return parse_type(expr, evaluate_default), False, None


def is_primitive(type_: Type | None) -> bool:
    return type_ is None or type_[0] in _PRIMITIVES


def convert(value: Any, type_: Type | None) -> Any:
    """``value`` converted to ``type_`` as Terraform would; EvalError when it cannot be."""
    if type_ is None or value is None or isinstance(value, Unknown):
        return value
    kind = type_[0]
    if kind == "any":
        return value
    if kind == "string":
        if isinstance(value, (list, dict)):
            raise EvalError(f"a string is required, got {type_name(value)}")
        return to_string(value)
    if kind == "number":
        return to_number(value)
    if kind == "bool":
        return to_bool(value)
    if kind in ("list", "set"):
        if not isinstance(value, list):
            raise EvalError(f"a {kind} is required, got {type_name(value)}")
        items = [convert(item, type_[1]) for item in value]
        return make_set(items) if kind == "set" else items
    if kind == "tuple":
        if not isinstance(value, list) or len(value) != len(type_[1]):
            raise EvalError(f"a tuple of {len(type_[1])} elements is required")
        return [convert(item, t) for item, t in zip(value, type_[1], strict=False)]
    if not isinstance(value, dict):
        raise EvalError(f"{'a map' if kind == 'map' else 'an object'} is required, got {type_name(value)}")
    if kind == "map":
        return {key: convert(item, type_[1]) for key, item in value.items()}
    out: dict[str, Any] = {}
    for name, (attr_type, optional, default) in type_[1].items():
        if name in value and value[name] is not None:
            out[name] = _wrap(name, value[name], attr_type)
        elif optional:
            out[name] = default
        elif name in value:
            out[name] = None
        else:
            raise EvalError(f'attribute "{name}" is required')
    return out


def _wrap(name: str, value: Any, type_: Type) -> Any:
    try:
        return convert(value, type_)
    except EvalError as exc:
        raise EvalError(f'attribute "{name}": {exc.message}') from None
