"""One Terraform module directory, parsed: its variables, locals, providers, resources, data sources,
module calls and outputs, each with the file and line it was declared at.

Each file's bytes are parsed once per run (``parse_cache``, which also keeps the trees on disk for the
next run); what depends only on a directory's files (each declaration's references, the evaluation
order) is computed once per run for every project that calls the directory (``load_module``), so that
N instances of a module cost N evaluations and one analysis. ``ConfigCache`` holds a project's copies.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from costlint.files import InputTooLarge, open_problem, os_reason, read_input
from costlint.readers.hcl import ast
from costlint.readers.hcl.evaluate import references

# Meta-arguments of resources, data sources and module calls: not attributes of the resource.
RESOURCE_META = frozenset({"count", "for_each", "provider", "depends_on"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
MODULE_META = frozenset({"source", "version", "providers", "count", "for_each", "depends_on"})
_IGNORED_BLOCKS = frozenset({"terraform", "moved", "import", "check", "removed"})


@dataclass
class Declaration:
    kind: str
    """variable, local, provider, resource, data, module, output."""
    name: str
    """``x`` for var.x, ``aws_instance.web`` for a resource, ``aws.west`` for a provider."""
    file: str
    """Relative to the project root, posix."""
    line: int
    order: int
    body: ast.Body | None = None
    expr: ast.Expr | None = None
    """For locals: the value's expression."""
    type: str = ""
    label: str = ""
    deps: list[str] = field(default_factory=list)

    @property
    def node(self) -> str:
        if self.kind == "resource":
            return self.name
        if self.kind == "data":
            return "data." + self.name
        return f"{'var' if self.kind == 'variable' else self.kind}.{self.name}"


@dataclass
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"
    displayed: bool = False
    """``file`` is already as the user should see it (a ``--var-file`` as given)."""


@dataclass
class ModuleConfig:
    directory: Path
    files: list[str] = field(default_factory=list)
    declarations: dict[str, Declaration] = field(default_factory=dict)
    """Graph node id (``var.x``, ``local.y``, ``aws_instance.web``, ``data.t.n``, ``module.m``,
    ``output.o``, ``provider.aws.west``) -> declaration, in declaration order."""
    problems: list[Problem] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    """Node ids in evaluation order (dependencies first)."""
    cycles: list[list[str]] = field(default_factory=list)
    module_cycles: bool = False
    """Some cycle goes through a module call (evaluated in two passes)."""
    workspace_use: tuple[str, int] | None = None
    """File and line of the first declaration that reads ``terraform.workspace``."""
    unreadable: str | None = None
    """Why the directory could not be listed (``permission denied``), when it could not."""

    def of_kind(self, kind: str) -> list[Declaration]:
        return [d for d in self.declarations.values() if d.kind == kind]


