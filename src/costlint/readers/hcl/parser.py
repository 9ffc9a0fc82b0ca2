"""HCL native syntax -> costlint's AST (``ast.py``), with precedence fixed and errors on one line.

The 7.x grammar has no operator precedence (``binary_op : expression binary_term``; ``conditional :
expression "?" ...``), and LALR's shift preference makes ``a * b + c`` parse as ``a * (b + c)`` and
``x == 1 ? a : b`` as ``x == (1 ? a : b)``. Each chain of binary operators and conditionals is
flattened to its in-order operand/operator sequence and re-associated with HCL's precedence:
``* / %`` > ``+ -`` > ``> >= < <=`` > ``== !=`` > ``&&`` > ``||`` > ``? :`` (right-associative).
Unary ``!`` and ``-`` apply to a single term in the grammar already, which is their HCL precedence.

Known parse-failure classes handled per file: CRLF line endings (normalised to LF, which keeps line
numbers), and leading operators on continuation lines inside parentheses/brackets (retried once with
those lines joined, see ``lexical.py``). Anything else is reported as ``(line, message)`` for that
file only.

Why python-hcl2 7.x (pinned ``>=7.3.1,<8``) and our own Lark instance: see ``grammar.py``.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from costlint.readers.hcl import templates
from costlint.readers.hcl.ast import (
    AmbiguousKey,
    Attribute,
    BinaryOp,
    Block,
    Body,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    ParsedFile,
    Step,
    Traversal,
    TupleExpr,
    UnaryOp,
    Variable,
)
from costlint.readers.hcl.grammar import PARSE_SECONDS, ParseTimeout, hcl_parser, parse_clock
from costlint.readers.hcl.lexical import join_continuations, parenthesize_keys, scan

PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    ">": 4,
    ">=": 4,
    "<": 4,
    "<=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_CONDITIONAL = 0
_KEYWORDS = {"true": True, "false": False, "null": None}


def _start(tree: Tree | None) -> Tree:
    """The body under the grammar's start rule."""
    assert tree is not None and isinstance(tree.children[0], Tree)
    return tree.children[0]


def _kids(tree: Tree) -> list[Any]:
    return [c for c in tree.children if not (isinstance(c, Tree) and c.data == "new_line_or_comment")]


def _first_line(node: Any) -> int:
    while isinstance(node, Tree):
        if not node.children:
            return 0
        node = node.children[0]
    return getattr(node, "line", 0) or 0


class _CondOp:
    """The ``? true :`` part of a conditional inside a flattened operator chain."""

    __slots__ = ("true",)

    def __init__(self, true: Expr) -> None:
        self.true = true


