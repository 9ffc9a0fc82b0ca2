"""Terraform HCL reader: a directory of ``.tf`` files (a root module) -> ``model.Project``.

Evaluates the configuration as Terraform would before a plan: variables from every source in
Terraform's precedence, locals, ``count``/``for_each``, expressions and functions, local module calls
(and registry/git modules already downloaded by ``terraform init``), provider regions and
``default_tags``. What cannot be known without running Terraform (data sources, attributes computed
by the provider) is ``model.Unknown`` with its origin as reason.

Parts: ``readers/hcl`` (parser, AST, evaluator, functions, types), ``terraform_config`` (one module
directory parsed and analysed), ``terraform_variables`` (root variable values), ``terraform_module``
(evaluation of module instances).
"""

from __future__ import annotations

from pathlib import Path

from costlint.discovery import Discovered
from costlint.files import real_path
from costlint.model import Project
from costlint.readers import ReadOptions
from costlint.readers.hcl.grammar import locate_grammar
from costlint.readers.parse_cache import disabled_by
from costlint.readers.terraform_config import ConfigCache, Problem
from costlint.readers.terraform_module import ModuleRun, ProjectContext, read_modules_json
from costlint.readers.terraform_variables import declared_type, gather, resolve


def read_terraform(found: Discovered, options: ReadOptions) -> Project:
    # A broken hcl2 installation stops the run here (CannotRun), before any file; the parser itself is
    # built (or loaded from the grammar cache) only when a file is not in the parse cache.
    locate_grammar()
    root = real_path(found.path)
    project = Project(found.display, "terraform")
    workspace = _workspace(root, options)
    ctx = ProjectContext(
        root,
        found.display,
        options,
        ConfigCache(root, options.cache and not disabled_by(options.environ)),
        read_modules_json(root),
        workspace or "default",
    )
    config, _ = ctx.cache.get(root)
    if config.unreadable:
        ctx.report(Problem(".", 1, f"cannot read directory: {config.unreadable}"))
    for problem in config.problems:
        ctx.report(problem)
    if not config.unreadable and not any(p.severity == "error" for p in config.problems):
        project.inputs = frozenset(v.name for v in config.of_kind("variable"))
    candidates = gather(config, root, options, ctx.report)
    variables = {}
    for variable in config.of_kind("variable"):
        type_ = declared_type(variable, ctx.report)
        variables[variable.name] = resolve(
            variable, candidates.get(variable.name), type_, "", ctx.report, (root, root), use_disk=ctx.cache.use_disk
        )
    if config.files:
        ModuleRun(ctx, config, "", "", variables, {}, (root,), [], ()).run()
    if workspace is None and any(d.severity == "error" for d in ctx.diagnostics):
        _default_workspace_hint(ctx)
    ctx.resources.sort(key=lambda item: item[0])
    project.resources = [resource for _, resource in ctx.resources]
    # By file and line, as a compiler would list them (evaluation order is dependency order).
    project.diagnostics = sorted(ctx.diagnostics, key=lambda d: (d.file, d.line))
    project.files_read = ctx.cache.files_read
    return project


def _workspace(root: Path, options: ReadOptions) -> str | None:
    """``--workspace``, else ``TF_WORKSPACE``, else ``.terraform/environment``; None: "default" by default."""
    if options.workspace:
        return options.workspace
    if options.environ.get("TF_WORKSPACE"):
        return options.environ["TF_WORKSPACE"]
    try:
        selected = (root / ".terraform" / "environment").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return selected or None


def _default_workspace_hint(ctx: ProjectContext) -> None:
    """Errors in a project that reads terraform.workspace often mean that the workspace was not chosen."""
    for config in ctx.cache.configs.values():
        if config.workspace_use is not None:
            file, line = config.workspace_use
            ctx.report(
                Problem(
                    file,
                    line,
                    'terraform.workspace is "default": no workspace was chosen (--workspace NAME or TF_WORKSPACE); '
                    "errors of this project may come from it",
                    "warning",
                )
            )
            return
