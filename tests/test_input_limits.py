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