class TreeWalker:
    """Lark tree -> AST. ``line_offset`` shifts token lines for expressions parsed out of templates."""

    def __init__(self, line_offset: int = 0, ambiguous_keys: frozenset[int] = frozenset()) -> None:
        self.line_offset = line_offset
        self.problems: list[tuple[int, str]] = []
        self.ambiguous_keys = ambiguous_keys
        """Lines whose parenthesized object key was written without parentheses (``parenthesize_keys``)."""

    def line(self, node: Any) -> int:
        return _first_line(node) + self.line_offset

    # Bodies -----------------------------------------------------------------------------------

    def body(self, tree: Tree) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "attribute":
                name_node, _eq, value = child.children
                name = str(name_node.children[0])
                line = self.line(name_node)
                if name in attributes:
                    self.problems.append(
                        (line, f'attribute "{name}" is already defined on line {attributes[name].line}')
                    )
                    continue
                attributes[name] = Attribute(name, self.expr(value), line)
            elif child.data == "block":
                kids = _kids(child)
                labels = tuple(self.label(k) for k in kids[1:-1])
                blocks.append(Block(str(kids[0].children[0]), labels, self.body(kids[-1]), self.line(kids[0])))
        return Body(attributes, blocks)

    def label(self, node: Tree) -> str:
        if node.data == "identifier":
            return str(node.children[0])
        value = self.string(node)
        return value.value if isinstance(value, Literal) else ""

    # Expressions ------------------------------------------------------------------------------

    def expr(self, tree: Any) -> Expr:
        data = tree.data
        if data == "expr_term":
            return self.term(tree)
        if data in ("binary_op", "conditional"):
            return self.chain(tree)
        if data == "unary_op":
            op, operand = _kids(tree)
            return UnaryOp(str(op), self.expr(operand))
        return self.term_inner(tree)

    def term(self, tree: Tree) -> Expr:
        kids = _kids(tree)
        first = kids[0]
        if isinstance(first, Token) and first.type == "LPAR":
            return self.expr(kids[1])
        return self.term_inner(first)

    def term_inner(self, node: Tree) -> Expr:
        data = node.data
        if data == "identifier":
            name = str(node.children[0])
            if name in _KEYWORDS:
                return Literal(_KEYWORDS[name])
            return Variable(name, self.line(node))
        if data in ("get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term"):
            return self.traversal(node)
        if data == "string":
            return self.string(node)
        if data == "int_lit":
            return Literal(int("".join(str(t) for t in node.children)))
        if data == "float_lit":
            value = float("".join(str(t) for t in node.children))
            return Literal(int(value) if value.is_integer() and abs(value) < 2**53 else value)
        if data == "function_call":
            return self.call(node, str(node.children[0].children[0]), 1)
        if data == "provider_function_call":
            names = [str(k.children[0]) for k in _kids(node) if isinstance(k, Tree) and k.data == "identifier"]
            return self.call(node, "provider::" + "::".join(names), 5)
        if data == "tuple":
            return TupleExpr(tuple(self.expr(k) for k in _kids(node)))
        if data == "object":
            return self.object(node)
        if data in ("heredoc_template", "heredoc_template_trim"):
            return self.heredoc(node)
        if data in ("for_tuple_expr", "for_object_expr"):
            return self.for_expr(node)
        if data == "expr_term":
            return self.term(node)
        return self.expr(node)

    def call(self, node: Tree, name: str, args_at: int) -> FunctionCall:
        kids = [k for k in _kids(node) if not (isinstance(k, Tree) and k.data == "colons")]
        args: list[Expr] = []
        expand = False
        arguments = kids[-1] if kids and isinstance(kids[-1], Tree) and kids[-1].data == "arguments" else None
        if arguments is not None:
            for child in _kids(arguments):
                if isinstance(child, Token):
                    expand = expand or child.type == "ELLIPSIS"
                    continue
                args.append(self.expr(child))
        return FunctionCall(name, tuple(args), expand, self.line(node))

    def traversal(self, node: Tree) -> Expr:
        steps: list[Step] = []
        # The grammar nests left-recursively (a.b[0] is index(get_attr(a, b), 0)): unwind iteratively.
        chain: list[Tree] = []
        while isinstance(node, Tree) and node.data in (
            "get_attr_expr_term",
            "index_expr_term",
            "attr_splat_expr_term",
            "full_splat_expr_term",
        ):
            chain.append(node.children[1])
            node = node.children[0]
            if isinstance(node, Tree) and node.data == "expr_term":
                kids = _kids(node)
                if len(kids) == 1 and isinstance(kids[0], Tree):
                    node = kids[0]
        source = self.term_inner(node) if node.data != "expr_term" else self.term(node)
        for step in reversed(chain):
            steps.append(self.step(step))
        if isinstance(source, Traversal):
            return Traversal(source.source, source.steps + tuple(steps), source.line)
        line = source.line if isinstance(source, Variable) else self.line(node)
        return Traversal(source, tuple(steps), line)

    def step(self, node: Tree) -> Step:
        data = node.data
        if data == "get_attr":
            return ("attr", str(node.children[0].children[0]))
        if data == "index":
            kids = _kids(node)
            if all(isinstance(k, Token) for k in kids):  # legacy a.0
                return ("index", Literal(int("".join(str(k) for k in kids))))
            return ("index", self.expr(kids[0]))
        # attr_splat / full_splat
        return ("splat", tuple(self.step(k) for k in _kids(node)))

    def string(self, node: Tree) -> Expr:
        items: list[Any] = []
        for part in node.children:
            inner = part.children[0]
            if isinstance(inner, Token):
                if inner.type == "ESCAPED_INTERPOLATION":
                    items.append(str(inner)[1:])
                else:
                    items.extend(
                        templates.split_literal(
                            str(inner), self.line_offset + (inner.line or 1), self.parse_fragment, quoted=True
                        )
                    )
            else:
                items.append(self.expr(_kids(inner)[0]))
        if not items:
            return Literal("")
        if len(items) == 1 and isinstance(items[0], str):
            return Literal(items[0])
        return templates.build(items, self.parse_fragment)

    def parse_fragment(self, text: str, line: int) -> Expr:
        return parse_expression(text, line)

    def heredoc(self, node: Tree) -> Expr:
        token = node.children[0]
        assert isinstance(token, Token)  # the grammar's heredoc rule holds one token
        raw = str(token)
        header, _, rest = raw.partition("\n")
        trim = header.startswith("<<-")
        # The closing marker's line ends the content; Terraform keeps the newline before it.
        content, _, _ = rest.rstrip("\n").rpartition("\n")
        content = content + "\n" if content or rest.count("\n") > 1 else ""
        if trim:
            lines = content.split("\n")
            indents = [len(x) - len(x.lstrip(" \t")) for x in lines if x.strip()]
            cut = min(indents) if indents else 0
            content = "\n".join(x[cut:] for x in lines)
        line = self.line_offset + (token.line or 1) + 1
        return templates.parse_template_text(content, line, self.parse_fragment)

    def object(self, node: Tree) -> ObjectExpr:
        items: list[tuple[Expr, Expr]] = []
        for elem in _kids(node):
            if not isinstance(elem, Tree):
                continue
            key_node, _sep, value = _kids(elem)
            inner = key_node.children[0]
            key: Expr
            if inner.data == "identifier":
                key = Literal(str(inner.children[0]))
            elif inner.data in ("int_lit", "float_lit"):
                key = Literal(str(self.term_inner(inner).value))  # type: ignore[attr-defined]
            elif inner.data == "string":
                key = self.string(inner)
            elif inner.data == "object_elem_key_dot_accessor":
                names = [str(k.children[0]) for k in inner.children if isinstance(k, Tree)]
                key = AmbiguousKey(
                    Traversal(
                        Variable(names[0], self.line(inner)), tuple(("attr", n) for n in names[1:]), self.line(inner)
                    )
                )
            else:  # object_elem_key_expression: ( expr )
                key = self.expr(next(k for k in _kids(inner) if isinstance(k, Tree)))
                if isinstance(key, Traversal) and self.line(inner) in self.ambiguous_keys:
                    key = AmbiguousKey(key)
            items.append((key, self.expr(value)))
        return ObjectExpr(tuple(items))

    def for_expr(self, node: Tree) -> ForExpr:
        kids = [k for k in _kids(node) if not (isinstance(k, Token) and k.type in ("LSQB", "RSQB", "LBRACE", "RBRACE"))]
        intro = kids[0]
        intro_kids = _kids(intro)
        names = [str(k.children[0]) for k in intro_kids if isinstance(k, Tree) and k.data == "identifier"]
        collection = next(k for k in intro_kids if isinstance(k, Tree) and k.data != "identifier")
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        rest = kids[1:]
        condition = None
        if rest and isinstance(rest[-1], Tree) and rest[-1].data == "for_cond":
            condition = self.expr(_kids(rest[-1])[-1])
            rest = rest[:-1]
        grouping = any(isinstance(k, Token) and str(k) == "..." for k in rest)
        exprs = [k for k in rest if isinstance(k, Tree)]
        if node.data == "for_object_expr":
            return ForExpr(
                key_var, value_var, self.expr(collection), self.expr(exprs[0]), self.expr(exprs[1]), condition, grouping
            )
        return ForExpr(key_var, value_var, self.expr(collection), None, self.expr(exprs[0]), condition, False)

    # Operator chains --------------------------------------------------------------------------

    def chain(self, tree: Tree) -> Expr:
        sequence: list[Any] = []  # operand, operator, operand, ... (operator: str or _CondOp)
        pending: list[Any] = [tree]
        while pending:  # in-order flattening without recursion (chains can be long)
            node = pending.pop()
            if isinstance(node, (str, _CondOp)):
                sequence.append(node)
            elif node.data == "binary_op":
                left, term = _kids(node)
                op_node, right = _kids(term)
                pending += [right, str(op_node.children[0]), left]
            elif node.data == "conditional":
                condition, true, false = _kids(node)
                pending += [false, _CondOp(self.expr(true)), condition]
            else:
                sequence.append(self.expr(node))
        return _associate(sequence)