def relative_file(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


_SUFFIXES = (".tf.json", ".tofu.json", ".tf", ".tofu")


def _stem(name: str) -> str:
    return next(name[: -len(suffix)] for suffix in _SUFFIXES if name.endswith(suffix))


def _is_override(name: str) -> bool:
    stem = _stem(name)
    return stem == "override" or stem.endswith("_override")


def terraform_files(directory: Path) -> list[Path]:
    """The configuration files of a module: ``.tf`` and ``.tf.json``, and OpenTofu's ``.tofu`` and
    ``.tofu.json``, which replace the ``.tf`` / ``.tf.json`` file of the same name (OpenTofu's rule);
    overrides last. OSError when the directory cannot be listed. A file that cannot be opened (a broken
    link, a link loop) is listed: reading it reports it."""
    with os.scandir(directory) as entries:
        names = sorted(
            e.name
            for e in entries
            if e.name.endswith(_SUFFIXES) and (e.is_symlink() or e.is_file(follow_symlinks=False))
        )
    present = set(names)
    names = [
        n
        for n in names
        if not (n.endswith(".tf") and n[:-3] + ".tofu" in present)
        and not (n.endswith(".tf.json") and n[:-8] + ".tofu.json" in present)
    ]
    # Override files are applied after all the others (Terraform's rule), in lexical order.
    return [directory / n for n in names if not _is_override(n)] + [directory / n for n in names if _is_override(n)]


@dataclass
class FileParse:
    body: ast.Body | None
    error_line: int
    error: str
    """Why the file could not be read or parsed; "" with no body: not a file (skipped)."""
    problems: list[tuple[int, str]]
    content: tuple[str, bytes] | None = None
    """(syntax, SHA-256) of the bytes parsed; None when the file could not be read."""


def parse_file(path: Path, use_disk: bool = True) -> FileParse:
    """One file, read and parsed. The parse is shared with every other file of the same bytes in this
    run, and kept on disk for the next (``parse_cache``, unless ``use_disk`` is False)."""
    from costlint.readers.parse_cache import content_key, parse

    problem = open_problem(path)
    if problem is not None:
        return FileParse(None, 1, problem, [])
    if path.is_dir():
        return FileParse(None, 0, "", [])  # a directory named like a .tf file (through a link): not a file
    try:
        data = read_input(path)
    except OSError as exc:
        return FileParse(None, 1, f"cannot read: {os_reason(exc)}", [])
    except InputTooLarge as exc:
        return FileParse(None, 1, exc.message, [])
    key = content_key(data, "json" if path.name.endswith((".tf.json", ".tofu.json")) else "hcl")
    parsed = parse(data, key, use_disk)
    if parsed.error is not None:
        return FileParse(None, parsed.error.line, parsed.error.message, parsed.problems, key)
    assert parsed.body is not None
    return FileParse(parsed.body, 0, "", parsed.problems, key)


_analysed: dict[tuple[tuple[str, str, bytes], ...], ModuleConfig] = {}
"""Module directories analysed in this run, by their files' names and contents: the projects that
call the same module (every example of a repository calls its root module) and vendored copies of it
share one analysis. Files are named relative to the module's directory here."""


def load_module(directory: Path, root: Path, use_disk: bool = True) -> ModuleConfig:
    """The module in ``directory``, its files named relative to ``root`` (the project's root)."""
    try:
        paths = terraform_files(directory)
    except OSError as exc:
        config = ModuleConfig(directory)
        config.unreadable = os_reason(exc)
        return config
    parses = [(path, parse_file(path, use_disk)) for path in paths]
    contents = [(path.name, *found.content) for path, found in parses if found.content is not None]
    key = tuple(contents) if len(contents) == len(parses) else None
    analysed = _analysed.get(key) if key is not None else None
    if analysed is None:
        analysed = _load(directory, [(path.name, found) for path, found in parses])
        if key is not None:
            _analysed[key] = analysed
    prefix = relative_file(directory, root)
    return _relabel(analysed, directory, "" if prefix == "." else prefix + "/")


def _load(directory: Path, files: list[tuple[str, FileParse]]) -> ModuleConfig:
    config = ModuleConfig(directory)
    order = 0
    for name, found in files:
        if found.body is None and not found.error:
            continue
        config.files.append(name)
        config.problems += [Problem(name, line, message) for line, message in found.problems]
        if found.body is None:
            config.problems.append(Problem(name, found.error_line, found.error))
            continue
        override = _is_override(name)
        for block in found.body.blocks:
            order += 1
            for declaration in _declarations(block, name, order, config):
                _add(config, declaration, override)
    _analyse(config)
    return config


def _relabel(analysed: ModuleConfig, directory: Path, prefix: str) -> ModuleConfig:
    """A copy of an analysed module for one project: its directory, its files named from the project's
    root. The declarations are copied (the project's evaluation keys some of its state by them); their
    bodies, dependencies and the evaluation order are shared."""
    if not prefix and analysed.directory == directory:
        return analysed
    config = copy.copy(analysed)
    config.directory = directory
    config.files = [prefix + name for name in analysed.files]
    config.problems = [dataclasses.replace(p, file=prefix + p.file) for p in analysed.problems]
    config.declarations = {}
    for node, declaration in analysed.declarations.items():
        # A shallow copy by its __dict__: copy.copy's generic protocol cost 0.04 s of a 1.0 s warm run of
        # the ten terraform-aws-modules repositories (23,000 declarations).
        moved = Declaration.__new__(Declaration)
        moved.__dict__.update(declaration.__dict__)
        moved.file = prefix + declaration.file
        config.declarations[node] = moved
    if analysed.workspace_use is not None:
        config.workspace_use = (prefix + analysed.workspace_use[0], analysed.workspace_use[1])
    return config


def _declarations(block: ast.Block, file: str, order: int, config: ModuleConfig) -> list[Declaration]:
    kind, labels = block.type, block.labels
    wanted = {"variable": 1, "resource": 2, "data": 2, "module": 1, "output": 1, "provider": 1, "locals": 0}
    if kind in _IGNORED_BLOCKS:
        return []
    if kind not in wanted:
        config.problems.append(Problem(file, block.line, f'unsupported block type "{kind}"', "warning"))
        return []
    if len(labels) != wanted[kind]:
        config.problems.append(Problem(file, block.line, f'a "{kind}" block needs {wanted[kind]} label(s)'))
        return []
    if kind == "locals":
        return [
            Declaration("local", name, file, attr.line, order, expr=attr.expr)
            for name, attr in block.body.attributes.items()
        ]
    if kind in ("resource", "data"):
        return [
            Declaration(
                kind, f"{labels[0]}.{labels[1]}", file, block.line, order, block.body, type=labels[0], label=labels[1]
            )
        ]
    if kind == "provider":
        alias_attr = block.body.attributes.get("alias")
        alias = alias_attr.expr.value if alias_attr and isinstance(alias_attr.expr, ast.Literal) else None
        name = f"{labels[0]}.{alias}" if alias else labels[0]
        return [Declaration("provider", name, file, block.line, order, block.body, type=labels[0])]
    return [Declaration(kind, labels[0], file, block.line, order, block.body)]


def _add(config: ModuleConfig, declaration: Declaration, override: bool) -> None:
    node = declaration.node
    existing = config.declarations.get(node)
    if existing is None:
        if override:
            config.problems.append(
                Problem(declaration.file, declaration.line, f"override of {node}, which is not declared")
            )
            return
        config.declarations[node] = declaration
        return
    if override:
        _merge_override(existing, declaration)
        return
    what = node if declaration.kind != "provider" else f'provider "{declaration.name}"'
    config.problems.append(
        Problem(declaration.file, declaration.line, f"{what} is already declared at {existing.file}:{existing.line}")
    )


def _merge_override(base: Declaration, override: Declaration) -> None:
    if override.expr is not None:
        base.expr = override.expr
    if base.body is None or override.body is None:
        return
    attributes = dict(base.body.attributes)
    attributes.update(override.body.attributes)
    replaced = {b.type for b in override.body.blocks}
    blocks = [b for b in base.body.blocks if b.type not in replaced] + list(override.body.blocks)
    base.body = ast.Body(attributes, blocks)


def body_expressions(body: ast.Body, skip: frozenset[str] = frozenset()) -> list[ast.Expr]:
    out: list[ast.Expr] = []
    stack = [body]
    first = True
    while stack:
        current = stack.pop()
        out += [a.expr for name, a in current.attributes.items() if not (first and name in skip)]
        stack += [b.body for b in current.blocks]
        first = False
    return out


def _expressions(declaration: Declaration) -> list[ast.Expr]:
    if declaration.kind == "local":
        return [declaration.expr] if declaration.expr is not None else []
    body = declaration.body
    if body is None or declaration.kind == "variable":
        return []
    if declaration.kind == "data":
        return [a.expr for n, a in body.attributes.items() if n in ("count", "for_each")]
    if declaration.kind == "module":
        exprs = body_expressions(body, frozenset({"source", "version", "depends_on"}))
        return exprs
    if declaration.kind == "resource":
        return body_expressions(body, frozenset({"depends_on", "provider"}))
    return body_expressions(body)


def _node_of(ref: tuple[str, ...]) -> str:
    if ref[0] == "var":
        return "var." + ref[1] if len(ref) > 1 else ""
    if ref[0] == "data" and len(ref) == 3:
        return f"data.{ref[1]}.{ref[2]}"
    if len(ref) == 2:
        return f"{ref[0]}.{ref[1]}"
    return ""


def provider_key(declaration: Declaration) -> str:
    body = declaration.body
    attr = body.attributes.get("provider") if body is not None else None
    if attr is not None:
        from costlint.readers.hcl.evaluate import traversal_name

        name = traversal_name(attr.expr)
        if name:
            return name
    return declaration.type.split("_", 1)[0]


def _analyse(config: ModuleConfig) -> None:
    """Each declaration's dependencies, then a topological order (cycles reported)."""
    nodes = config.declarations
    providers = {d.name for d in nodes.values() if d.kind == "provider"}
    for declaration in nodes.values():
        deps: list[str] = []
        for expr in _expressions(declaration):
            for ref in references(expr):
                if ref == ("terraform", "workspace") and config.workspace_use is None:
                    config.workspace_use = (declaration.file, declaration.line)
                node = _node_of(ref)
                if node in nodes and node != declaration.node:
                    deps.append(node)
        if declaration.kind in ("resource", "data"):
            key = provider_key(declaration)
            if key in providers:
                deps.append("provider." + key)
        declaration.deps = list(dict.fromkeys(deps))
    # A module call inherits provider configurations, so it should come after them; but a provider
    # may itself be configured from a module's outputs (helm from an EKS module): skip those edges.
    reached = {node: _reachable(nodes, node) for node in ("provider." + p for p in providers)}
    for declaration in nodes.values():
        if declaration.kind == "module":
            declaration.deps += [node for node, below in reached.items() if declaration.node not in below]
    config.order, config.cycles = _toposort(nodes)
    for cycle in config.cycles:
        if any(node.startswith("module.") for node in cycle):
            # Terraform links module calls output by output and input by input: module A may use an
            # output of B that uses another output of A. costlint evaluates whole module calls, so such
            # a "cycle" is resolved by evaluating the module twice (ModuleRun.run), not reported.
            config.module_cycles = True
            continue
        first = nodes[cycle[0]]
        config.problems.append(Problem(first.file, first.line, "dependency cycle: " + " -> ".join(cycle)))


def _reachable(nodes: dict[str, Declaration], start: str) -> set[str]:
    """Every node ``start`` depends on, directly or not (once per provider: linear in the module)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for dep in nodes[stack.pop()].deps:
            if dep in nodes and dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return seen


def _toposort(nodes: dict[str, Declaration]) -> tuple[list[str], list[list[str]]]:
    order: list[str] = []
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    for start in nodes:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(nodes[start].deps))]
        while stack:
            node, deps = stack[-1]
            for dep in deps:
                status = state.get(dep, 0)
                if status == 0:
                    state[dep] = 1
                    stack.append((dep, iter(nodes[dep].deps)))
                    break
                if status == 1:
                    path = [n for n, _ in stack]
                    cycles.append([*path[path.index(dep) :], dep])
            else:
                stack.pop()
                state[node] = 2
                order.append(node)
    return order, cycles


class ConfigCache:
    """Parsed module directories for one project read."""

    def __init__(self, root: Path, use_disk: bool = True) -> None:
        self.root = root
        self.use_disk = use_disk
        self.configs: dict[Path, ModuleConfig] = {}

    def get(self, directory: Path) -> tuple[ModuleConfig, bool]:
        """(config, first time): problems are reported the first time only."""
        config = self.configs.get(directory)
        if config is not None:
            return config, False
        config = load_module(directory, self.root, self.use_disk)
        self.configs[directory] = config
        return config, True

    @property
    def files_read(self) -> int:
        return sum(len(c.files) for c in self.configs.values())
