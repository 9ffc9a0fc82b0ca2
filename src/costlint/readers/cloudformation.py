"""CloudFormation reader: one template (and the local nested templates it names) -> ``Project``.

- Each resource's address is its logical ID; inside a followed nested stack, the logical IDs joined by
  dots (``Network.NatGateway``), and ``module`` is the stack path (``Network``).
- ``line`` is the 1-based line of the logical ID under ``Resources``; ``file`` is relative to the root
  template's directory.
- Region: ``--region``, else us-east-1 (``AWS::Region`` is the same for every resource of the stack).
- A resource whose ``Condition`` is false is left out; one whose condition cannot be evaluated (it
  depends on a parameter without a value) is kept, with a note.
- Nested stacks (``AWS::CloudFormation::Stack``, SAM's ``AWS::Serverless::Application``) are listed;
  a local ``TemplateURL``/``Location`` (``./child.yaml``, as written before ``aws cloudformation
  package``) is read with the ``Parameters`` passed; a remote one gets a note.
- Problems become diagnostics (``path:line: error: message``); nothing here raises for bad input.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

from costlint.discovery import Discovered
from costlint.files import real_path
from costlint.model import Diagnostic, Project, Resource, Severity, Unknown
from costlint.providers import kind_of
from costlint.readers import ReadOptions
from costlint.readers.cfn_decode import decode_template, line_of, unknown_functions
from costlint.readers.cfn_intrinsics import NO_VALUE, Resolver, as_text, plain, pseudo_parameters
from costlint.readers.cfn_parameters import declared_values, load_parameters_file
from costlint.readers.cfn_sam import (
    FUNCTION,
    GLOBALS_SECTION,
    SIMPLE_TABLE,
    dynamodb_properties,
    lambda_properties,
    merge_globals,
)

DEFAULT_REGION = "us-east-1"
NESTED_STACK = "AWS::CloudFormation::Stack"
SAM_APPLICATION = "AWS::Serverless::Application"
_KNOWN_TRANSFORMS = {"AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"}
_MAX_NESTING = 10
# Templates written for Rain (Rain::Module, !Rain::Embed, ...) are CloudFormation only once packaged.
_RAIN = "a Rain directive: rain pkg turns the file into a CloudFormation template"


def read_template(found: Discovered, options: ReadOptions) -> Project:
    project = Project(found.display, "cloudformation")
    given: dict[str, Any] = {}
    if options.parameters_file:
        from_file, problem = load_parameters_file(Path(options.parameters_file))
        given.update(from_file)
        if problem is not None:
            project.diagnostics.append(problem)
    given.update(dict(options.parameters))
    _StackReader(project, found, options.region or DEFAULT_REGION).read(
        real_path(found.path),
        prefix="",
        given=given,
        ancestors=(),
        missing_hint="give it with --parameter NAME=VALUE or --parameters-file",
    )
    # Reading order within each file (problems are found in several passes), files in reading order.
    order = {name: i for i, name in reversed(list(enumerate(d.file for d in project.diagnostics)))}
    project.diagnostics.sort(key=lambda d: (order[d.file], d.line))
    return project


def extract_tags(value: Any) -> dict[str, Any]:
    """``Tags`` as a list of {Key, Value} (most types) or as a map (SAM, SSM, EKS, ...) -> dict."""
    if isinstance(value, dict):
        return dict(value)
    tags: dict[str, Any] = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and "Key" in item and not isinstance(item["Key"], Unknown):
                tags[as_text(item["Key"])] = item.get("Value")
    return tags


def _key_line(mapping: Any, name: str, default: int) -> int:
    if isinstance(mapping, dict):
        for key in mapping:
            if key == name:
                return line_of(key, default)
    return default


class _StackReader:
    def __init__(self, project: Project, found: Discovered, region: str) -> None:
        self.project = project
        self.root_dir = real_path(found.path).parent
        self.root_display_dir = posixpath.dirname(found.display)
        self.root_display = found.display
        self.root_file = real_path(found.path)
        self.region = region
        self.explicit = found.explicit

    def _relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.root_dir)).as_posix()

    def _display(self, path: Path) -> str:
        if path == self.root_file:
            return self.root_display
        return posixpath.normpath(posixpath.join(self.root_display_dir, self._relative(path)))

    def read(
        self, path: Path, *, prefix: str, given: dict[str, Any], ancestors: tuple[Path, ...], missing_hint: str
    ) -> None:
        shown = self._display(path)

        def report(line: int, message: str, severity: Severity = "error") -> None:
            self.project.diagnostics.append(Diagnostic(shown, line, message, severity))

        template, lines, problem = decode_template(path)
        self.project.files_read += 1
        if problem is not None:
            report(problem.line, problem.message)
            return
        self._report_unknown_functions(template, lines, report)
        self._check_transforms(template, report)

        resources = template.get("Resources")
        if "Resources" not in template:
            if not prefix and not self.explicit and "AWSTemplateFormatVersion" not in template:
                # Found by walking: "Resources" and an AWS:: type deeper down (a macro's test event).
                report(1, "not a CloudFormation template (no Resources section at the top); skipped", "warning")
                return
            report(1, "no Resources section")
            return
        if resources is None or resources == {}:
            report(_key_line(template, "Resources", 1), "Resources section is empty", "warning")
            return
        if not isinstance(resources, dict):
            report(_key_line(template, "Resources", 1), "Resources must be a mapping")
            return

        declared = template.get("Parameters")
        if not prefix:
            self.project.inputs = frozenset(str(k) for k in declared) if isinstance(declared, dict) else frozenset()
        parameters = declared_values(declared, given, report, missing_hint)
        resolver = Resolver(
            parameters=parameters,
            pseudo=pseudo_parameters(self.region),
            mappings=template.get("Mappings"),
            conditions=template.get("Conditions"),
            resources={str(k) for k in resources},
            prefix=prefix,
            report=report,
        )
        globals_section = template.get("Globals")
        for key, body in resources.items():
            self._resource(
                str(key),
                line_of(key),
                body,
                resolver,
                globals_section,
                report,
                path=path,
                prefix=prefix,
                ancestors=ancestors,
            )

    def _report_unknown_functions(self, template: Any, lines: list[str], report: Any) -> None:
        unknown = unknown_functions(template, lines)
        if not unknown:
            return
        line, name = unknown[0]
        if "Rain::" in name:
            message = f"{'unknown YAML tag' if name.startswith('!') else 'unknown function'} {name} ({_RAIN})"
        elif name.startswith("!"):
            message = f"unknown YAML tag {name} (not a CloudFormation intrinsic function)"
        else:
            message = f"unknown function {name}"
        if len(unknown) > 1:
            others = ", ".join(str(other_line) for other_line, _ in unknown[1:6])
            message += f"; {len(unknown) - 1} more at line{'s' if len(unknown) > 2 else ''} {others}"
            if len(unknown) > 6:
                message += ", ..."
        report(line, message)

    def _check_transforms(self, template: Any, report: Any) -> None:
        transforms = plain(template.get("Transform"))
        for transform in transforms if isinstance(transforms, list) else [transforms]:
            name = transform.get("Name") if isinstance(transform, dict) else transform
            if name is not None and name not in _KNOWN_TRANSFORMS:
                report(
                    _key_line(template, "Transform", 1),
                    f"transform {as_text(name)} is not applied; resources are read as written",
                    "warning",
                )

    def _resource(
        self,
        logical: str,
        line: int,
        body: Any,
        resolver: Resolver,
        globals_section: Any,
        report: Any,
        *,
        path: Path,
        prefix: str,
        ancestors: tuple[Path, ...],
    ) -> None:
        if logical.startswith("Fn::ForEach::"):
            report(
                line,
                f"{logical}: Fn::ForEach (AWS::LanguageExtensions) is not expanded; "
                "the resources it would create are not listed",
                "warning",
            )
            return
        if not isinstance(body, dict):
            report(line, f"resource {logical} must be a mapping")
            return
        native_type = body.get("Type")
        if native_type is None:
            report(line, f"resource {logical} has no Type")
            return
        if not isinstance(native_type, str):
            keys = [str(k) for k in native_type] if isinstance(native_type, dict) else []
            if any(k.startswith("Fn::Rain::") for k in keys):
                return  # a YAML tag (!Rain::Module), already reported as such
            rain = any("Rain::" in k for k in keys)
            report(line, f"resource {logical}: Type must be a string" + (f" ({_RAIN})" if rain else ""))
            return
        native_type = str(native_type)
        resolver.line = line
        notes: list[str] = []
        if "Condition" in body:
            state = resolver.condition(plain(body["Condition"]), body["Condition"])
            if state is False:
                return
            if isinstance(state, Unknown):
                notes.append(f"included although its condition is unknown ({state.reason})")

        raw = body.get("Properties")
        section = GLOBALS_SECTION.get(native_type)
        if section and isinstance(globals_section, dict):
            raw = merge_globals(globals_section.get(section), raw)
        properties = resolver.value(raw) if raw is not None else {}
        if properties is NO_VALUE:
            properties = {}
        if isinstance(properties, Unknown):
            notes.append(f"Properties unknown ({properties.reason})")
            properties = {}
        if not isinstance(properties, dict):
            report(_key_line(body, "Properties", line), f"resource {logical}: Properties must be a mapping")
            return

        tags = extract_tags(properties.get("Tags"))
        attributes = properties
        if native_type == FUNCTION:
            attributes, sam_notes = lambda_properties(properties)
            notes.extend(sam_notes)
        elif native_type == SIMPLE_TABLE:
            attributes = dynamodb_properties(properties)

        address = prefix + logical
        metadata = plain(body.get("Metadata"))  # costlint's own key holds suppressions
        resource = Resource(
            address=address,
            type=native_type,
            kind=kind_of(native_type, "aws"),
            provider="aws",
            region=self.region,
            attributes=attributes,
            tags=tags,
            file=self._relative(path),
            line=line,
            language="cloudformation",
            module=prefix.rstrip("."),
            notes=notes,
            metadata=metadata if isinstance(metadata, dict) else {},
        )
        self.project.resources.append(resource)

        if native_type == NESTED_STACK:
            location, key = properties.get("TemplateURL"), "TemplateURL"
        elif native_type == SAM_APPLICATION:
            location, key = properties.get("Location"), "Location"
            if isinstance(location, dict):  # {ApplicationId, SemanticVersion}: the Serverless Repository
                resource.notes.append("nested template not followed (remote)")
                return
        else:
            return
        self._nested(
            resource,
            location,
            properties.get("Parameters"),
            _key_line(raw, key, line),
            report,
            path=path,
            ancestors=ancestors,
        )

    def _nested(
        self,
        resource: Resource,
        location: Any,
        parameters: Any,
        line: int,
        report: Any,
        *,
        path: Path,
        ancestors: tuple[Path, ...],
    ) -> None:
        logical = resource.address.rsplit(".", 1)[-1]
        if isinstance(location, Unknown):
            resource.notes.append(f"nested template not followed (its location is unknown: {location.reason})")
            return
        if not isinstance(location, str) or not location:
            resource.notes.append("nested template not followed (no template location)")
            return
        if "://" in location or location.startswith("s3:"):
            resource.notes.append("nested template not followed (remote)")
            return
        child = real_path(path.parent / location)
        if not child.is_file():
            report(line, f"nested stack {logical}: template {location} not found")
            resource.notes.append(f"nested template not found: {location}")
            return
        if child == path or child in ancestors:
            report(
                line,
                f"nested stack {logical}: template {location} is already being read "
                "(a cycle of nested stacks); not followed",
            )
            return
        if len(ancestors) >= _MAX_NESTING:
            report(line, f"nested stack {logical}: more than {_MAX_NESTING} levels of nesting; not followed")
            return
        if isinstance(parameters, Unknown) or not isinstance(parameters, dict):
            if parameters is not None:
                resource.notes.append("nested stack Parameters unknown; the child's defaults are used")
            parameters = {}
        resource.notes.append(f"nested template followed: {self._relative(child)}")
        self.read(
            child,
            prefix=resource.address + ".",
            given=parameters,
            ancestors=(*ancestors, path),
            missing_hint=f"not passed by stack {resource.address}",
        )
