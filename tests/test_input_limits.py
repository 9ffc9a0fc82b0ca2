"""Inputs that would take memory or time without bound are refused with one line naming file:line.

Each case is a made-up input that grew memory until killed before the limit existed (a count of
100,000,000 at about 200 MB/s); the tests check the message and that the rest of the project is read.
"""

from __future__ import annotations

from pathlib import Path

from costlint.readers.terraform_module import MAX_INSTANCES, MAX_PROJECT_INSTANCES
from test_terraform_support import by_address, messages, read


def test_huge_count_is_refused_with_its_line(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'resource "aws_instance" "many" {\n  count = 100000000\n  instance_type = "t3.micro"\n}\n'
            'resource "aws_instance" "one" {\n  instance_type = "t3.micro"\n}\n'
        },
    )
    assert messages(project) == [
        "proj/main.tf:2: error: aws_instance.many: count is 100,000,000; costlint expands at most "
        f"{MAX_INSTANCES:,} instances of one resource or module (listed once, without instances)"
    ]
    resources = by_address(project)
    assert list(resources) == ["aws_instance.many", "aws_instance.one"]
    assert resources["aws_instance.many"].notes == ["instances unknown: count is over costlint's limit"]


def test_huge_for_each_and_dynamic_blocks_are_refused(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
resource "aws_s3_bucket" "per_key" {
  for_each = toset([for i in range(20000) : tostring(i)])
}
resource "aws_s3_bucket" "per_map" {
  for_each = { for i in range(20000) : tostring(i) => i }
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = range(20000)
    content {
      from_port = ingress.value
    }
  }
}
resource "aws_instance" "fine" {
  count = 3
}
"""
        },
    )
    limit = f"costlint expands at most {MAX_INSTANCES:,} instances of one resource or module"
    assert messages(project) == [
        f"proj/main.tf:3: error: aws_s3_bucket.per_key: for_each has 20,000 elements; {limit} "
        "(listed once, without instances)",
        f"proj/main.tf:6: error: aws_s3_bucket.per_map: for_each has 20,000 elements; {limit} "
        "(listed once, without instances)",
        f'proj/main.tf:10: error: aws_security_group.sg: dynamic "ingress" for_each has 20,000 elements; '
        f"costlint expands at most {MAX_INSTANCES:,} blocks (left unknown)",
    ]
    resources = by_address(project)
    assert resources["aws_security_group.sg"].attributes["ingress"].reason.startswith("aws_security_group.sg.ingress")
    assert [a for a in resources if a.startswith("aws_instance.fine")] == [
        "aws_instance.fine[0]",
        "aws_instance.fine[1]",
        "aws_instance.fine[2]",
    ]


def test_nested_counts_are_bounded_for_the_whole_project(tmp_path: Path) -> None:
    each = MAX_INSTANCES // 2
    project = read(
        tmp_path,
        {
            "main.tf": f'module "m" {{\n  source = "./m"\n  count = {each}\n}}\n',
            "m/main.tf": f'resource "aws_sqs_queue" "q" {{\n  count = {each}\n}}\n',
        },
    )
    expanded = len(project.resources)
    assert expanded <= MAX_PROJECT_INSTANCES + MAX_INSTANCES
    assert messages(project)[0] == (
        f"proj/m/main.tf:2: error: module.m[{MAX_PROJECT_INSTANCES // each - 1}].aws_sqs_queue.q: "
        f"{each:,} more instances would pass the {MAX_PROJECT_INSTANCES:,} costlint expands in one project "
        "(listed once, without instances)"
    )


# Nine levels of ten aliases: 408 bytes that construct to a billion values without a bound.
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def test_alias_bomb_is_refused_everywhere_plain_yaml_is_read(tmp_path: Path) -> None:
    from costlint.bounded_yaml import MAX_EXPANDED_NODES, YamlProblem, load
    from costlint.readers.cfn_parameters import load_parameters_file

    assert len(ALIAS_BOMB) < 420
    refused = (
        f"the document expands to more than {MAX_EXPANDED_NODES:,} values once its aliases are resolved "
        "(YAML alias amplification); refused"
    )
    try:
        load(ALIAS_BOMB)
    except YamlProblem as problem:
        assert (problem.line, problem.message) == (6, refused)
    else:
        raise AssertionError("the alias bomb was loaded")
    # Within the limit, aliases are fine: 10 x 10 x 10 values.
    assert len(load(ALIAS_BOMB.split("d:")[0]).data["c"]) == 10

    (tmp_path / "params.yaml").write_text(ALIAS_BOMB)
    values, problem = load_parameters_file(tmp_path / "params.yaml")
    assert values == {} and problem is not None and problem.message == f"invalid parameters file: {refused}"

    (tmp_path / "bomb.yaml").write_text(ALIAS_BOMB)
    project = read(
        tmp_path,
        {"main.tf": 'locals {\n  x = yamldecode(file("bomb.yaml"))\n}\nresource "aws_sqs_queue" "q" {\n}\n'},
    )
    assert messages(project) == [f"proj/main.tf:2: error: local.x: yamldecode(): invalid YAML (line 6): {refused}"]
    assert [r.address for r in project.resources] == ["aws_sqs_queue.q"]


def test_recursive_alias_and_duplicate_keys() -> None:
    from costlint.bounded_yaml import YamlProblem, load

    for text, expected in (
        ("a: &a [1, *a]\n", (1, "an alias refers to the node that contains it (endless value)")),
        ("a: 1\nb: 2\na: 3\n", (3, "duplicate key 'a' (first at line 1)")),
    ):
        try:
            load(text)
        except YamlProblem as problem:
            assert (problem.line, problem.message) == expected
        else:
            raise AssertionError(f"{text!r} was loaded")
    assert load("a: 1\na: 2\n", duplicate_keys=False).data == {"a": 2}
    base = load("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n").data
    assert base["other"] == {"x": 1, "y": 2}


def test_libyaml_loads_and_the_python_loader_words_the_errors() -> None:
    # Valid YAML goes through libyaml (CSafeLoader) when PyYAML has it: the same data, the same node graph (the
    # alias and duplicate checks above ran on it). A document libyaml refuses is reported in the words and at
    # the line of the pure-Python loader, as before libyaml was used; nesting too deep for libyaml is refused
    # by it, never a crash.
    import yaml

    from costlint.bounded_yaml import YamlProblem, load

    assert yaml.__with_libyaml__  # PyYAML's wheels ship libyaml; without it the pure-Python loader does it all
    document = load("a: [1, 2.5, true, null, 2026-01-02]\nb: {c: 'd'}\n")
    assert document.data == yaml.load("a: [1, 2.5, true, null, 2026-01-02]\nb: {c: 'd'}\n", Loader=yaml.SafeLoader)
    for text, expected in (
        ("a: [1, 2\n", (2, "expected ',' or ']', but got '<stream end>'")),
        ("x: &a [1]\ny: *b\n", (2, "found undefined alias 'b'")),
        ("a: \x01b\n", (1, "character U+0001 is not allowed in YAML")),
    ):
        try:
            load(text)
        except YamlProblem as problem:
            assert (problem.line, problem.message) == expected
        else:
            raise AssertionError(f"{text!r} was loaded")
    deep = "[" * 100_000 + "]" * 100_000
    try:
        load(deep)
    except YamlProblem as problem:
        assert problem.message == "nested too deeply"
    else:
        raise AssertionError("100,000 nested lists were loaded")


def test_a_terraform_file_over_the_size_limit_is_refused_and_the_rest_read(tmp_path: Path) -> None:
    from costlint.files import MAX_INPUT_BYTES

    huge = 'locals {\n  s = "' + "a" * MAX_INPUT_BYTES + '"\n}\n'
    (tmp_path / "big.txt").write_text("x" * (MAX_INPUT_BYTES + 1))
    project = read(
        tmp_path,
        {
            "huge.tf": huge,
            "main.tf": 'resource "aws_sqs_queue" "q" {\n  policy = file("big.txt")\n}\n',
        },
    )
    assert messages(project) == [
        "proj/huge.tf:1: error: file is 4 MiB, more than the 4 MiB costlint reads from one file; not read",
        "proj/main.tf:2: warning: file('big.txt'): file is 4 MiB, more than the 4 MiB costlint reads from one "
        "file; not read; values that use it are unknown",
    ]
    assert [r.address for r in project.resources] == ["aws_sqs_queue.q"]


def test_parse_time_limit() -> None:
    from costlint.readers.hcl.parser import parse_text

    text = "".join(f'resource "aws_sqs_queue" "q{i}" {{\n  name = "q{i}"\n}}\n' for i in range(20000))
    parsed = parse_text(text, seconds=0.01)
    assert parsed.body is None and parsed.error is not None
    assert (parsed.error.line, parsed.error.message) == (1, "parsing takes more than 0.01 s; not read")
    assert parse_text(text[: text.index('resource "aws_sqs_queue" "q90"')]).error is None  # the default is generous


def test_long_strings_heredocs_and_comments_parse_with_the_linear_terminals() -> None:
    from costlint.readers.hcl.grammar import _LINEAR_TERMINALS, grammar_text, locate_grammar
    from costlint.readers.hcl.parser import parse_text

    # The rewrites apply to the installed grammar (each slow terminal is replaced).
    text = grammar_text(locate_grammar()[0])
    assert all(slow not in text and linear in text for slow, linear in _LINEAR_TERMINALS)
    long = "a$b\\n" * 250_000
    source = (
        f'/* {"c" * 1_000_000} */\nx = "{long}${{1 + 1}}"\ny = <<EOT\n{"h" * 1_000_000}\nEOT\nz = "$${{literal}}"\n'
    )
    parsed = parse_text(source)
    assert parsed.error is None and parsed.body is not None
    from costlint.readers.hcl.evaluate import Evaluator

    values = {name: Evaluator({}).eval(a.expr) for name, a in parsed.body.attributes.items()}
    assert values["x"] == "a$b\n" * 250_000 + "2"
    assert values["y"] == "h" * 1_000_000 + "\n"
    assert values["z"] == "${literal}"


def test_a_template_over_cloudformations_limit_is_refused(tmp_path: Path) -> None:
    from costlint.discovery import Discovered
    from costlint.readers import ReadOptions
    from costlint.readers.cloudformation import read_template

    queue = "  Q{0}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q{0}\n"
    path = tmp_path / "big.yaml"
    path.write_text("Resources:\n" + "".join(queue.format(i) for i in range(20000)))
    project = read_template(Discovered("cloudformation", path, "big.yaml", True), ReadOptions(environ={}))
    assert [str(d) for d in project.diagnostics] == [
        "big.yaml:1: error: template is 1.4 MiB, more than the 1 MB CloudFormation accepts; not read"
    ]