def _associate(sequence: list[Any]) -> Expr:
    """Shunting-yard over operand/operator sequences, HCL precedence, ``?:`` right-associative."""
    operands: list[Expr] = []
    operators: list[Any] = []

    def precedence(op: Any) -> int:
        return _CONDITIONAL if isinstance(op, _CondOp) else PRECEDENCE[op]

    def reduce() -> None:
        op = operators.pop()
        right = operands.pop()
        left = operands.pop()
        operands.append(Conditional(left, op.true, right) if isinstance(op, _CondOp) else BinaryOp(op, left, right))

    for index, item in enumerate(sequence):
        if index % 2 == 0:
            operands.append(item)
            continue
        mine = precedence(item)
        right_assoc = isinstance(item, _CondOp)
        while operators and (
            precedence(operators[-1]) > mine or (precedence(operators[-1]) == mine and not right_assoc)
        ):
            reduce()
        operators.append(item)
    while operators:
        reduce()
    return operands[0]


# Parsing entry points ---------------------------------------------------------------------------


def _token_text(token: Token) -> str:
    value = str(token)
    if token.type == "$END":
        return "end of file"
    if token.type == "STRING_CHARS" or token.type.startswith("__ANON"):
        value = value.lstrip(" \t")
    if not value or value[0] == "\n":
        return "newline"
    if token.type == "STRING_CHARS":
        value = value[0]
    value = value.split("\n", 1)[0]
    return repr(value[:20] + ("..." if len(value) > 20 else ""))


