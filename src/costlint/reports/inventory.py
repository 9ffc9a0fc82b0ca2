"""Formats for ``costlint resources``: a table for people, JSON for scripts."""

from __future__ import annotations

import json
import posixpath
from typing import Any

from costlint.model import Project, Resource, Unknown, to_jsonable
from costlint.reports.breakdown_format import plural
from costlint.reports.text_wrap import wrap

# Attributes worth a glance in the inventory, Terraform and CloudFormation spellings, in order.
KEY_ATTRIBUTES = (
    "instance_type",
    "InstanceType",
    "instance_class",
    "DBInstanceClass",
    "node_type",
    "CacheNodeType",
    "engine",
    "Engine",
    "allocated_storage",
    "AllocatedStorage",
    "size",
    "Size",
    "type",
    "VolumeType",
    "volume_type",
    "load_balancer_type",
    "Type",
    "vpc_endpoint_type",
    "VpcEndpointType",
    "desired_capacity",
    "DesiredCapacity",
    "min_size",
    "MinSize",
    "desired_count",
    "DesiredCount",
    "memory_size",
    "MemorySize",
    "runtime",
    "Runtime",
    "billing_mode",
    "BillingMode",
    "multi_az",
    "MultiAZ",
    "num_cache_nodes",
    "NumCacheNodes",
    "retention_in_days",
    "RetentionInDays",
)
_MAX_KEY_ATTRIBUTES = 3


def _short(value: Any) -> str:
    if isinstance(value, Unknown):
        return f"(unknown: {value.reason})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        text = json.dumps(to_jsonable(value), separators=(",", ":"))
        return text if len(text) <= 40 else text[:37] + "..."
    return str(value)


def key_attributes(resource: Resource) -> str:
    shown = []
    for name in KEY_ATTRIBUTES:
        if name in resource.attributes and resource.attributes[name] is not None:
            shown.append(f"{name}={_short(resource.attributes[name])}")
            if len(shown) == _MAX_KEY_ATTRIBUTES:
                break
    return " ".join(shown)


def location(project: Project, resource: Resource) -> str:
    """``file:line`` as seen from the working directory (project root joined with the file)."""
    root = project.path if project.language == "terraform" else posixpath.dirname(project.path)
    path = posixpath.normpath(posixpath.join(root, resource.file)) if root not in ("", ".") else resource.file
    return f"{path}:{resource.line}"


def _region(resource: Resource) -> str:
    if isinstance(resource.region, Unknown):
        return "(unknown)"
    return resource.region or "-"


def render_table(projects: list[Project], width: int | None = None) -> str:
    """One row per resource; ``width``: fit a terminal of that many columns (a row too wide for it becomes
    the address on one line and the rest, wrapped, under it)."""
    lines: list[str] = []
    for project in projects:
        header = f"Project: {project.path} ({project.language}, {plural(len(project.resources), 'resource')})"
        lines += [header] if width is None else wrap(header, width, "  ")
        rows = [("ADDRESS", "TYPE", "REGION", "LOCATION", "ATTRIBUTES")]
        rows += [(r.address, r.type, _region(r), location(project, r), key_attributes(r)) for r in project.resources]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        stacked = width is not None and any(2 + sum(w + 2 for w in widths) + len(row[4]) > width for row in rows)
        for row in rows[1:] if stacked else rows:
            if stacked and width is not None:
                lines += wrap(row[0], width, "    ", "  ")
                lines += wrap("  ".join(cell for cell in row[1:] if cell), width, "        ", "      ")
                continue
            cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("")
    total = sum(len(p.resources) for p in projects)
    lines.append(f"{plural(total, 'resource')} in {plural(len(projects), 'project')}")
    return "\n".join(lines) + "\n"


def resource_json(project: Project, resource: Resource) -> dict[str, Any]:
    out: dict[str, Any] = {
        "address": resource.address,
        "type": resource.type,
        "kind": resource.kind,
        "provider": resource.provider,
        "region": to_jsonable(resource.region),
        "project": project.path,
        "file": resource.file,
        "line": resource.line,
        "module": resource.module,
        "attributes": to_jsonable(resource.attributes),
        "tags": to_jsonable(resource.tags),
    }
    if resource.action is not None:
        out["action"] = resource.action
    if resource.before is not None:
        out["before"] = to_jsonable(resource.before)
    if resource.notes:
        out["notes"] = list(resource.notes)
    return out


def render_json(projects: list[Project]) -> str:
    doc = {
        "projects": [
            {
                "path": p.path,
                "language": p.language,
                "files_read": p.files_read,
                "resources": len(p.resources),
                "diagnostics": [
                    {"file": d.file, "line": d.line, "severity": d.severity, "message": d.message}
                    for d in p.diagnostics
                ],
            }
            for p in projects
        ],
        "resources": [resource_json(p, r) for p in projects for r in p.resources],
    }
    return json.dumps(doc, indent=2) + "\n"
