"""Values given for inputs that no project declares: ``--var``, ``--var-file`` entries, ``--parameter``
and ``--parameters-file`` entries.

Terraform refuses a ``-var`` for a variable the root module does not declare and warns about such an
entry of a ``-var-file``; CloudFormation refuses an undeclared parameter. costlint reads several projects
with one set of options (a monorepo, a shared variables file), so the rule is applied to the run: a
value is undeclared only when no project of its language declares it, then an error for ``--var`` and
``--parameter`` (a typo on the command line) and a warning for an entry of a shared file.
"""

from __future__ import annotations

from pathlib import Path

from costlint.model import Diagnostic, Language, Project
from costlint.readers import ReadOptions


def _declared(projects: list[Project], language: Language) -> set[str] | None:
    """Every name the projects of ``language`` declare; None when some project's are not all known."""
    names: set[str] = set()
    for project in projects:
        if project.language != language:
            continue
        if project.inputs is None:
            return None
        names |= project.inputs
    return names


def undeclared_inputs(projects: list[Project], options: ReadOptions) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    variables = _declared(projects, "terraform")
    if variables is not None:
        nobody = "(no Terraform project read declares it)"
        for name, _ in options.variables:
            if name not in variables:
                out.append(Diagnostic("--var", 1, f'value for undeclared variable "{name}" {nobody}'))
        for var_file in options.var_files:
            for name, line in _var_file_names(Path(var_file)):
                if name not in variables:
                    message = f'value for undeclared variable "{name}" {nobody}'
                    out.append(Diagnostic(var_file, line, message, "warning"))
    parameters = _declared(projects, "cloudformation")
    if parameters is not None:
        nobody = "(no CloudFormation template read declares it)"
        for name, _ in options.parameters:
            if name not in parameters:
                out.append(Diagnostic("--parameter", 1, f'value for undeclared parameter "{name}" {nobody}'))
        if options.parameters_file:
            from costlint.discovery import display_path
            from costlint.readers.cfn_parameters import load_parameters_file

            path = Path(options.parameters_file)
            values, problem = load_parameters_file(path)
            if problem is None:
                for name in values:
                    if name not in parameters:
                        message = f'value for undeclared parameter "{name}" {nobody}'
                        out.append(Diagnostic(display_path(path), 1, message, "warning"))
    return list({str(d): d for d in out}.values())


def _var_file_names(path: Path) -> list[tuple[str, int]]:
    """(name, line) of each entry of a variables file; nothing when it cannot be read (its readers say why)."""
    from costlint.readers.terraform_variables import read_variables_file

    return [(name, candidate.line) for name, candidate in read_variables_file(path).items()]
