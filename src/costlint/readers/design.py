"""Design sheets: a design with no code yet, as a small YAML file, read into the same resources.

::

    kind: costlint/design
    name: checkout                    # optional, for people
    region: eu-west-1                 # default region of the components (else --region)
    tags: {Team: payments}            # merged into every component's tags (like default_tags)
    components:
      - name: web
        type: aws_instance            # a Terraform type, a CloudFormation type or a costlint kind
        count: 3                      # instances: aws_instance.web[0..2], as Terraform's count
        size: m7g.large               # the kind's main sizing attribute (here instance_type)
        region: eu-west-1             # optional
        tags: {Role: web}
        usage: {monthly_hrs: 730}     # usage keys, as in a usage file (a usage file still wins)
        attributes:                   # anything else, in the Terraform argument shape
          root_block_device: {volume_size: 50, volume_type: gp3}
      - name: web-ip
        type: aws_eip
        attributes: {instance: "${web[0]}"}   # a reference: ${name}, ${name[index]}, ${name.attribute}

Each component becomes ``count`` resources (one without ``count``) with the Terraform type of its kind,
the address ``<type>.<name>`` (``[i]`` with ``count``), language ``design`` and Terraform-shaped
attributes, so the specs, estimators and rules read it as they read Terraform. Its ``usage`` goes to the
project's ``SourceUsage``. A value ``${name}`` refers to another component (as ``aws_instance.web.id``
would in Terraform: an unknown value linking the two). Every mistake is one ``file:line: error:``
diagnostic and the component is left out; the rest of the sheet is read. Instances are capped as the
Terraform reader caps them.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from costlint.discovery import Discovered
from costlint.files import InputTooLarge, os_reason, read_input
from costlint.model import Diagnostic, Project, Resource, SourceUsage, Unknown
from costlint.providers import ResourceType, provider, provider_of_type, row_of
from costlint.readers import ReadOptions

if TYPE_CHECKING:
    import yaml

KIND = "costlint/design"
SHEET_KEYS = ("kind", "name", "description", "region", "tags", "components")
COMPONENT_KEYS = ("name", "type", "count", "size", "region", "tags", "usage", "attributes", "description")

SIZE_ATTRIBUTE = {
    "ec2.instance": "instance_type",
    "ec2.spot_instance_request": "instance_type",
    "ec2.launch_template": "instance_type",
    "ec2.launch_configuration": "instance_type",
    "rds.instance": "instance_class",
    "rds.cluster_instance": "instance_class",
    "elasticache.cluster": "node_type",
    "elasticache.replication_group": "node_type",
    "ebs.volume": "size",
    "lambda.function": "memory_size",
    "eks.node_group": "instance_types",
}
"""What ``size`` stands for, by kind: the attribute that sizes it (a node group's is a list of one)."""

# The Terraform reader's caps (readers/terraform_module.py, which imports the HCL evaluator: a design sheet
# does not need it); tests/test_design.py checks that they are the same.
MAX_INSTANCES = 10_000
MAX_PROJECT_INSTANCES = 50_000

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_REFERENCE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\d+)\])?(?:\.([A-Za-z_][A-Za-z0-9_]*))?\}$")
"""``${name}``, ``${name[0]}``, ``${name.arn}``: another component, as a Terraform reference would name it."""
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


