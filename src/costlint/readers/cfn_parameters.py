"""CloudFormation parameter values: defaults, ``--parameters-file``, ``--parameter K=V``, nested stacks.

Precedence (later wins): the template's ``Default``, the parameters file, ``--parameter``. A nested
stack's parameters come only from its parent's ``Parameters`` property and its own defaults.

Typing follows what a property receives after deployment: ``CommaDelimitedList`` and ``List<...>``
become lists of strings; ``Number`` becomes an int or float (CloudFormation passes the string, but a
number is what the estimators compare; ``Fn::Equals`` compares as strings either way);
``AWS::SSM::Parameter::Value<...>`` is unknown (it is resolved from SSM at deploy time); the rest
stays a string.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from costlint.discovery import display_path
from costlint.files import InputTooLarge, os_reason, read_input
from costlint.model import Diagnostic, Unknown
from costlint.readers.cfn_decode import line_of
from costlint.readers.cfn_intrinsics import Report, as_text, plain


def load_parameters_file(path: Path) -> tuple[dict[str, Any], Diagnostic | None]:
    """Read a parameters file in either common shape.

    - the AWS CLI's ``[{"ParameterKey": "Env", "ParameterValue": "prod"}, ...]``
    - a plain mapping ``{"Env": "prod"}`` (JSON or YAML), or CodePipeline's ``{"Parameters": {...}}``
    """
    shown = display_path(path)
    try:
        text = read_input(path).decode("utf-8-sig")
    except InputTooLarge as exc:
        return {}, Diagnostic(shown, 1, f"parameters {exc.message}")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        return {}, Diagnostic(shown, 1, f"cannot read parameters file: {reason}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if path.suffix not in (".yaml", ".yml"):
            return {}, Diagnostic(shown, exc.lineno, f"invalid parameters file: {exc.msg}")
        from costlint.bounded_yaml import YamlProblem, load

        try:
            data = load(text).data
        except YamlProblem as problem:
            return {}, Diagnostic(shown, problem.line, f"invalid parameters file: {problem.message}")
    values: dict[str, Any] = {}
    if isinstance(data, list):
        for index, item in enumerate(data):
            if not (isinstance(item, dict) and "ParameterKey" in item):
                return {}, Diagnostic(shown, 1, f"invalid parameters file: item {index} has no ParameterKey")
            if "ParameterValue" in item:  # entries with only UsePreviousValue have nothing to tell
                values[str(item["ParameterKey"])] = _given(item["ParameterValue"])
        return values, None
    if isinstance(data, dict):
        inner = data.get("Parameters")
        if isinstance(inner, dict) and set(data) <= {"Parameters", "Tags", "StackPolicy"}:
            data = inner
        return {str(k): _given(v) for k, v in data.items()}, None
    return {}, Diagnostic(
        shown,
        1,
        "invalid parameters file: expected a list of {ParameterKey, ParameterValue} or a mapping of names to values",
    )


def _given(value: Any) -> Any:
    # Values given from outside are strings to CloudFormation; lists are its comma-delimited form.
    if isinstance(value, list):
        return ",".join(as_text(v) for v in value)
    return value if isinstance(value, str) else as_text(value)


def typed(name: str, parameter_type: str, raw: Any) -> Any:
    """The value a ``Ref`` to the parameter yields."""
    if isinstance(raw, Unknown):
        return raw
    if parameter_type.startswith("AWS::SSM::Parameter::Value<"):
        return Unknown(f"parameter {name} (SSM parameter {as_text(raw)})")
    if parameter_type == "CommaDelimitedList" or parameter_type.startswith("List<"):
        if isinstance(raw, list):
            return [as_text(v) for v in raw]
        return [item.strip() for item in as_text(raw).split(",")]
    if parameter_type == "Number":
        text = as_text(raw).strip()
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return text
    return as_text(raw) if not isinstance(raw, (dict, list)) else raw


def declared_values(section: Any, given: dict[str, Any], report: Report, missing_hint: str) -> dict[str, Any]:
    """Values of a template's declared parameters. Warns (``report``) for those without any value."""
    values: dict[str, Any] = {}
    if section is None:
        return values
    if not isinstance(section, dict):
        report(line_of(section), "Parameters must be a mapping", "error")
        return values
    for key, declaration in section.items():
        name = str(key)
        line = line_of(key)
        if not isinstance(declaration, dict):
            report(line, f"parameter {name} must be a mapping", "error")
            values[name] = Unknown(f"parameter {name}")
            continue
        parameter_type = as_text(plain(declaration.get("Type", "String")))
        if name in given:
            raw = given[name]
        elif "Default" in declaration:
            raw = plain(declaration["Default"])
        else:
            report(line, f"parameter {name} has no value; its uses are unknown ({missing_hint})", "warning")
            values[name] = Unknown(f"parameter {name}")
            continue
        values[name] = typed(name, parameter_type, raw)
        allowed = plain(declaration.get("AllowedValues"))
        if (
            isinstance(allowed, list)
            and not isinstance(raw, (Unknown, list))
            and allowed
            and (as_text(raw) not in {as_text(a) for a in allowed})
        ):
            report(line, f"parameter {name} is '{as_text(raw)}', not one of its AllowedValues", "warning")
    return values
