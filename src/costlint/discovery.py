"""Find the projects in the paths given on the command line.

A project is a Terraform root module (a directory of ``.tf`` files that no other scanned directory
calls as a local module), a Terraform plan JSON file (``terraform show -json``), or a CloudFormation
template (YAML/JSON with ``AWSTemplateFormatVersion``, or ``Resources`` of ``AWS::`` types) that no
other found template names as a local nested stack (``TemplateURL: ./child.yaml``): the parent's reader
follows it with the parameters it passes, so listing it again on its own would count it twice; or a
design sheet (YAML with ``kind: costlint/design`` at its top level).
Directories and files given on the command line are always projects.

Discovery reads file *text* only, with cheap patterns: no HCL, YAML or JSON parsing happens here, so a
malformed file is still found and then reported by its reader with a line number.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from costlint.files import open_problem, os_reason, real_path
from costlint.model import Diagnostic, Language

SKIP_DIRS = frozenset({".terraform", ".git", "node_modules", ".terragrunt-cache", "__pycache__", ".venv"})
TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tofu", ".tofu.json")
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
# What a file is shows in its first lines (AWSTemplateFormatVersion, a plan's terraform_version and
# planned_values); sniffing reads at most this much of each file, so a large file found by walking (a
# lock file, a 100 MB plan) costs one bounded read, and is still found when it is a plan or template.
_SNIFF_HEAD = 1024 * 1024

_CFN_VERSION = re.compile(r"""^\s*["']?AWSTemplateFormatVersion["']?\s*:""", re.M)
_CFN_RESOURCES = re.compile(r"""(^|[{,\s])["']?Resources["']?\s*:""", re.M)
_CFN_AWS_TYPE = re.compile(r"""["']?Type["']?\s*:\s*["']?(AWS|Alexa|Custom)::""")
# A design sheet names its kind at the top level (YAML, or JSON written as YAML's subset).
_DESIGN = re.compile(
    r"""(?:^|[{,]\s*)["']?kind["']?[ \t]*:[ \t]*["']?costlint/design["']?[ \t]*(?:[,}#\r\n]|$)""", re.M
)
_MODULE_SOURCE = re.compile(r"""^\s*source\s*=\s*"(\.\.?/[^"]*)"\s*$""", re.M)
# A nested stack's template given as a plain path (an intrinsic such as !Sub is not followed).
_NESTED_TEMPLATE = re.compile(
    r"""["']?(?:TemplateURL|Location)["']?\s*:\s*["']?([^\s"'{}\[\],#!&*|>][^\s"'{}\[\],#]*)"""
)


@dataclass(frozen=True)
class Discovered:
    language: Language
    path: Path
    """The project root: the module directory, or the plan/template file."""
    display: str
    """The root as the user should see it (relative to the working directory when below it)."""
    explicit: bool = False
    """Given on the command line rather than found by walking a directory."""


def display_path(path: Path, cwd: Path | None = None) -> str:
    cwd = cwd or Path.cwd()
    # The file's own name, not its link target's: a link is shown as the user sees it.
    absolute = real_path(path) if path.name in ("", ".", "..") else real_path(path.parent) / path.name
    try:
        rel = absolute.relative_to(real_path(cwd))
    except ValueError:
        return str(path)
    return rel.as_posix() or "."


def _read_head(path: Path) -> str | None:
    """The text of the file's head (``_SNIFF_HEAD`` bytes); None when it is binary. OSError passes."""
    with path.open("rb") as f:
        data = f.read(_SNIFF_HEAD)
    if _is_binary(data):
        return None
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _read_text(path: Path) -> str | None:
    """The file's head as text; None when it cannot be read or is binary."""
    try:
        return _read_head(path)
    except OSError:
        return None


def _is_binary(data: bytes) -> bool:
    return b"\0" in data[:8192]


def _saved_plan(path: Path) -> bool:
    """``terraform plan -out`` writes a zip archive holding a ``tfplan`` member."""
    import zipfile

    try:
        with path.open("rb") as f:
            head = f.read(4)
        if head != b"PK\x03\x04":
            return False
        with zipfile.ZipFile(path) as archive:
            return "tfplan" in archive.namelist()
    except (OSError, ValueError, RuntimeError, zipfile.BadZipFile):
        return False


def sniff(path: Path, text: str | None = None) -> Language | None:
    """What a single YAML/JSON file is: a plan, a template, a design sheet, or neither."""
    if text is None:
        text = _read_text(path)
    if not text:
        return None
    if (
        path.suffix == ".json"
        and '"terraform_version"' in text
        and ('"planned_values"' in text or '"resource_changes"' in text or '"prior_state"' in text)
    ):
        return "terraform-plan"
    if _DESIGN.search(text):
        return "design"
    if _CFN_VERSION.search(text):
        return "cloudformation"
    if _CFN_RESOURCES.search(text) and _CFN_AWS_TYPE.search(text):
        return "cloudformation"
    return None


def module_calls(directory: Path, tf_files: list[Path]) -> set[Path]:
    """The local module directories (``source = "./..."`` or ``"../..."``) that ``tf_files`` call."""
    called = set()
    for f in tf_files:
        text = _read_text(f)
        if not text or "source" not in text:
            continue
        for match in _MODULE_SOURCE.finditer(text):
            called.add(real_path(directory / match.group(1)))
    return called


def _nested_templates(template: Path, text: str) -> set[Path]:
    """Local templates a template names as nested stacks (``TemplateURL``/SAM ``Location``)."""
    found = set()
    for match in _NESTED_TEMPLATE.finditer(text):
        location = match.group(1)
        if "://" in location or location.startswith("s3:") or "${" in location:
            continue
        found.add(real_path(template.parent / location))
    return found


def _nested_only(templates: dict[Path, tuple[set[Path], bool]]) -> set[Path]:
    """Templates reachable as nested stacks from a template that nothing nests (and not explicit).

    Templates that only nest each other (a cycle, which CloudFormation rejects) stay projects, so
    that their readers can report the cycle.
    """
    nested = {child for children, _ in templates.values() for child in children if child in templates}
    pending = [path for path in templates if path not in nested]
    reached: set[Path] = set()
    while pending:
        for child in templates[pending.pop()][0]:
            if child in templates and child not in reached:
                reached.add(child)
                pending.append(child)
    return {path for path in reached if not templates[path][1]}


def discover(paths: list[str], cwd: Path | None = None) -> tuple[list[Discovered], list[Diagnostic]]:
    cwd = cwd or Path.cwd()
    projects: list[Discovered] = []
    diagnostics: list[Diagnostic] = []
    tf_dirs: dict[Path, tuple[Path, bool]] = {}  # resolved dir -> (as given, explicit)
    calls: set[Path] = set()
    seen_files: set[Path] = set()
    templates: dict[Path, tuple[set[Path], bool]] = {}  # resolved -> (nested templates, explicit)

    def add_file(path: Path, explicit: bool) -> None:
        resolved = real_path(path)
        if resolved in seen_files:
            return
        seen_files.add(resolved)
        name = path.name
        if name.endswith(TERRAFORM_SUFFIXES):
            tf_dirs.setdefault(resolved.parent, (path.parent, explicit))
            return
        if name.endswith(".tfvars") or name.endswith(".tfvars.json"):
            if explicit:
                tf_dirs.setdefault(resolved.parent, (path.parent, True))
            return
        if not name.endswith(TEMPLATE_SUFFIXES):
            if explicit and _saved_plan(path):
                diagnostics.append(
                    Diagnostic(
                        display_path(path, cwd),
                        1,
                        "binary Terraform plan file; give its JSON form instead "
                        "(terraform show -json PLAN > plan.json)",
                    )
                )
            return
        try:
            text = _read_head(path)
        except OSError as exc:
            diagnostics.append(Diagnostic(display_path(path, cwd), 1, f"cannot read: {os_reason(exc)}"))
            return
        if text is None and explicit:
            diagnostics.append(
                Diagnostic(display_path(path, cwd), 1, "binary file, not a Terraform plan or CloudFormation template")
            )
            return
        language = sniff(path, text)
        if language is None and explicit and text is not None and not text.strip():
            # A warning, not an error: an empty YAML file handed over by a pre-commit hook is not a
            # broken template, just nothing to analyse.
            diagnostics.append(Diagnostic(display_path(path, cwd), 1, "empty file", "warning"))
            return
        if language is not None:
            projects.append(Discovered(language, path, display_path(path, cwd), explicit))
        if language == "cloudformation" and text is not None:
            templates[resolved] = (_nested_templates(resolved, text), explicit)

    files: list[Path] = []
    directories: list[Path] = []
    for raw in paths:
        path = Path(raw)
        problem = open_problem(path)
        if problem is not None:
            diagnostics.append(Diagnostic(raw, 1, problem))
        else:
            (files if path.is_file() else directories).append(path)
    # Files given by name first, so that one also found by walking a given directory counts as given.
    for path in files:
        add_file(path, explicit=True)
    explicit_dirs = {real_path(path) for path in directories}

    unreadable: dict[Path, Diagnostic] = {}

    def unreadable_directory(exc: OSError) -> None:
        if exc.filename:
            unreadable[real_path(exc.filename)] = Diagnostic(
                display_path(Path(exc.filename), cwd), 1, f"cannot read directory: {os_reason(exc)}"
            )

    for path in directories:
        for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable_directory):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            directory = Path(dirpath)
            # A .tf file that cannot be opened is reported by the Terraform reader, with its module.
            tf_files = [directory / f for f in sorted(filenames) if f.endswith(TERRAFORM_SUFFIXES)]
            if tf_files:
                resolved = real_path(directory)
                tf_dirs.setdefault(resolved, (directory, resolved in explicit_dirs))
                calls |= module_calls(directory, tf_files)
            for f in sorted(filenames):
                if f.endswith(TERRAFORM_SUFFIXES):
                    continue
                if f.endswith(TEMPLATE_SUFFIXES) and os.path.islink(directory / f):
                    problem = open_problem(directory / f)
                    if problem is not None:
                        # Maybe a template, maybe not: said, without failing the run.
                        shown = display_path(directory / f, cwd)
                        diagnostics.append(Diagnostic(shown, 1, f"{problem}; not read", "warning"))
                        continue
                add_file(directory / f, explicit=False)

    # A module directory that cannot be read is reported by the reader of the module calling it.
    diagnostics += [d for path, d in unreadable.items() if path not in calls]
    for resolved, (given, explicit) in sorted(tf_dirs.items()):
        if resolved in calls and not explicit:
            continue
        projects.append(Discovered("terraform", given, display_path(given, cwd), explicit))

    nested = _nested_only(templates)
    if nested:
        projects = [p for p in projects if p.language != "cloudformation" or real_path(p.path) not in nested]
    projects.sort(key=lambda d: (d.display, d.language))
    return projects, diagnostics
