"""Evaluate CloudFormation intrinsic functions over a decoded template, without deploying it.

Values become concrete wherever parameters, pseudo parameters, mappings and conditions make them so;
everything that only exists after deployment is an ``Unknown`` whose reason names its source
(``Ref LaunchTemplate``, ``Fn::GetAtt DB.Endpoint.Address``, ``parameter Env``) and whose ``ref`` is the
address of the resource it comes from, when there is one. cfn-lint's own resolver is deliberately not
used: it is not public API and yields every *possible* value, while costlint needs the one value given
these inputs.

Conditions evaluate to True, False or an ``Unknown`` (three-valued logic: ``And`` with a False operand is
False even when another is unknown).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

from costlint.model import Severity, Unknown, contains_unknown, first_unknown
from costlint.readers.cfn_decode import line_of


class _NoValue:
    """``AWS::NoValue``: the property (or list item) it is assigned to disappears."""

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()

PSEUDO_UNKNOWN = ("AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs")
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
Report = Callable[[int, str, Severity], None]  # (line, message, severity)


def pseudo_parameters(region: str) -> dict[str, Any]:
    partition, suffix = "aws", "amazonaws.com"
    if region.startswith("cn-"):
        partition, suffix = "aws-cn", "amazonaws.com.cn"
    elif region.startswith("us-gov-"):
        partition = "aws-us-gov"
    values: dict[str, Any] = {"AWS::Region": region, "AWS::Partition": partition, "AWS::URLSuffix": suffix}
    for name in PSEUDO_UNKNOWN:
        values[name] = Unknown(name)
    return values


def plain(value: Any) -> Any:
    """Strip decoder node classes and YAML-only types from a literal value (no intrinsics)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if hasattr(value, "isoformat"):  # unquoted YAML dates such as 2010-09-09
        return value.isoformat()
    return value


