"""Values of a root module's input variables, from every source Terraform reads, in its precedence.

Lowest to highest: the declaration's ``default``, ``TF_VAR_<name>`` environment variables,
``terraform.tfvars``, ``terraform.tfvars.json``, ``*.auto.tfvars`` and ``*.auto.tfvars.json`` (one
lexical order over both), ``--var-file`` files (in the order given), ``--var`` (in the order given).
Values are converted to the declared type; ``TF_VAR_`` and ``--var`` strings are parsed as HCL
expressions when the type is complex and taken as raw strings otherwise, as Terraform does.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costlint.files import InputTooLarge, os_reason, read_input
from costlint.model import Unknown, contains_unknown
from costlint.readers import ReadOptions
from costlint.readers.hcl import ast
from costlint.readers.hcl.evaluate import Evaluator, Namespace
from costlint.readers.hcl.types import Type, convert, is_primitive, parse_type
from costlint.readers.hcl.values import EvalError, to_bool, to_string
from costlint.readers.terraform_config import Declaration, ModuleConfig, Problem, relative_file

Report = Callable[[Problem], None]


@dataclass
class Candidate:
    """A value for a variable from one source, not yet converted to its type."""

    value: Any
    source: str
    raw: bool = False
    """A command-line or environment string (parsed according to the variable's type)."""
    expr: ast.Expr | None = None
    file: str = ""
    line: int = 0
    displayed: bool = False


@functools.lru_cache(maxsize=1)
def constant_evaluator() -> Evaluator:
    """One evaluator without names, shared: types, defaults and values given to variables are constants
    (a project of 300 module calls evaluated some 30,000 of them, and building an evaluator costs more
    than evaluating most)."""
    return Evaluator({})


def declared_type(declaration: Declaration, report: Report) -> Type | None:
    body = declaration.body
    attr = body.attributes.get("type") if body is not None else None
    if attr is None:
        return None
    try:
        return parse_type(attr.expr, constant_evaluator().eval)
    except EvalError as exc:
        report(Problem(declaration.file, attr.line, f'variable "{declaration.name}": {exc.message}'))
        return None


def _tfvars_hcl(path: Path, display: str, shown: bool, candidates: dict[str, Candidate], report: Report) -> None:
    from costlint.readers.hcl.parser import parse_bytes

    try:
        data = read_input(path)
    except OSError as exc:
        report(Problem(display, 1, f"cannot read: {os_reason(exc)}", displayed=shown))
        return
    except InputTooLarge as exc:
        report(Problem(display, 1, exc.message, displayed=shown))
        return
    parsed = parse_bytes(data)
    if parsed.error is not None:
        report(Problem(display, parsed.error.line, parsed.error.message, displayed=shown))
        return
    assert parsed.body is not None
    for name, attr in parsed.body.attributes.items():
        candidates[name] = Candidate(None, display, expr=attr.expr, file=display, line=attr.line, displayed=shown)
    for block in parsed.body.blocks:
        report(Problem(display, block.line, f'unexpected block "{block.type}" in a variables file', displayed=shown))


def _tfvars_json(path: Path, display: str, shown: bool, candidates: dict[str, Candidate], report: Report) -> None:
    try:
        document = json.loads(read_input(path).decode("utf-8-sig"))
    except OSError as exc:
        report(Problem(display, 1, f"cannot read: {os_reason(exc)}", displayed=shown))
        return
    except InputTooLarge as exc:
        report(Problem(display, 1, exc.message, displayed=shown))
        return
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        report(Problem(display, line, f"invalid JSON: {getattr(exc, 'msg', str(exc))}", displayed=shown))
        return
    if not isinstance(document, dict):
        report(Problem(display, 1, "a variables file must hold a JSON object", displayed=shown))
        return
    for name, value in document.items():
        candidates[name] = Candidate(value, display, file=display, line=1, displayed=shown)


def _read_file(path: Path, display: str, shown: bool, candidates: dict[str, Candidate], report: Report) -> None:
    """``display``: project-relative (``shown`` false) or as the user gave it (``--var-file``)."""
    if path.name.endswith(".json"):
        _tfvars_json(path, display, shown, candidates, report)
    else:
        _tfvars_hcl(path, display, shown, candidates, report)


def read_variables_file(path: Path) -> dict[str, Candidate]:
    """The entries of a variables file (problems are reported where the file is read for a project)."""
    candidates: dict[str, Candidate] = {}
    if path.is_file():
        _read_file(path, path.as_posix(), True, candidates, lambda problem: None)
    return candidates


def gather(config: ModuleConfig, root: Path, options: ReadOptions, report: Report) -> dict[str, Candidate]:
    """The winning candidate per variable name, sources applied in Terraform's precedence."""
    candidates: dict[str, Candidate] = {}
    for key, value in options.environ.items():
        if key.startswith("TF_VAR_") and len(key) > 7:
            candidates[key[7:]] = Candidate(value, f"environment variable {key}", raw=True)
    declared = {d.name for d in config.of_kind("variable")}
    automatic: list[Path] = []
    for name in ("terraform.tfvars", "terraform.tfvars.json"):
        if (root / name).is_file():
            automatic.append(root / name)
    try:
        auto = sorted(
            p
            for p in root.iterdir()
            if p.is_file() and (p.name.endswith(".auto.tfvars") or p.name.endswith(".auto.tfvars.json"))
        )
    except OSError:
        auto = []
    for path in automatic + auto:
        found: dict[str, Candidate] = {}
        _read_file(path, relative_file(path, root), False, found, report)
        for name, candidate in found.items():
            if name not in declared:
                report(
                    Problem(
                        candidate.file,
                        candidate.line,
                        f'value for undeclared variable "{name}"',
                        "warning",
                        candidate.displayed,
                    )
                )
        candidates.update(found)
    for var_file in options.var_files:
        path = Path(var_file)
        if not path.is_file():
            report(Problem(var_file, 1, "--var-file: no such file", displayed=True))
            continue
        _read_file(path, path.as_posix(), True, candidates, report)
    for name, value in options.variables:
        candidates[name] = Candidate(value, "--var", raw=True)
    return candidates


def resolve(
    declaration: Declaration,
    candidate: Candidate | None,
    type_: Type | None,
    address: str,
    report: Report,
    directories: tuple[Path, Path] | None = None,
    *,
    use_disk: bool = True,
) -> Any:
    """The value of one variable: the candidate converted to the type, or the default, or Unknown.

    ``directories``: the module's and the root module's, where the validation rules' file functions
    (fileset(), fileexists()) look, as Terraform's do; ``use_disk``: their templatefile() may use the
    on-disk parse cache."""
    body = declaration.body
    assert body is not None
    constant = constant_evaluator()
    nullable_attr = body.attributes.get("nullable")
    nullable = not (
        nullable_attr is not None and isinstance(nullable_attr.expr, ast.Literal) and nullable_attr.expr.value is False
    )
    value: Any = None
    given = False
    where = (declaration.file, declaration.line, False)
    if candidate is not None:
        if candidate.file:
            where = (candidate.file, candidate.line, candidate.displayed)
        try:
            if candidate.expr is not None:
                value = constant.eval(candidate.expr)
            elif candidate.raw and not is_primitive(type_):
                from costlint.readers.hcl.parser import parse_expression

                value = constant.eval(parse_expression(candidate.value))
            else:
                value = candidate.value
            value = convert(value, type_)
            given = True
        except (EvalError, ast.HclSyntaxError) as exc:
            message = exc.message
            origin = "" if candidate.file else f" from {candidate.source}"
            report(
                Problem(
                    where[0],
                    where[1],
                    f'variable "{declaration.name}": invalid value{origin}: {message}',
                    displayed=where[2],
                )
            )
            return Unknown(f"{address}var.{declaration.name}")
    if given and (value is not None or nullable):
        validate(declaration, value, address, where, report, directories, use_disk=use_disk)
        return value
    default = body.attributes.get("default")
    if default is not None:
        try:
            value = convert(constant.eval(default.expr), type_)
            validate(
                declaration,
                value,
                address,
                (declaration.file, declaration.line, False),
                report,
                directories,
                use_disk=use_disk,
            )
            return value
        except EvalError as exc:
            report(
                Problem(
                    declaration.file, default.line, f'variable "{declaration.name}": invalid default: {exc.message}'
                )
            )
            return Unknown(f"{address}var.{declaration.name}")
    if given:
        return value
    return _missing(declaration, address, report)


def validate(
    declaration: Declaration,
    value: Any,
    address: str,
    where: tuple[str, int, bool],
    report: Report,
    directories: tuple[Path, Path] | None = None,
    *,
    use_disk: bool = True,
) -> None:
    """Terraform's ``validation`` blocks on a variable's value, reported where the value was given.

    A condition that is unknown, or that reads anything but the variable itself (Terraform 1.9 lets it
    read other variables and locals, which are not evaluated yet here), is taken to pass.
    """
    body = declaration.body
    if body is None or not body.blocks or contains_unknown(value):
        return
    module_dir, root_dir = directories or (None, None)
    scope = Evaluator(
        {"var": Namespace("input variable", "var.", {declaration.name: value})}, module_dir, root_dir, use_disk=use_disk
    )
    for block in body.blocks_of("validation"):
        condition = block.body.attributes.get("condition")
        if condition is None:
            continue
        try:
            passed = to_bool(scope.eval(condition.expr))
        except EvalError as exc:
            if "undeclared" in exc.message:
                continue
            problem = f'variable "{declaration.name}": invalid validation condition: {exc.message}'
            report(Problem(declaration.file, condition.line, (address[:-1] + ": " if address else "") + problem))
            continue
        if isinstance(passed, Unknown) or passed:
            continue
        message_attr = block.body.attributes.get("error_message")
        try:
            message = to_string(scope.eval(message_attr.expr)) if message_attr is not None else "(no error_message)"
        except EvalError:
            message = None
        if not isinstance(message, str):
            message = "(its error_message cannot be evaluated)"
        text = (
            f'invalid value for variable "{declaration.name}": {message} '
            f"(validation rule at {declaration.file}:{block.line})"
        )
        report(Problem(where[0], where[1], (address[:-1] + ": " if address else "") + text, displayed=where[2]))


def _missing(declaration: Declaration, address: str, report: Report) -> Unknown:
    if not address:
        report(
            Problem(
                declaration.file,
                declaration.line,
                f'variable "{declaration.name}" has no value; attributes that use it are unknown',
                "warning",
            )
        )
    return Unknown(f"{address}var.{declaration.name}")