class _Mistake(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _entries(node: yaml.Node, what: str) -> dict[str, tuple[int, yaml.Node]]:
    """A mapping node's keys (as text) with their line and value node; a mistake when it is no mapping."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise _Mistake(_line(node), f"{what} must be a mapping")
    out: dict[str, tuple[int, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            raise _Mistake(_line(key), f"{what}: keys must be plain names (no merge keys or complex keys)")
        out[str(key.value)] = (_line(key), value)
    return out


def _unknown_keys(entries: dict[str, tuple[int, yaml.Node]], known: tuple[str, ...], what: str) -> list[_Mistake]:
    out = []
    for key, (line, _) in entries.items():
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (keys: {', '.join(known)})"
            out.append(_Mistake(line, f"{what}: unknown key '{key}'{suggestion}"))
    return out


def _value(node: yaml.Node, what: str, depth: int = 0) -> Any:
    """The plain value of a node: numbers as int or Decimal (as the Terraform reader gives them),
    mappings and lists as dicts and lists."""
    import yaml

    if depth > 32:
        raise _Mistake(_line(node), f"{what} is nested too deeply")
    if isinstance(node, yaml.MappingNode):
        return {key: _value(value, f"{what}.{key}", depth + 1) for key, (_, value) in _entries(node, what).items()}
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, what, depth + 1) for item in node.value]
    return _scalar(node, what)


def _scalar(node: yaml.Node, what: str) -> Any:
    import yaml

    tag = node.tag
    text = str(node.value)
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return int(Decimal(text.replace("_", "")))
    if tag == "tag:yaml.org,2002:float":
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            raise _Mistake(_line(node), f"{what}: {text} is not a number costlint reads") from None
        if not number.is_finite():
            raise _Mistake(_line(node), f"{what}: {text} is not a finite number")
        return number
    if tag == "tag:yaml.org,2002:bool":
        return yaml.SafeLoader.bool_values[text.lower()]
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:str":
        return text
    raise _Mistake(_line(node), f"{what}: unsupported YAML tag {tag}")


def _text(node: yaml.Node, what: str) -> str:
    value = _value(node, what)
    if not isinstance(value, str) or not value.strip():
        raise _Mistake(_line(node), f"{what} must be a non-empty string, got {_shown(value)}")
    return value.strip()


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f'the text "{value}"'
    return str(value)


def _region(node: yaml.Node, what: str) -> str:
    region = _text(node, what)
    if not _REGION.match(region):
        raise _Mistake(_line(node), f"{what}: {region!r} is not a region code such as us-east-1")
    return region


def _tags(node: yaml.Node, what: str) -> dict[str, str]:
    out = {}
    for key, (line, value) in _entries(node, what).items():
        item = _value(value, f"{what}.{key}")
        if isinstance(item, (dict, list)) or item is None:
            raise _Mistake(line, f"{what}: the value of tag {key} must be text, got {_shown(item)}")
        out[key] = ("true" if item else "false") if isinstance(item, bool) else str(item)
    return out


def _type_row(node: yaml.Node) -> tuple[str, ResourceType]:
    """The Terraform type and table row of a component's ``type`` (Terraform, CloudFormation, or kind)."""
    written = _text(node, "type")
    entry = row_of(written) if "::" in written or "_" in written else None
    if entry is None:
        aws = provider("aws")
        entry = aws.of_kind(written) if aws is not None else None
    if entry is None:
        aws = provider("aws")
        known = [t for r in aws.types for t in (r.kind, *r.types)] if aws is not None else []
        hint = difflib.get_close_matches(written, known, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise _Mistake(
            _line(node),
            f"unknown type '{written}'{suggestion}: give a Terraform type (aws_instance), a CloudFormation type "
            "(AWS::EC2::Instance) or a costlint kind (ec2.instance)",
        )
    if not entry.terraform:
        raise _Mistake(
            _line(node),
            f"type '{written}' ({entry.kind}) has no Terraform type: design sheets use the Terraform argument shape",
        )
    return entry.terraform[0], entry


def _usage(node: yaml.Node, address_lines: dict[tuple[str, ...], int]) -> dict[str, Any]:
    """A component's usage: key -> number, text, flag or a mapping of numbers (checked against the
    estimators' keys later, as a usage file is)."""
    out: dict[str, Any] = {}
    for key, (line, value) in _entries(node, "usage").items():
        item = _value(value, f"usage.{key}")
        if isinstance(item, list):
            raise _Mistake(line, f"usage.{key} must be a number, text or mapping, got a list")
        address_lines[(key,)] = line
        if isinstance(item, dict):
            for inner, (inner_line, _) in _entries(value, f"usage.{key}").items():
                address_lines[(key, inner)] = inner_line
        out[key] = _usage_number(item)
    return out


def _usage_number(value: Any) -> Any:
    """Numbers as Decimal, as the usage file has them."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, dict):
        return {k: _usage_number(v) for k, v in value.items()}
    return value


class _Sheet:
    def __init__(self, found: Discovered, options: ReadOptions) -> None:
        self.found = found
        self.options = options
        self.file = found.path.name
        self.project = Project(found.display, "design", files_read=1)
        self.usage = SourceUsage(found.display)
        self.expanded = 0
        self.names: dict[str, int] = {}
        self.components: dict[str, tuple[str, int | None]] = {}
        """Name -> (Terraform type, count) of each component read, for references."""

    def error(self, line: int, message: str) -> None:
        self.project.diagnostics.append(Diagnostic(self.found.display, line, message))

    def read(self) -> Project:
        from costlint.bounded_yaml import YamlProblem, load

        try:
            text = read_input(self.found.path).decode("utf-8")
        except OSError as exc:
            self.error(1, f"cannot read: {os_reason(exc)}")
            return self.project
        except InputTooLarge as exc:
            self.error(1, exc.message)
            return self.project
        except UnicodeDecodeError as exc:
            self.error(1, f"cannot read: not UTF-8 ({exc.reason})")
            return self.project
        try:
            document = load(text.removeprefix("\ufeff"))
        except YamlProblem as problem:
            self.error(problem.line, f"invalid YAML: {problem.message}")
            return self.project
        if document.node is None:
            self.error(1, "empty design sheet")
            return self.project
        try:
            self._sheet(document.node)
        except _Mistake as mistake:
            self.error(mistake.line, mistake.message)
        if self.usage.values:
            self.project.usage = self.usage
        self.project.diagnostics.sort(key=lambda d: d.line)
        return self.project

    def _sheet(self, node: yaml.Node) -> None:
        entries = _entries(node, "a design sheet")
        kind = entries.get("kind")
        if kind is None or _value(kind[1], "kind") != KIND:
            raise _Mistake(kind[0] if kind else 1, f"a design sheet starts with 'kind: {KIND}'")
        for mistake in _unknown_keys(entries, SHEET_KEYS, "design sheet"):
            self.error(mistake.line, mistake.message)
        region: str | None = self.options.region
        tags: dict[str, str] = {}
        try:
            if "region" in entries:
                region = _region(entries["region"][1], "region")
            if "tags" in entries:
                tags = _tags(entries["tags"][1], "tags")
        except _Mistake as mistake:
            self.error(mistake.line, mistake.message)
        if "components" not in entries:
            raise _Mistake(1, "a design sheet lists its components under 'components:'")
        import yaml

        line, components = entries["components"]
        if not isinstance(components, yaml.SequenceNode):
            raise _Mistake(line, "components must be a list of components (- name: ..., type: ...)")
        for component in components.value:
            try:
                self._component(component, region, tags)
            except _Mistake as mistake:
                self.error(mistake.line, mistake.message)
        reported: set[tuple[int, str]] = set()
        for resource in self.project.resources:
            resource.attributes = self._linked(resource.attributes, resource.line, reported)

    def _linked(self, value: Any, line: int, reported: set[tuple[int, str]]) -> Any:
        """Attribute values with each ``${name...}`` reference replaced by the unknown value Terraform's
        reader gives a reference to another resource (so links between resources work the same way)."""
        if isinstance(value, dict):
            return {k: self._linked(v, line, reported) for k, v in value.items()}
        if isinstance(value, list):
            return [self._linked(v, line, reported) for v in value]
        if not isinstance(value, str) or not value.startswith("${"):
            return value
        match = _REFERENCE.match(value)
        problem = None
        if match is None:
            problem = f"{value}: a reference is ${{name}}, ${{name[index]}} or ${{name.attribute}}"
        elif match.group(1) not in self.components:
            problem = f"{value}: no component is named {match.group(1)!r}"
        else:
            name, index, attribute = match.groups()
            tf_type, count = self.components[name]
            if index is not None and (count is None or int(index) >= count):
                problem = f"{value}: component {name} has {'no count' if count is None else f'{count} instances'}"
            else:
                address = f"{tf_type}.{name}" + (f"[{index}]" if index is not None else "")
                return Unknown(f"{address}.{attribute or 'id'}", ref=address)
        if (line, value) not in reported:
            reported.add((line, value))
            self.error(line, problem)
        return value

    def _component(self, node: yaml.Node, region: str | None, sheet_tags: dict[str, str]) -> None:
        where = _line(node)
        entries = _entries(node, "a component")
        problems = _unknown_keys(entries, COMPONENT_KEYS, "component")
        if problems:
            for mistake in problems[1:]:
                self.error(mistake.line, mistake.message)
            raise problems[0]
        if "name" not in entries:
            raise _Mistake(where, "a component needs a name")
        name_line, name_node = entries["name"]
        name = _text(name_node, "name")
        if not _NAME.match(name):
            raise _Mistake(name_line, f"name {name!r}: use letters, digits, '_' and '-' (starting with a letter)")
        if name in self.names:
            raise _Mistake(name_line, f"a component named {name!r} is already at line {self.names[name]}")
        self.names[name] = name_line
        if "type" not in entries:
            raise _Mistake(where, f"component {name}: 'type' is required")
        tf_type, entry = _type_row(entries["type"][1])
        attributes: dict[str, Any] = {}
        if "attributes" in entries:
            written = _value(entries["attributes"][1], "attributes")
            if not isinstance(written, dict):
                raise _Mistake(entries["attributes"][0], f"component {name}: attributes must be a mapping")
            attributes = {k: v for k, v in written.items() if v is not None}
        if "size" in entries:
            self._size(entries["size"], entry, attributes, name)
        own_tags = _tags(entries["tags"][1], "tags") if "tags" in entries else {}
        if own_tags:
            attributes["tags"] = own_tags
        resource_region: str | Unknown | None = region
        if "region" in entries:
            resource_region = _region(entries["region"][1], "region")
        if resource_region is None and provider_of_type(tf_type) == "aws":
            resource_region = Unknown("region not set in the design sheet (on the sheet or component, or --region)")
        usage_lines: dict[tuple[str, ...], int] = {}
        usage = _usage(entries["usage"][1], usage_lines) if "usage" in entries else {}
        count = self._count(entries.get("count"), name)
        self.components[name] = (tf_type, count)
        suffixes = [""] if count is None else [f"[{i}]" for i in range(count)]
        for suffix in suffixes:
            address = f"{tf_type}.{name}{suffix}"
            self.project.resources.append(
                Resource(
                    address=address,
                    type=tf_type,
                    kind=entry.kind,
                    provider=provider_of_type(tf_type),
                    region=resource_region,
                    attributes=_copy(attributes),
                    tags={**sheet_tags, **own_tags},
                    file=self.file,
                    line=where,
                    language="design",
                )
            )
            if usage:
                self.usage.values[address] = _copy(usage)
                self.usage.lines[(address,)] = entries["usage"][0]
                self.usage.lines.update({(address, *key): line for key, line in usage_lines.items()})

    def _size(self, item: tuple[int, yaml.Node], entry: ResourceType, attributes: dict[str, Any], name: str) -> None:
        line, node = item
        target = SIZE_ATTRIBUTE.get(entry.kind)
        if target is None:
            raise _Mistake(
                line,
                f"component {name}: {entry.kind} has no size shorthand; set its attributes instead "
                f"(size stands for: {', '.join(f'{k} {v}' for k, v in SIZE_ATTRIBUTE.items())})",
            )
        if target in attributes:
            raise _Mistake(line, f"component {name}: size and attributes.{target} are both given")
        value = _value(node, "size")
        if value is None or isinstance(value, (dict, list, bool)):
            raise _Mistake(line, f"component {name}: size must be a {target}, got {_shown(value)}")
        attributes[target] = [value] if target == "instance_types" else value

    def _count(self, item: tuple[int, yaml.Node] | None, name: str) -> int | None:
        if item is None:
            return None
        line, node = item
        value = _value(node, "count")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _Mistake(line, f"component {name}: count must be a whole number of 0 or more, got {_shown(value)}")
        if value > MAX_INSTANCES:
            raise _Mistake(
                line,
                f"component {name}: count is {value:,}; costlint expands at most {MAX_INSTANCES:,} instances of "
                "one component (left out)",
            )
        if self.expanded + value > MAX_PROJECT_INSTANCES:
            raise _Mistake(
                line,
                f"component {name}: {value:,} more instances would pass the {MAX_PROJECT_INSTANCES:,} costlint "
                "expands in one project (left out)",
            )
        self.expanded += value
        return value


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def read_design(found: Discovered, options: ReadOptions) -> Project:
    return _Sheet(found, options).read()
