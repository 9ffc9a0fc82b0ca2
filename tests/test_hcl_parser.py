"""The HCL parser: precedence, templates, lines, and one-line errors for malformed files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from costlint.readers.hcl.ast import BinaryOp, Conditional, FunctionCall, UnaryOp, Variable
from costlint.readers.hcl.evaluate import Evaluator
from costlint.readers.hcl.parser import parse_bytes, parse_expression, parse_text
from costlint.readers.hcl.values import EvalError


def ev(source: str, **var: Any) -> Any:
    return Evaluator({"var": var}).eval(parse_expression(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2 * 3 + 4", 10),
        ("4 + 2 * 3", 10),
        ("10 - 4 - 3", 3),
        ("100 / 10 / 5", 2),
        ("2 + 3 * 4 - 6 / 2", 11),
        ("(2 + 3) * 4", 20),
        ("7 % 4 * 2", 6),
        ("1 + 2 == 3", True),
        ("1 < 2 == 2 < 3", True),
        ("true || false && false", True),
        ("!false && false", False),
        ("-2 * 3", -6),
        ("1 == 1 ? 10 : 20", 10),
        ("1 == 2 ? 10 : 20 + 1", 21),
        ("false ? 1 : true ? 2 : 3", 2),
        ("true ? false ? 1 : 2 : 3", 2),
        ('1 + 1 > 1 && 2 * 2 == 4 ? "yes" : "no"', "yes"),
        ("3 > 2 || 1 / 0 == 0", True),
    ],
)
def test_operator_precedence(source: str, expected: Any) -> None:
    assert ev(source) == expected


def test_precedence_shapes() -> None:
    tree = parse_expression("a * b + c")
    assert isinstance(tree, BinaryOp) and tree.op == "+"
    assert isinstance(tree.left, BinaryOp) and tree.left.op == "*"
    cond = parse_expression("x == 1 ? a : b")
    assert isinstance(cond, Conditional)
    assert isinstance(cond.condition, BinaryOp) and cond.condition.op == "=="
    assert isinstance(parse_expression("!a && b"), BinaryOp)
    assert isinstance(parse_expression("!a").operand, Variable)  # type: ignore[attr-defined]
    assert isinstance(parse_expression("-a"), UnaryOp)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"web-${var.env}-${var.n + 1}"', "web-prod-3"),
        ('"${var.n}"', 2),
        ('"$${literal} %%{x}"', "${literal} %{x}"),
        ('"a\\"b\\\\c\\n\\u00e9"', 'a"b\\c\né'),
        ('"%{ if var.n > 1 }many%{ else }one%{ endif }"', "many"),
        ('"%{ for s in var.list }${s};%{ endfor }"', "a;b;"),
        ("var.list[1]", "b"),
        ("var.objs[*].id", [1, 2]),
        ("var.objs.*.id", [1, 2]),
        ("var.objs[0].id", 1),
        ('var.map["k"]', "v"),
        ("var.list.0", "a"),
        ('[for s in var.list : upper(s) if s != "a"]', ["B"]),
        ("{for i, s in var.list : s => i}", {"a": 0, "b": 1}),
        ('{for s in ["a", "b", "a"] : s => 1...}', {"a": [1, 1], "b": [1]}),
        ('{ (var.env) = 1, plain = 2, "quoted" = 3 }', {"prod": 1, "plain": 2, "quoted": 3}),
        ("1.5e3", 1500),
        ("-1", -1),
        ("5 -1", 4),
    ],
)
def test_expressions(source: str, expected: Any) -> None:
    value = ev(source, env="prod", n=2, list=["a", "b"], objs=[{"id": 1}, {"id": 2}], map={"k": "v"})
    assert value == expected


def test_heredoc_keeps_final_newline_and_trims_indent() -> None:
    body = parse_text("a = <<EOT\nhello ${var.x}\nEOT\nb = <<-EOT\n    one\n      two\n    EOT\n").body
    assert body is not None
    evaluator = Evaluator({"var": {"x": "you"}})
    assert evaluator.eval(body.attributes["a"].expr) == "hello you\n"
    assert evaluator.eval(body.attributes["b"].expr) == "one\n  two\n"


def test_template_directives_with_strip_markers() -> None:
    text = (
        "x = <<-EOT\n  hosts:\n  %{~ for h in var.hosts ~}\n    - ${h}\n  %{~ endfor ~}\n  done\n  EOT\n"
        'y = "a%{ if !var.on }-off%{ else }-on%{ endif }"\n'
    )
    body = parse_text(text).body
    assert body is not None
    evaluator = Evaluator({"var": {"hosts": ["a", "b"], "on": True}})
    assert evaluator.eval(body.attributes["x"].expr) == "hosts:- a- bdone\n"
    assert evaluator.eval(body.attributes["y"].expr) == "a-on"


def test_ellipsis_is_kept() -> None:
    call = parse_expression("merge(var.maps...)")
    assert isinstance(call, FunctionCall) and call.expand_final
    assert not parse_expression("merge(var.maps)").expand_final  # type: ignore[attr-defined]


def test_lines_of_blocks_and_attributes() -> None:
    text = '# c\n\nresource "aws_instance" "web" {\n  ami = "x"\n\n  ebs_block_device {\n    size = 1\n  }\n}\n'
    body = parse_text(text).body
    assert body is not None
    block = body.blocks[0]
    assert (block.type, block.labels, block.line) == ("resource", ("aws_instance", "web"), 3)
    assert block.body.attributes["ami"].line == 4
    assert block.body.blocks[0].line == 6


def test_crlf_file_parses_with_same_lines() -> None:
    parsed = parse_bytes(b'variable "x" {\r\n  default = 1\r\n}\r\n\r\nresource "a" "b" {\r\n}\r\n')
    assert parsed.error is None and parsed.body is not None
    assert [b.line for b in parsed.body.blocks] == [1, 5]


def test_leading_operator_continuation_lines_parse_and_keep_line_numbers() -> None:
    text = (
        'x = (\n  var.a # why\n  ? "big"\n  : "small"\n)\ny = [\n  1\n  + 2,\n]\n'
        'resource "r" "after" {\n  z = (var.b\n    && true)\n}\n'
    )
    parsed = parse_text(text)
    assert parsed.error is None and parsed.body is not None
    assert Evaluator({"var": {"a": True}}).eval(parsed.body.attributes["x"].expr) == "big"
    assert Evaluator({}).eval(parsed.body.attributes["y"].expr) == [3]
    assert parsed.body.blocks[0].line == 10


def test_newline_before_dot_in_chained_expression_parses() -> None:
    parsed = parse_text("x = (\n  var.cfg\n  .size\n)\ny = 1\n")
    assert parsed.error is None and parsed.body is not None
    assert Evaluator({"var": {"cfg": {"size": 3}}}).eval(parsed.body.attributes["x"].expr) == 3
    assert parsed.body.attributes["y"].line == 5


def test_unknown_condition_is_unknown_unless_both_branches_agree() -> None:
    from costlint.model import Unknown

    evaluator = Evaluator({"var": {"u": Unknown("var.u")}})
    assert evaluator.eval(parse_expression('var.u ? "a" : "b"')) == Unknown("var.u")
    assert evaluator.eval(parse_expression('var.u == "x" ? "same" : "same"')) == "same"
    assert evaluator.eval(parse_expression("var.u + 1")) == Unknown("var.u")
    assert evaluator.eval(parse_expression("false && var.u")) is False
    assert evaluator.eval(parse_expression("var.u || true")) is True


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b'resource "a" "b" {\n  x = 1\n', 1, "unexpected end of file: '{' is not closed"),
        (b'resource "a" "b" {\n  x = "abc\n  y = 2\n}\n', 2, "unclosed string"),
        (b"x = 1\n}\n", 2, "unexpected '}'"),
        (b"x = 1\ny = @\n", 2, "unexpected '@'"),
        (b"x = \n", 1, "unexpected newline"),
        (b"\x00\x01binary", 1, "binary file"),
        (b'x = 1\ny = "\xff"\n', 2, "not UTF-8 (byte 0xff)"),
        (b"a = <<EOT\nnever closed\n", 1, "unclosed heredoc (no closing marker)"),
        (b"x = 1\nx = 2\n", 2, 'attribute "x" is already defined on line 1'),
    ],
)
def test_malformed_input_gives_one_line_and_position(data: bytes, line: int, message: str) -> None:
    parsed = parse_bytes(data)
    if parsed.error is not None:
        assert (parsed.error.line, parsed.error.message) == (line, message)
    else:
        assert parsed.problems == [(line, message)]


def test_empty_and_comment_only_files_are_valid() -> None:
    for data in (b"", b"\n\n", b"# only a comment", b"/* block */\n"):
        parsed = parse_bytes(data)
        assert parsed.error is None and parsed.body is not None
        assert parsed.body.blocks == [] and parsed.body.attributes == {}


def test_grammar_cache_is_written_under_costlint_cache_dir(tmp_path: Path) -> None:
    code = (
        "from costlint.readers.hcl.grammar import hcl_parser, grammar_cache_file, locate_grammar;"
        "hcl_parser(); print(grammar_cache_file(locate_grammar()[1]))"
    )
    env = {"COSTLINT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    cache = Path(out.stdout.strip())
    assert cache.parent == tmp_path / "grammar"
    assert cache.is_file() and cache.stat().st_size > 10_000
    assert not list(cache.parent.glob("*.tmp"))


def test_grammar_cache_written_by_one_run_is_used_by_the_next(tmp_path: Path) -> None:
    # Lark's own cache hashed the cache file's name, and the first run wrote under a temporary name: the
    # second run rebuilt the grammar and rewrote the file. Now the second run loads it untouched.
    code = (
        "from costlint.readers.hcl.grammar import hcl_parser, grammar_cache_file, locate_grammar;"
        "from costlint.readers.hcl.parser import parse_text;"
        "assert parse_text('a = 1\\n').body.attributes['a'].line == 1;"
        "assert 'more than' in parse_text('a = 1\\n' * 5000, seconds=0).error.message;"
        "print(grammar_cache_file(locate_grammar()[1]))"
    )
    env = {"COSTLINT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    cache = Path(first.stdout.strip())
    before = cache.stat()
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    after = cache.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    # A damaged file is not trusted: rebuilt (the timeout callbacks still apply) and rewritten.
    cache.write_bytes(cache.read_bytes()[:5000])
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert cache.stat().st_ino != before.st_ino and cache.stat().st_size > 100_000


def test_unwritable_cache_dir_falls_back_to_the_temporary_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    code = (
        "from costlint.readers.hcl.grammar import hcl_parser, grammar_cache_file, locate_grammar;"
        "hcl_parser(); print(grammar_cache_file(locate_grammar()[1]))"
    )
    env = {"COSTLINT_CACHE_DIR": str(blocker / "cache"), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path / "t")}
    (tmp_path / "t").mkdir()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    cache = Path(out.stdout.strip())
    assert cache.parent.parent == tmp_path / "t" and cache.is_file()


def test_broken_hcl2_package_is_detected(tmp_path: Path) -> None:
    fake = tmp_path / "hcl2"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "version.py").write_text("__version__ = version = '0.4.3'\n")
    (fake / "hcl2.lark").write_text("start : body\n")
    code = (
        "from costlint.readers.hcl.grammar import hcl_parser\n"
        "from costlint.errors import CannotRun\n"
        "try:\n    hcl_parser()\nexcept CannotRun as e:\n    print(e)\n"
    )
    env = {"PYTHONPATH": str(tmp_path), "COSTLINT_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.startswith("the installed 'hcl2' package is not python-hcl2 7.x (version 0.4.3 at ")
    assert "pip install --force-reinstall 'python-hcl2>=7.3.1,<8'" in out.stdout


def test_newline_before_question_mark_in_a_for_object_expression() -> None:
    # Extract of cloud-foundation-fabric modules/cloudsql-instance/main.tf: HCL ignores newlines inside
    # a for expression, braces included.
    text = """locals {
  users = {
    for k, v in var.users : k =>
    local.is_mysql
    ? {
      name = split("@", k)[0]
      type = v.type
    }
    : {
      name = k
      type = v.type
    }
  }
  kept = {
    for k, v in var.users : k => v
    if v.type != ""
    && k != "x"
  }
}
after = 1
"""
    parsed = parse_text(text)
    assert parsed.error is None and parsed.body is not None
    users = parsed.body.blocks[0].body.attributes["users"].expr
    scope = {"var": {"users": {"a@b": {"type": "BUILT_IN"}}}, "local": {"is_mysql": True}}
    assert Evaluator(scope).eval(users) == {"a@b": {"name": "a", "type": "BUILT_IN"}}
    kept = parsed.body.blocks[0].body.attributes["kept"].expr
    assert Evaluator(scope).eval(kept) == {"a@b": {"type": "BUILT_IN"}}
    assert parsed.body.attributes["after"].line == 20


def test_function_call_and_dynamic_traversal_as_object_keys() -> None:
    # Extract of ministryofjustice/modernisation-platform-environments (a shield_advanced module call):
    # any expression but a plain name or a static traversal is a key to evaluate, as in Terraform.
    text = """locals {
  resources = {
    format("%s-alb", local.application_name) = {
      action = "count"
    }
    local.a[local.env].b = 4
    lower("X"): 5
  }
}
"""
    parsed = parse_text(text)
    assert parsed.error is None and parsed.body is not None
    scope = {"local": {"application_name": "app", "a": {"prod": {"b": "key"}}, "env": "prod"}}
    resources = parsed.body.blocks[0].body.attributes["resources"].expr
    assert Evaluator(scope).eval(resources) == {"app-alb": {"action": "count"}, "key": 4, "x": 5}


def test_static_traversal_as_object_key_is_ambiguous_as_in_terraform() -> None:
    # Terraform: "Ambiguous attribute key" (wrap a reference in parentheses, a name with dots in quotes).
    parsed = parse_text('x = {\n  local.a["k"].b = 2\n}\ny = {\n  (local.a["k"].b) = 3\n  "a.b" = 4\n}\n')
    assert parsed.error is None and parsed.body is not None
    scope = {"local": {"a": {"k": {"b": "key"}}}}
    with pytest.raises(EvalError, match="ambiguous attribute key"):
        Evaluator(scope).eval(parsed.body.attributes["x"].expr)
    assert Evaluator(scope).eval(parsed.body.attributes["y"].expr) == {"key": 3, "a.b": 4}
