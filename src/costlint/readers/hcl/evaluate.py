"""Expression evaluation: an AST expression + the names in scope -> a value (see ``values.py``).

The evaluator is deliberately stateless between calls: callers (the Terraform module evaluator)
evaluate each expression once, in dependency order, and store results in the ``roots`` namespaces.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from costlint.files import InputTooLarge, os_reason, read_input
from costlint.model import Unknown, first_unknown
from costlint.readers.hcl import ast
from costlint.readers.hcl.functions import FUNCTIONS
from costlint.readers.hcl.values import (
    BlockList,
    EvalError,
    ResourceObject,
    UnknownObject,
    equal,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)


class Namespace(dict[str, Any]):
    """A dict of declared names (``var``, ``local``, a resource type's names): a miss is an error."""

    __slots__ = ("kind", "prefix")

    def __init__(self, kind: str, prefix: str = "", items: dict[str, Any] | None = None) -> None:
        super().__init__(items or {})
        self.kind = kind
        self.prefix = prefix

    def missing(self, name: str) -> Any:
        raise EvalError(f'reference to undeclared {self.kind} "{self.prefix}{name}"')


def get_attr(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        if name in value:
            return value[name]
        if isinstance(value, (ResourceObject, Namespace)):
            return value.missing(name)
        raise EvalError(f'object has no attribute "{name}"')
    if isinstance(value, Unknown):
        return value.attr(name) if isinstance(value, UnknownObject) else value
    if value is None:
        raise EvalError(f'cannot get attribute "{name}" of a null value')
    raise EvalError(f'cannot get attribute "{name}" of a {type_name(value)}')


def get_index(value: Any, key: Any) -> Any:
    if isinstance(value, Unknown):
        return value.index(key) if isinstance(value, UnknownObject) else value
    if isinstance(key, Unknown):
        return key
    if isinstance(value, list):
        number = to_number(key)
        if isinstance(number, float) and not number.is_integer():
            raise EvalError(f"list index must be a whole number, got {number}")
        position = int(number)  # type: ignore[arg-type]
        if not 0 <= position < len(value):
            if isinstance(value, BlockList) and value.ref is not None and position >= 0:
                return UnknownObject(f"{value.address}[{position}]", value.ref)
            raise EvalError(f"index {position} out of range for a list of {len(value)}")
        return value[position]
    if isinstance(value, dict):
        text = to_string(key)
        if text in value:
            return value[text]
        if isinstance(value, (ResourceObject, Namespace)):
            return value.missing(str(text))
        raise EvalError(f'key "{text}" not found')
    if value is None:
        raise EvalError("cannot index a null value")
    raise EvalError(f"cannot index a {type_name(value)}")


def references(expr: ast.Expr) -> Iterator[tuple[str, ...]]:
    """Every reference an expression makes: ``("var", name)``, ``("local", name)``, ``("module", name)``,
    ``("data", type, name)`` or ``(type, name)`` for a managed resource (or a for-expression variable's
    attribute; callers keep only the names they declare)."""
    stack: list[Any] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Traversal):
            source = node.source
            steps = node.steps
            if isinstance(source, ast.Variable):
                names = []
                for kind, value in steps:
                    if kind != "attr":
                        break
                    names.append(value)
                    if len(names) == 2:
                        break
                root = source.name
                if root == "data":
                    if len(names) == 2:
                        yield ("data", names[0], names[1])
                elif root == "resource":  # resource.aws_instance.web (Terraform 1.x) is aws_instance.web
                    if len(names) == 2:
                        yield (names[0], names[1])
                elif names:
                    yield (root, names[0])
            else:
                stack.append(source)
            for kind, value in steps:
                if kind == "index":
                    stack.append(value)
                elif kind == "splat":
                    stack.extend(v for k, v in value if k == "index")
        elif isinstance(node, ast.Variable):
            yield (node.name,)
        elif isinstance(node, ast.Literal):
            continue
        elif isinstance(node, ast.Template):
            stack.extend(_template_children(node.parts))
        elif isinstance(node, ast.FunctionCall):
            stack.extend(node.args)
        elif isinstance(node, ast.BinaryOp):
            stack += [node.left, node.right]
        elif isinstance(node, ast.UnaryOp):
            stack.append(node.operand)
        elif isinstance(node, ast.Conditional):
            stack += [node.condition, node.true, node.false]
        elif isinstance(node, ast.TupleExpr):
            stack.extend(node.items)
        elif isinstance(node, ast.ObjectExpr):
            for key, value in node.items:
                stack.append(value)
                if not isinstance(key, ast.Literal):
                    stack.append(key)
        elif isinstance(node, ast.ForExpr):
            stack += [node.collection, node.value_expr]
            if node.key_expr is not None:
                stack.append(node.key_expr)
            if node.condition is not None:
                stack.append(node.condition)


def _template_children(parts: tuple[ast.TemplatePart, ...]) -> Iterator[ast.Expr]:
    for part in parts:
        if isinstance(part, ast.Expr):
            yield part
        elif isinstance(part, ast.TemplateIf):
            yield part.condition
            yield from _template_children(part.true)
            yield from _template_children(part.false)
        elif isinstance(part, ast.TemplateFor):
            yield part.collection
            yield from _template_children(part.body)


def traversal_name(expr: ast.Expr) -> str | None:
    """``aws.west`` for the expression ``aws.west`` (provider references are not values)."""
    if isinstance(expr, ast.AmbiguousKey):
        expr = expr.traversal
    if isinstance(expr, ast.Variable):
        return expr.name
    if (
        isinstance(expr, ast.Traversal)
        and isinstance(expr.source, ast.Variable)
        and all(kind == "attr" for kind, _ in expr.steps)
    ):
        return ".".join([expr.source.name, *(name for _, name in expr.steps)])
    if isinstance(expr, ast.Literal) and isinstance(expr.value, str):
        return expr.value
    return None


class Evaluator:
    """Evaluates expressions against ``roots`` (``var``, ``local``, ``module``, ``data``, ``path``,
    ``terraform`` and resource types, each a dict) plus per-call ``bindings`` (``count``, ``each``,
    for-expression and dynamic-block iterators)."""

    def __init__(
        self,
        roots: dict[str, Any],
        module_dir: Path | None = None,
        root_dir: Path | None = None,
        on_unsupported: Callable[[str, int], None] | None = None,
        on_file_problem: Callable[[str, int], None] | None = None,
        *,
        use_disk: bool = True,
    ) -> None:
        self.roots = roots
        self.module_dir = module_dir
        self.root_dir = root_dir
        self.on_unsupported = on_unsupported
        self.on_file_problem = on_file_problem
        self.use_disk = use_disk
        """Whether templatefile() parses may come from, and go to, the on-disk parse cache."""
        self._dispatch: dict[type, Callable[[Any, dict[str, Any]], Any]] = {
            ast.Literal: lambda node, b: node.value,
            ast.Variable: self._variable,
            ast.Traversal: self._traversal,
            ast.Template: self._template,
            ast.TupleExpr: lambda node, b: [self.eval(item, b) for item in node.items],
            ast.ObjectExpr: self._object,
            ast.FunctionCall: self._call,
            ast.BinaryOp: self._binary,
            ast.UnaryOp: self._unary,
            ast.Conditional: self._conditional,
            ast.ForExpr: self._for,
            ast.AmbiguousKey: self._ambiguous_key,
        }
        self._special: dict[str, Callable[[ast.FunctionCall, dict[str, Any]], Any]] = {
            "try": self._try,
            "can": self._can,
            "file": self._file_function,
            "fileexists": self._file_function,
            "filebase64": self._file_function,
            "filemd5": self._file_function,
            "filesha1": self._file_function,
            "filesha256": self._file_function,
            "filebase64sha256": self._file_function,
            "filesha512": self._file_function,
            "filebase64sha512": self._file_function,
            "templatefile": self._templatefile,
            "templatestring": self._templatestring,
            "fileset": self._fileset,
        }

    def eval(self, node: ast.Expr, bindings: dict[str, Any] | None = None) -> Any:
        return self._dispatch[type(node)](node, bindings or {})

    # Names --------------------------------------------------------------------------------------

    def _variable(self, node: ast.Variable, bindings: dict[str, Any]) -> Any:
        name = node.name
        if name in bindings:
            return bindings[name]
        if name in self.roots:
            return self.roots[name]
        if name in ("count", "each"):
            raise EvalError(f'"{name}" can be used only in a resource or module that sets {name}', node.line)
        if name == "self":
            raise EvalError('"self" can be used only in provisioners and connections', node.line)
        raise EvalError(f'reference to undeclared resource or unknown name "{name}"', node.line)

    def _traversal(self, node: ast.Traversal, bindings: dict[str, Any]) -> Any:
        try:
            value = self._dispatch[type(node.source)](node.source, bindings)
            return self._apply(value, node.steps, bindings)
        except EvalError as exc:
            if exc.line is None:
                exc.line = node.line
            raise

    def _apply(self, value: Any, steps: tuple[ast.Step, ...], bindings: dict[str, Any]) -> Any:
        for position, (kind, arg) in enumerate(steps):
            if kind == "attr":
                value = get_attr(value, arg)
            elif kind == "index":
                value = get_index(value, self.eval(arg, bindings))
            else:  # splat: the sub-steps apply to each element
                if isinstance(value, Unknown):
                    return value
                if value is None:
                    value = []
                elif not isinstance(value, list):
                    value = [value]
                value = [self._apply(item, arg, bindings) for item in value]
                rest = steps[position + 1 :]
                return self._apply(value, rest, bindings) if rest else value
        return value

    # Constructors -------------------------------------------------------------------------------

    def _template(self, node: ast.Template, bindings: dict[str, Any]) -> Any:
        parts = node.parts
        if len(parts) == 1 and isinstance(parts[0], ast.Expr):
            return self.eval(parts[0], bindings)  # "${x}" is x itself, not its string
        out: list[str] = []
        unknown = self._render(parts, bindings, out)
        return unknown if unknown is not None else "".join(out)

    def _render(self, parts: tuple[ast.TemplatePart, ...], bindings: dict[str, Any], out: list[str]) -> Unknown | None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, ast.TemplateIf):
                condition = self.eval(part.condition, bindings)
                if isinstance(condition, Unknown):
                    return condition
                found = self._render(part.true if to_bool(condition) else part.false, bindings, out)
                if found is not None:
                    return found
            elif isinstance(part, ast.TemplateFor):
                collection = self.eval(part.collection, bindings)
                if isinstance(collection, Unknown):
                    return collection
                inner = dict(bindings)
                for key, value in _pairs(collection):
                    if part.key_var:
                        inner[part.key_var] = key
                    inner[part.value_var] = value
                    found = self._render(part.body, inner, out)
                    if found is not None:
                        return found
            else:
                value = self.eval(part, bindings)
                if value is None:
                    raise EvalError("a template cannot include a null value")
                text = to_string(value)
                if isinstance(text, Unknown):
                    return text
                out.append(text)
        return None

    def _ambiguous_key(self, node: ast.AmbiguousKey, bindings: dict[str, Any]) -> Any:
        raise EvalError(
            "ambiguous attribute key: wrap a reference in parentheses, a name containing dots in quotes",
            node.traversal.line,
        )

    def _object(self, node: ast.ObjectExpr, bindings: dict[str, Any]) -> Any:
        out: dict[str, Any] = {}
        for key_expr, value_expr in node.items:
            if isinstance(key_expr, ast.Literal):
                key = key_expr.value
            else:
                key = to_string(self.eval(key_expr, bindings))
                if isinstance(key, Unknown):
                    return key
            out[key] = self.eval(value_expr, bindings)
        return out

    def _for(self, node: ast.ForExpr, bindings: dict[str, Any]) -> Any:
        collection = self.eval(node.collection, bindings)
        if isinstance(collection, Unknown):
            return collection
        if collection is None:
            raise EvalError("cannot iterate over a null value")
        inner = dict(bindings)
        items: list[Any] = []
        mapping: dict[str, Any] = {}
        is_object = node.key_expr is not None
        for key, value in _pairs(collection):
            if node.key_var:
                inner[node.key_var] = key
            inner[node.value_var] = value
            if node.condition is not None:
                keep = to_bool(self.eval(node.condition, inner))
                if isinstance(keep, Unknown):
                    return keep
                if not keep:
                    continue
            if not is_object:
                items.append(self.eval(node.value_expr, inner))
                continue
            result_key = to_string(self.eval(node.key_expr, inner))  # type: ignore[arg-type]
            if isinstance(result_key, Unknown):
                return result_key
            result = self.eval(node.value_expr, inner)
            if node.grouping:
                mapping.setdefault(result_key, []).append(result)
            elif result_key in mapping:
                raise EvalError(f'duplicate key "{result_key}" in for expression (use "..." to group)')
            else:
                mapping[result_key] = result
        return mapping if is_object else items

    # Operators ----------------------------------------------------------------------------------

    def _binary(self, node: ast.BinaryOp, bindings: dict[str, Any]) -> Any:
        op = node.op
        left = self.eval(node.left, bindings)
        if op in ("&&", "||"):
            left = to_bool(left)
            if not isinstance(left, Unknown) and left is (op == "||"):
                return left  # short circuit: false && x, true || x
            right = to_bool(self.eval(node.right, bindings))
            if isinstance(left, Unknown):
                return right if (not isinstance(right, Unknown) and right is (op == "||")) else left
            return right
        right = self.eval(node.right, bindings)
        if op == "==":
            return equal(left, right)
        if op == "!=":
            same = equal(left, right)
            return same if isinstance(same, Unknown) else not same
        a, b = to_number(left), to_number(right)
        if isinstance(a, Unknown):
            return a
        if isinstance(b, Unknown):
            return b
        if op == "+":
            return normalize_number(a + b)
        if op == "-":
            return normalize_number(a - b)
        if op == "*":
            return normalize_number(a * b)
        if op == "/":
            if b == 0:
                raise EvalError("division by zero")
            return normalize_number(a / b) if not (isinstance(a, int) and isinstance(b, int) and a % b == 0) else a // b
        if op == "%":
            if b == 0:
                raise EvalError("modulo by zero")
            result = abs(a) % abs(b)
            return normalize_number(-result if a < 0 else result)
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        return a >= b

    def _unary(self, node: ast.UnaryOp, bindings: dict[str, Any]) -> Any:
        value = self.eval(node.operand, bindings)
        if node.op == "!":
            value = to_bool(value)
            return value if isinstance(value, Unknown) else not value
        number = to_number(value)
        return number if isinstance(number, Unknown) else -number

    def _conditional(self, node: ast.Conditional, bindings: dict[str, Any]) -> Any:
        condition = to_bool(self.eval(node.condition, bindings))
        if not isinstance(condition, Unknown):
            return self.eval(node.true if condition else node.false, bindings)
        # As HCL: with an unknown condition the result is unknown, and the errors of either branch,
        # which may never be taken, are not reported.
        try:
            true = self.eval(node.true, bindings)
            false = self.eval(node.false, bindings)
        except EvalError:
            return condition
        return true if equal(true, false) is True else condition

    # Functions ----------------------------------------------------------------------------------

    def _call(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        special = self._special.get(node.name)
        if special is not None:
            return special(node, bindings)
        entry = FUNCTIONS.get(node.name)
        if entry is None:
            if self.on_unsupported is not None:
                self.on_unsupported(node.name, node.line)
            return Unknown(f"function {node.name}() is not supported")
        func, shallow = entry
        args = self._arguments(node, bindings)
        if isinstance(args, Unknown):
            return args
        if not shallow:
            unknown = first_unknown(args)
            if unknown is not None:
                return unknown
        try:
            return func(*args)
        except EvalError as exc:
            exc.message = f"{node.name}(): {exc.message}"
            exc.args = (exc.message,)
            exc.line = exc.line or node.line
            raise
        except TypeError as exc:
            raise EvalError(f"{node.name}(): wrong number or type of arguments ({exc})", node.line) from None
        except (ValueError, OverflowError, ArithmeticError) as exc:
            raise EvalError(f"{node.name}(): {exc}", node.line) from None

    def _arguments(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> list[Any] | Unknown:
        args = [self.eval(arg, bindings) for arg in node.args]
        if node.expand_final and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if not isinstance(last, list):
                raise EvalError(f"{node.name}(): the argument before '...' must be a list", node.line)
            args.extend(last)
        return args

    def _try(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        for arg in node.args:
            try:
                return self.eval(arg, bindings)
            except EvalError:
                continue
        raise EvalError("try(): no argument could be evaluated without errors", node.line)

    def _can(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        if len(node.args) != 1:
            raise EvalError("can() takes one argument", node.line)
        try:
            value = self.eval(node.args[0], bindings)
        except EvalError:
            return False
        return value if isinstance(value, Unknown) else True

    def _resolve(self, name: str) -> Path | None:
        """Terraform resolves relative paths from the root module's directory (its working
        directory); ``"${path.module}/x"`` is written for that. A path that only exists relative to
        the calling module's directory is accepted as well."""
        path = Path(name)
        if path.is_absolute():
            return path
        for base in (self.root_dir, self.module_dir):
            if base is not None and (base / path).exists():
                return base / path
        return None

    def _file_function(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        args = self._arguments(node, bindings)
        if isinstance(args, Unknown):
            return args
        unknown = first_unknown(args)
        if unknown is not None:
            return unknown
        if len(args) != 1:
            raise EvalError(f"{node.name}() takes one argument", node.line)
        name = to_string(args[0])
        path = self._resolve(str(name))
        if node.name == "fileexists":
            return path is not None and path.is_file()
        if path is None or not path.is_file():
            if self.on_file_problem is not None:
                self.on_file_problem(f"{node.name}(): no file {name!r}", node.line)
            return Unknown(f"{node.name}({name!r}): file not found")
        try:
            data = read_input(path)
        except (OSError, InputTooLarge) as exc:
            reason = exc.message if isinstance(exc, InputTooLarge) else f"cannot read: {os_reason(exc)}"
            if self.on_file_problem is not None:
                self.on_file_problem(f"{node.name}({name!r}): {reason}", node.line)
            return Unknown(f"{node.name}({name!r}): {reason}")
        digests = {
            "filemd5": hashlib.md5,
            "filesha1": hashlib.sha1,
            "filesha256": hashlib.sha256,
            "filesha512": hashlib.sha512,
        }
        if node.name in digests:
            return digests[node.name](data).hexdigest()
        if node.name == "filebase64":
            return base64.b64encode(data).decode()
        if node.name.startswith("filebase64sha"):
            digest = hashlib.sha256 if node.name.endswith("256") else hashlib.sha512
            return base64.b64encode(digest(data).digest()).decode()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise EvalError(f"file({name!r}): not UTF-8 text (use filebase64)", node.line) from None

    def _templatefile(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        from costlint.readers.parse_cache import TEMPLATE, content_key, parse

        args = self._arguments(node, bindings)
        if isinstance(args, Unknown):
            return args
        if len(args) != 2:
            raise EvalError("templatefile() takes a path and a map of variables", node.line)
        name, variables = args
        if isinstance(name, Unknown):
            return name
        if isinstance(variables, Unknown):
            return variables
        if not isinstance(variables, dict):
            raise EvalError("templatefile(): the variables must be a map", node.line)
        path = self._resolve(str(to_string(name)))
        if path is None or not path.is_file():
            if self.on_file_problem is not None:
                self.on_file_problem(f"templatefile(): no file {name!r}", node.line)
            return Unknown(f"templatefile({name!r}): file not found")
        try:
            data = read_input(path)
        except (OSError, InputTooLarge) as exc:
            reason = exc.message if isinstance(exc, InputTooLarge) else f"cannot read: {os_reason(exc)}"
            if self.on_file_problem is not None:
                self.on_file_problem(f"templatefile({name!r}): {reason}", node.line)
            return Unknown(f"templatefile({name!r}): {reason}")
        # Parsed once per run (a template is often rendered for every instance of a module) and cached on
        # disk like the .tf files: a warm run that renders templates need not load the HCL parser.
        parsed = parse(data, content_key(data, "template"), self.use_disk)
        if parsed.body is None:
            raise EvalError(f"templatefile({name!r}): {parsed.error.message if parsed.error else ''}", node.line)
        template = parsed.body.attributes[TEMPLATE].expr
        # A template sees only its variables (and functions), not the module's names.
        return Evaluator(
            {}, self.module_dir, self.root_dir, self.on_unsupported, self.on_file_problem, use_disk=self.use_disk
        ).eval(template, dict(variables))

    def _templatestring(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        """Terraform 1.9's templatestring(template, vars): templatefile() with the template given as a value."""
        from costlint.readers.hcl.parser import HclSyntaxError, parse_expression
        from costlint.readers.hcl.templates import TemplateError, parse_template_text

        args = self._arguments(node, bindings)
        if isinstance(args, Unknown):
            return args
        if len(args) != 2:
            raise EvalError("templatestring() takes a template and a map of variables", node.line)
        text, variables = args
        for value in (text, variables):
            if isinstance(value, Unknown):
                return value
        if not isinstance(variables, dict):
            raise EvalError("templatestring(): the variables must be a map", node.line)
        try:
            template = parse_template_text(str(to_string(text)), 1, parse_expression)
        except (HclSyntaxError, TemplateError) as exc:
            raise EvalError(f"templatestring(): {exc}", node.line) from None
        return Evaluator(
            {}, self.module_dir, self.root_dir, self.on_unsupported, self.on_file_problem, use_disk=self.use_disk
        ).eval(template, dict(variables))

    def _fileset(self, node: ast.FunctionCall, bindings: dict[str, Any]) -> Any:
        """fileset(path, pattern): the files under ``path`` matching a glob (``*``, ``**``, ``?``, ``[...]``,
        ``{a,b}``), relative to it; an empty set when ``path`` does not exist, as in Terraform."""
        args = self._arguments(node, bindings)
        if isinstance(args, Unknown):
            return args
        unknown = first_unknown(args)
        if unknown is not None:
            return unknown
        if len(args) != 2:
            raise EvalError("fileset() takes a path and a pattern", node.line)
        base = self._resolve(str(to_string(args[0])))
        if base is None or not base.is_dir():
            return []
        pattern = glob_regex(str(to_string(args[1])))
        found: list[str] = []
        for directory, dirnames, filenames in os.walk(base):
            dirnames.sort()
            relative = Path(directory).relative_to(base).as_posix()
            for name in filenames:
                path = name if relative == "." else f"{relative}/{name}"
                if pattern.fullmatch(path):
                    found.append(path)
                    if len(found) > MAX_FILESET:
                        raise EvalError(f"fileset() matches more than {MAX_FILESET:,} files", node.line)
        return sorted(found)


MAX_FILESET = 10_000


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The doublestar glob Terraform's fileset() takes, as a regex over ``/``-separated paths."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise EvalError(f"fileset(): invalid pattern {pattern!r}")
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith(("!", "^")) else body) + "]")
            i = end + 1
            continue
        elif c == "{":
            end = pattern.find("}", i + 1)
            if end < 0:
                raise EvalError(f"fileset(): invalid pattern {pattern!r}")
            options = pattern[i + 1 : end].split(",")
            out.append("(?:" + "|".join(glob_regex(o).pattern for o in options) + ")")
            i = end + 1
            continue
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


def _pairs(collection: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(collection, dict):
        for key in sorted(collection):
            yield key, collection[key]
    elif isinstance(collection, list):
        yield from enumerate(collection)
    else:
        raise EvalError(f"cannot iterate over a {type_name(collection)}")