def _last_line(text: str) -> int:
    return text.rstrip().count("\n") + 1


def describe_error(error: UnexpectedInput, text: str) -> HclSyntaxError:
    """One short, human message for a parse failure, at the line where the problem starts."""
    found = scan(text)
    if found.unclosed_string is not None:
        return HclSyntaxError(found.unclosed_string, "unclosed string")
    if found.unclosed_heredoc is not None:
        return HclSyntaxError(found.unclosed_heredoc, "unclosed heredoc (no closing marker)")
    at_end = isinstance(error, UnexpectedEOF) or (isinstance(error, UnexpectedToken) and error.token.type == "$END")
    if at_end:
        if found.unclosed:
            char, line = found.unclosed[0]
            return HclSyntaxError(line, f"unexpected end of file: '{char}' is not closed")
        return HclSyntaxError(_last_line(text), "unexpected end of file")
    if found.unmatched_closer is not None:
        char, line = found.unmatched_closer
        return HclSyntaxError(line, f"unexpected '{char}'")
    if isinstance(error, UnexpectedToken):
        return HclSyntaxError(error.line, f"unexpected {_token_text(error.token)}")
    if isinstance(error, UnexpectedCharacters):
        return HclSyntaxError(error.line, f"unexpected character {error.char!r}")
    return HclSyntaxError(getattr(error, "line", 1) or 1, "syntax error")


def decode(data: bytes) -> str:
    """Bytes of an HCL file -> text with LF line endings; HclSyntaxError for binary or non-UTF-8 data."""
    if b"\0" in data:
        return _raise(1, "binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _raise(line, f"not UTF-8 (byte 0x{data[exc.start]:02x})")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text


def _raise(line: int, message: str) -> str:
    raise HclSyntaxError(line, message)


def parse_text(text: str, seconds: float = PARSE_SECONDS) -> ParsedFile:
    """Parse a whole file's text within ``seconds``. Never raises: a failure is ``ParsedFile(body=None,
    error=...)``."""
    try:
        with parse_clock(seconds):
            return _parse_text(text)
    except ParseTimeout:
        return ParsedFile(None, HclSyntaxError(1, f"parsing takes more than {seconds:g} s; not read"), timed_out=True)


def _parse_text(text: str) -> ParsedFile:
    parser = hcl_parser()
    ambiguous: set[int] = set()
    try:
        tree = parser.parse(text + "\n")  # the grammar needs a newline after the last item
    except UnexpectedInput as first_error:
        repaired = _repair(text, ambiguous)
        tree = None
        if repaired is not None:
            try:
                tree = parser.parse(repaired + "\n")
            except UnexpectedInput:
                tree = None
        if tree is None:
            return ParsedFile(None, describe_error(first_error, text))
    walker = TreeWalker(ambiguous_keys=frozenset(ambiguous))
    try:
        body = walker.body(_start(tree))
    except HclSyntaxError as exc:
        return ParsedFile(None, exc)
    except templates.TemplateError as exc:
        return ParsedFile(None, HclSyntaxError(exc.line, str(exc)))
    except RecursionError:
        return ParsedFile(None, HclSyntaxError(1, "expressions nested too deeply"))
    return ParsedFile(body, None, walker.problems)


def _repair(text: str, ambiguous: set[int]) -> str | None:
    """The text with the valid HCL the 7.x grammar rejects rewritten on the same lines (``lexical``):
    continuation lines joined, expression object keys parenthesized. None when nothing applies."""
    found = scan(text)
    joined = join_continuations(text, found)
    keyed = parenthesize_keys(joined if joined is not None else text, scan(joined) if joined is not None else found)
    if keyed is None:
        return joined
    ambiguous |= keyed[1]
    return keyed[0]


def parse_bytes(data: bytes, seconds: float = PARSE_SECONDS) -> ParsedFile:
    try:
        text = decode(data)
    except HclSyntaxError as exc:
        return ParsedFile(None, exc)
    return parse_text(text, seconds)


def parse_expression(text: str, line: int = 1) -> Expr:
    """One expression (a template interpolation, a ``TF_VAR_`` value); HclSyntaxError when invalid."""
    source = "__costlint_expr__ = (" + text + "\n)"
    try:
        tree = hcl_parser().parse(source + "\n")
    except UnexpectedInput as exc:
        described = describe_error(exc, source)
        raise HclSyntaxError(line + described.line - 1, described.message) from None
    walker = TreeWalker(line_offset=line - 1)
    attributes = walker.body(_start(tree)).attributes
    if list(attributes) != ["__costlint_expr__"]:
        raise HclSyntaxError(line, f"invalid expression {text.strip()[:40]!r}")
    return attributes["__costlint_expr__"].expr