def as_text(value: Any) -> str:
    """How CloudFormation renders a scalar inside a string (``Fn::Sub``, ``Fn::Join``, ``Fn::Equals``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(as_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Resolver:
    """Evaluates the intrinsic functions of one template (one stack)."""

    def __init__(
        self,
        *,
        parameters: dict[str, Any],
        pseudo: dict[str, Any],
        mappings: Any,
        conditions: Any,
        resources: set[str],
        prefix: str,
        report: Report,
    ) -> None:
        self.parameters = parameters
        self.pseudo = pseudo
        self.mappings = mappings if isinstance(mappings, dict) else {}
        self.conditions = conditions if isinstance(conditions, dict) else {}
        self.resources = resources
        self.prefix = prefix
        self.report = report
        self.line = 1  # fallback for values without a mark: the resource being read
        self._condition_values: dict[str, bool | Unknown] = {}
        self._evaluating: set[str] = set()

    # -- values -----------------------------------------------------------------------------------

    def value(self, node: Any) -> Any:
        """The evaluated value of ``node``; ``NO_VALUE`` when it is ``AWS::NoValue``."""
        if isinstance(node, dict):
            if len(node) == 1:
                (key,) = node.keys()
                handler = _FUNCTIONS.get(str(key))
                if handler is not None:
                    return handler(self, node[key], node)
                if str(key).startswith("Fn::"):
                    # Reported once per file by the reader (unknown_functions); here it is just unknown.
                    return Unknown(str(key))
            out = {}
            for k, v in node.items():
                resolved = self.value(v)
                if resolved is not NO_VALUE:
                    out[str(k)] = resolved
            return out
        if isinstance(node, list):
            return [v for v in (self.value(item) for item in node) if v is not NO_VALUE]
        return plain(node)

    def _warn(self, node: Any, message: str) -> None:
        self.report(line_of(node, self.line), message, "warning")

    def ref(self, name: Any, node: Any) -> Any:
        name = self.value(name) if isinstance(name, dict) else plain(name)
        if isinstance(name, Unknown):
            return Unknown(f"Ref {name.reason}")
        if not isinstance(name, str):
            self._warn(node, f"Ref needs a name, got {name!r}")
            return Unknown("Ref")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.resources:
            return Unknown(f"Ref {name}", ref=self.prefix + name)
        self._warn(node, f"Ref to {name}, which is neither a parameter nor a resource of this template")
        return Unknown(f"Ref {name}")

    def get_att(self, arg: Any, node: Any) -> Any:
        if isinstance(arg, str):
            resource, _, attribute = str(arg).partition(".")
        elif isinstance(arg, list) and len(arg) == 2:
            resource = plain(arg[0])
            attribute = self.value(arg[1])
            if isinstance(attribute, Unknown):
                attribute = "?"
        else:
            self._warn(node, "Fn::GetAtt needs [resource, attribute]")
            return Unknown("Fn::GetAtt")
        ref = self.prefix + resource if resource in self.resources else None
        if ref is None:
            self._warn(node, f"Fn::GetAtt of {resource}, which is not a resource of this template")
        return Unknown(f"Fn::GetAtt {resource}.{as_text(attribute)}", ref=ref)

    def sub(self, arg: Any, node: Any) -> Any:
        if isinstance(arg, list) and len(arg) == 2:
            text, variables = self.value(arg[0]), self.value(arg[1])
            if not isinstance(variables, dict):
                variables = {}
        else:
            text, variables = self.value(arg), {}
        if isinstance(text, Unknown):
            return Unknown(f"Fn::Sub of {text.reason}", ref=text.ref)
        if not isinstance(text, str):
            self._warn(node, "Fn::Sub needs a string")
            return Unknown("Fn::Sub")
        unknown: list[Unknown] = []
        unknown_names: list[str] = []

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} is the escape for a literal ${Literal}
                return "${" + name[1:] + "}"
            name = name.strip()
            if name in variables:
                resolved = variables[name]
            elif "." in name and "::" not in name.split(".", 1)[0]:
                resolved = self.get_att(name, node)
            else:
                resolved = self.ref(name, node)
            if contains_unknown(resolved):
                found = first_unknown(resolved)
                assert found is not None
                unknown.append(found)
                unknown_names.append("${" + name + "}")
                return ""
            return "" if resolved is NO_VALUE else as_text(resolved)

        result = _SUB_VARIABLE.sub(replace, text)
        if unknown:
            refs = {u.ref for u in unknown if u.ref}
            return Unknown(
                "Fn::Sub " + " ".join(dict.fromkeys(unknown_names)), ref=refs.pop() if len(refs) == 1 else None
            )
        return result

    def join(self, arg: Any, node: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            self._warn(node, "Fn::Join needs [delimiter, list]")
            return Unknown("Fn::Join")
        delimiter, items = self.value(arg[0]), self.value(arg[1])
        found = first_unknown([delimiter, items])
        if found is not None:
            return Unknown(f"Fn::Join of {found.reason}", ref=found.ref)
        if not isinstance(items, list):
            self._warn(node, "Fn::Join needs a list to join")
            return Unknown("Fn::Join")
        return as_text(delimiter).join(as_text(item) for item in items)

    def select(self, arg: Any, node: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            self._warn(node, "Fn::Select needs [index, list]")
            return Unknown("Fn::Select")
        index, items = self.value(arg[0]), self.value(arg[1])
        if isinstance(index, Unknown):
            return Unknown(f"Fn::Select of {index.reason}", ref=index.ref)
        if isinstance(items, Unknown):
            return Unknown(f"Fn::Select {as_text(index)} of {items.reason}", ref=items.ref)
        try:
            position = int(as_text(index))
        except ValueError:
            self._warn(node, f"Fn::Select index {index!r} is not a number")
            return Unknown("Fn::Select")
        if not isinstance(items, list) or not 0 <= position < len(items):
            self._warn(node, f"Fn::Select index {position} is out of range")
            return Unknown("Fn::Select")
        return items[position]

    def split(self, arg: Any, node: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 2):
            self._warn(node, "Fn::Split needs [delimiter, string]")
            return Unknown("Fn::Split")
        delimiter, source = self.value(arg[0]), self.value(arg[1])
        found = first_unknown([delimiter, source])
        if found is not None:
            return Unknown(f"Fn::Split of {found.reason}", ref=found.ref)
        if not as_text(delimiter):
            self._warn(node, "Fn::Split needs a non-empty delimiter")
            return Unknown("Fn::Split")
        return as_text(source).split(as_text(delimiter))

    def find_in_map(self, arg: Any, node: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) in (3, 4)):
            self._warn(node, "Fn::FindInMap needs [mapping, top-level key, second-level key]")
            return Unknown("Fn::FindInMap")
        keys = [self.value(a) for a in arg[:3]]
        found = first_unknown(keys)
        if found is not None:
            return Unknown(
                f"Fn::FindInMap {as_text(keys[0]) if isinstance(keys[0], str) else '?'} with {found.reason}",
                ref=found.ref,
            )
        name, top, second = (as_text(k) for k in keys)
        level = self.mappings.get(name)
        level = level.get(top) if isinstance(level, dict) else None
        if isinstance(level, dict) and second in level:
            return self.value(level[second])
        default = arg[3] if len(arg) == 4 and isinstance(arg[3], dict) else {}
        if "DefaultValue" in default:  # AWS::LanguageExtensions
            return self.value(default["DefaultValue"])
        where = f"Mappings.{name}" if name in self.mappings else "Mappings"
        missing = name if name not in self.mappings else (top if not isinstance(level, dict) else second)
        self._warn(node, f"Fn::FindInMap: {where} has no key '{missing}'")
        return Unknown(f"Fn::FindInMap {name}.{top}.{second}")

    def if_(self, arg: Any, node: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 3):
            self._warn(node, "Fn::If needs [condition, value if true, value if false]")
            return Unknown("Fn::If")
        name = plain(arg[0])
        state = self.condition(name, node)
        if state is True:
            return self.value(arg[1])
        if state is False:
            return self.value(arg[2])
        when_true, when_false = self.value(arg[1]), self.value(arg[2])
        if not contains_unknown([when_true, when_false]) and when_true == when_false:
            return when_true
        return Unknown(f"Fn::If {name} ({state.reason})")

    def base64(self, arg: Any, node: Any) -> Any:
        source = self.value(arg)
        found = first_unknown(source)
        if found is not None:
            return Unknown(f"Fn::Base64 of {found.reason}", ref=found.ref)
        return base64.b64encode(as_text(source).encode()).decode()

    def to_json_string(self, arg: Any, node: Any) -> Any:
        source = self.value(arg)
        found = first_unknown(source)
        if found is not None:
            return Unknown(f"Fn::ToJsonString of {found.reason}", ref=found.ref)
        return json.dumps(source, separators=(",", ":"))

    def length(self, arg: Any, node: Any) -> Any:
        source = self.value(arg)
        if isinstance(source, list):
            return len(source)
        return Unknown("Fn::Length" + (f" of {source.reason}" if isinstance(source, Unknown) else ""))

    def import_value(self, arg: Any, node: Any) -> Any:
        name = self.value(arg)
        return Unknown(f"Fn::ImportValue {name.reason if isinstance(name, Unknown) else as_text(name)}")

    def get_azs(self, arg: Any, node: Any) -> Any:
        region = self.value(arg)
        if not isinstance(region, str) or not region:
            region = self.pseudo["AWS::Region"]
        return Unknown(f"Fn::GetAZs {region}")

    def transform(self, arg: Any, node: Any) -> Any:
        name = arg.get("Name") if isinstance(arg, dict) else None
        return Unknown(f"Fn::Transform {plain(name)}" if isinstance(name, str) else "Fn::Transform")

    def condition_function_as_value(self, arg: Any, node: Any) -> Any:
        # Fn::Equals/And/Or/Not where a value is expected (rules, Fn::ToJsonString): a boolean.
        return self.condition_expression(node)

    # -- conditions -------------------------------------------------------------------------------

    def condition(self, name: Any, node: Any = None) -> bool | Unknown:
        """Value of the named condition of the Conditions section."""
        if not isinstance(name, str):
            self._warn(node, f"condition name must be a string, got {name!r}")
            return Unknown("condition")
        if name in self._condition_values:
            return self._condition_values[name]
        if name not in self.conditions:
            self._warn(node, f"condition {name} is not defined in Conditions")
            return Unknown(f"condition {name} (not defined)")
        if name in self._evaluating:
            self._warn(self.conditions[name], f"condition {name} refers to itself")
            return Unknown(f"condition {name} (circular)")
        self._evaluating.add(name)
        try:
            state = self.condition_expression(self.conditions[name])
        finally:
            self._evaluating.discard(name)
        if isinstance(state, Unknown):
            state = Unknown(f"condition {name}: {state.reason}")
        self._condition_values[name] = state
        return state

    def condition_expression(self, node: Any) -> bool | Unknown:
        if isinstance(node, bool):
            return node
        if not (isinstance(node, dict) and len(node) == 1):
            self._warn(node, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")
            return Unknown("invalid condition")
        (key,) = node.keys()
        arg = node[key]
        if key == "Condition":
            return self.condition(plain(arg), node)
        if key == "Fn::Equals":
            if not (isinstance(arg, list) and len(arg) == 2):
                self._warn(node, "Fn::Equals needs two values")
                return Unknown("Fn::Equals")
            left, right = self.value(arg[0]), self.value(arg[1])
            found = first_unknown([left, right])
            if found is not None:
                return Unknown(found.reason, ref=found.ref)
            return _comparable(left) == _comparable(right)
        if key in ("Fn::And", "Fn::Or", "Fn::Not"):
            if not isinstance(arg, list) or not arg or (key == "Fn::Not" and len(arg) != 1):
                self._warn(node, f"{key} needs a list of conditions")
                return Unknown(str(key))
            states = [self.condition_expression(a) for a in arg]
            if key == "Fn::Not":
                return states[0] if isinstance(states[0], Unknown) else not states[0]
            decisive = key == "Fn::Or"  # the operand value that decides the result on its own
            if any(s is decisive for s in states):
                return decisive
            unknown = next((s for s in states if isinstance(s, Unknown)), None)
            return unknown if unknown is not None else not decisive
        self._warn(node, f"{key} cannot be used in a condition")
        return Unknown(str(key))


def _comparable(value: Any) -> Any:
    """CloudFormation compares condition operands as strings: ``Fn::Equals [!Ref Count, "2"]``."""
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return as_text(value)


_FUNCTIONS: dict[str, Callable[[Resolver, Any, Any], Any]] = {
    "Ref": Resolver.ref,
    "Fn::GetAtt": Resolver.get_att,
    "Fn::Sub": Resolver.sub,
    "Fn::Join": Resolver.join,
    "Fn::Select": Resolver.select,
    "Fn::Split": Resolver.split,
    "Fn::FindInMap": Resolver.find_in_map,
    "Fn::If": Resolver.if_,
    "Fn::Base64": Resolver.base64,
    "Fn::ToJsonString": Resolver.to_json_string,
    "Fn::Length": Resolver.length,
    "Fn::ImportValue": Resolver.import_value,
    "Fn::GetAZs": Resolver.get_azs,
    "Fn::Transform": Resolver.transform,
    "Fn::Cidr": lambda self, arg, node: Unknown("Fn::Cidr"),
    "Fn::Equals": Resolver.condition_function_as_value,
    "Fn::And": Resolver.condition_function_as_value,
    "Fn::Or": Resolver.condition_function_as_value,
    "Fn::Not": Resolver.condition_function_as_value,
}
