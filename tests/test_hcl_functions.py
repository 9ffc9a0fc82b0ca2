"""Built-in functions, evaluated from HCL source exactly as a resource argument would be."""

from __future__ import annotations

from typing import Any

import pytest

from costlint.model import Unknown
from costlint.readers.hcl.evaluate import Evaluator
from costlint.readers.hcl.parser import parse_expression
from costlint.readers.hcl.values import EvalError

ROOTS = {
    "var": {"m": {"a": 1, "b": 2}, "l": ["x", "y", "z"], "u": Unknown("var.u"), "n": None},
    "local": {"tags": {"Team": "core"}},
}


def ev(source: str) -> Any:
    return Evaluator(ROOTS).eval(parse_expression(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('lookup(var.m, "a", 0)', 1),
        ('lookup(var.m, "zz", 9)', 9),
        ('merge(local.tags, {Name = "x"}, null)', {"Team": "core", "Name": "x"}),
        ("concat([1], [2, 3], [])", [1, 2, 3]),
        ("length(var.l)", 3),
        ('length("abcd")', 4),
        ("length(var.m)", 2),
        ("element(var.l, 4)", "y"),
        ('format("%s-%03d-%.1f-%v-%q-%t-%%", "a", 7, 2.25, 3, "q", true)', 'a-007-2.2-3-"q"-true-%'),
        ('join("-", var.l)', "x-y-z"),
        ('split(",", "a,b,,c")', ["a", "b", "", "c"]),
        ('lower("AbC")', "abc"),
        ('upper("AbC")', "ABC"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('replace("web01", "/[0-9]+/", "N")', "webN"),
        ("min(3, 1.5, 2)", 1.5),
        ("max(3, 9, 2)", 9),
        ('coalesce(null, "", "x", "y")', "x"),
        ('try(var.m.zz, "fallback")', "fallback"),
        ("try(var.m.a, 0)", 1),
        ("can(var.m.zz)", False),
        ("can(var.m.a)", True),
        ("tostring(5)", "5"),
        ("tostring(true)", "true"),
        ('tonumber("42")', 42),
        ('tonumber("1.5")', 1.5),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ('tolist(toset(["b", "a"]))', ["a", "b"]),
        ('tomap({a = "1"})', {"a": "1"}),
        ("keys({b = 1, a = 2})", ["a", "b"]),
        ("values({b = 1, a = 2})", [2, 1]),
        ('contains(var.l, "y")', True),
        ('contains(var.l, "q")', False),
        ("flatten([[1, [2]], [], 3])", [1, 2, 3]),
        ("range(3)", [0, 1, 2]),
        ("range(1, 7, 2)", [1, 3, 5]),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        ('jsonencode({a = [1, "x", true, null]})', '{"a":[1,"x",true,null]}'),
        ('cidrsubnet("10.0.0.0/16", 8, 3)', "10.0.3.0/24"),
        ('cidrhost("10.0.0.0/24", 5)', "10.0.0.5"),
        ('formatlist("%s-%d", ["a", "b"], [1, 2])', ["a-1", "b-2"]),
        ("distinct([1, 2, 1, 3])", [1, 2, 3]),
        ('compact(["a", "", null, "b"])', ["a", "b"]),
        ('coalescelist([], ["a"])', ["a"]),
        ("slice([1, 2, 3, 4], 1, 3)", [2, 3]),
        ('sort(["b", "a", "c"])', ["a", "b", "c"]),
        ("sum([1, 2, 3.5])", 6.5),
        ("alltrue([true, true])", True),
        ("anytrue([false, true])", True),
        ('one(["x"])', "x"),
        ("one([])", None),
        ('startswith("web-1", "web")', True),
        ('endswith("web-1", "-1")', True),
        ('trimspace("  x ")', "x"),
        ('trimprefix("prod-web", "prod-")', "web"),
        ('substr("hello", 1, 3)', "ell"),
        ('title("hello world")', "Hello World"),
        ('regex("^(\\\\w+)-(\\\\d+)$", "web-12")', ["web", "12"]),
        ('regex("(?P<name>\\\\w+)", "abc")', {"name": "abc"}),
        ('regexall("\\\\d", "a1b2")', ["1", "2"]),
        ('jsondecode("{\\"a\\": 1.0}")', {"a": 1}),
        ('yamldecode("a: [1, 2]")', {"a": [1, 2]}),
        ('base64encode("hi")', "aGk="),
        ("abs(-3)", 3),
        ("ceil(1.2)", 2),
        ("floor(1.8)", 1),
        ("pow(2, 10)", 1024),
        ('parseint("ff", 16)', 255),
        ("setunion([1, 2], [2, 3])", [1, 2, 3]),
        ('setproduct(["a"], [1, 2])', [["a", 1], ["a", 2]]),
        ("chunklist([1, 2, 3], 2)", [[1, 2], [3]]),
        ('index(["a", "b"], "b")', 1),
        ("reverse([1, 2, 3])", [3, 2, 1]),
        ('transpose({a = ["1", "2"], b = ["1"]})', {"1": ["a", "b"], "2": ["a"]}),
        ('tobool("true")', True),
        ('nonsensitive(sensitive("s"))', "s"),
        ("max([4, 8]...)", 8),
        ('basename("/a/b/c.tf")', "c.tf"),
        ('dirname("a/b/c.tf")', "a/b"),
        ('matchkeys(["i1", "i2"], ["a", "b"], ["b"])', ["i2"]),
        ("merge([{a = 1}, {b = 2}]...)", {"a": 1, "b": 2}),
    ],
)
def test_function(source: str, expected: Any) -> None:
    assert ev(source) == expected


def test_set_is_sorted_unique_list() -> None:
    assert ev("toset([3, 1, 3, 2])") == [1, 2, 3]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("upper(var.u)", "var.u"),
        ('join(",", ["a", var.u])', "var.u"),
        ('lookup(var.u, "a", 1)', "var.u"),
        ('format("%s", var.u)', "var.u"),
        ("timestamp()", "timestamp() is known only when Terraform runs"),
        ("uuid()", "uuid() is known only when Terraform runs"),
        ("nosuchfunction(1)", "function nosuchfunction() is not supported"),
    ],
)
def test_unknown_propagates_with_its_reason(source: str, reason: str) -> None:
    value = ev(source)
    assert isinstance(value, Unknown)
    assert value.reason == reason


def test_collections_with_unknown_elements_keep_their_shape() -> None:
    assert ev('length(["a", var.u])') == 2
    assert ev("concat([var.u], [1])") == [Unknown("var.u"), 1]
    assert ev("merge({a = var.u}, {b = 1})") == {"a": Unknown("var.u"), "b": 1}
    assert ev('lookup({a = 1, b = var.u}, "a", 0)') == 1
    assert ev('element(["a", var.u], 0)') == "a"
    assert ev("sum([1, var.u, 2])") == Unknown("var.u")  # not a TypeError: the sum is unknown
    assert ev("sum([1, 2.5])") == 3.5


def test_try_and_can_with_unknown_values() -> None:
    assert ev('try(var.u, "x")') == Unknown("var.u")
    assert ev("can(var.u)") == Unknown("var.u")


def test_unsupported_function_is_reported_once_per_callback() -> None:
    seen: list[tuple[str, int]] = []
    evaluator = Evaluator({}, on_unsupported=lambda name, line: seen.append((name, line)))
    evaluator.eval(parse_expression("frobnicate(1)", 7))
    assert seen == [("frobnicate", 7)]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('lookup({a = 1}, "b")', 'lookup(): lookup failed to find key "b"'),
        ('tonumber("x")', "tonumber(): cannot convert 'x' to a number"),
        ("element([], 0)", "element(): cannot use element() with an empty list"),
        ('coalesce(null, "")', "coalesce(): no non-null, non-empty-string arguments to coalesce()"),
    ],
)
def test_function_errors(source: str, message: str) -> None:
    with pytest.raises(EvalError) as caught:
        ev(source)
    assert caught.value.message == message


def test_file_functions_resolve_from_root_then_module(tmp_path: Any) -> None:
    root = tmp_path
    module = tmp_path / "modules" / "web"
    module.mkdir(parents=True)
    (module / "init.sh").write_text("echo ${name}\n")
    (module / "plain.txt").write_text("plain")
    evaluator = Evaluator({"path": {"module": "modules/web"}}, module, root)
    assert evaluator.eval(parse_expression('file("${path.module}/plain.txt")')) == "plain"
    assert evaluator.eval(parse_expression('file("plain.txt")')) == "plain"
    assert evaluator.eval(parse_expression('fileexists("nope.txt")')) is False
    assert evaluator.eval(parse_expression('templatefile("${path.module}/init.sh", {name = "x"})')) == "echo x\n"
    missing = evaluator.eval(parse_expression('file("nope.txt")'))
    assert isinstance(missing, Unknown)


def test_slice_of_an_unknown_list_has_the_slice_length() -> None:
    from costlint.model import Unknown
    from costlint.readers.hcl.functions import FUNCTIONS

    names = Unknown("data.aws_availability_zones.available.names")
    result = FUNCTIONS["slice"][0](names, 0, 3)
    assert result == [
        Unknown("element 0 of data.aws_availability_zones.available.names"),
        Unknown("element 1 of data.aws_availability_zones.available.names"),
        Unknown("element 2 of data.aws_availability_zones.available.names"),
    ]
    assert FUNCTIONS["length"][0](result) == 3


def test_contains_with_several_unknown_elements_is_unknown() -> None:
    # Two unknown elements used to meet in `pending or same`: the truth value of an Unknown.
    assert ev('contains([var.u, var.u, "a"], "b")') == Unknown("var.u")
    assert ev('contains([var.u, var.u, "a"], "a")') is True


def test_cidrsubnets_with_an_unknown_size_is_unknown() -> None:
    # The sizes arrive as a tuple; an unknown inside it must be found, not asserted away.
    assert ev('cidrsubnets("10.0.0.0/16", 4, var.u)') == Unknown("var.u")
    assert ev('cidrsubnets("10.0.0.0/16", 4, 4)') == ["10.0.0.0/20", "10.0.16.0/20"]


def test_negative_element_index_counts_from_the_end() -> None:
    # Extract of cloud-foundation-fabric fast/project-templates/os-apt-registries: Terraform 1.11 gives
    # "bookworm" for element(split("/", "debian/dists/bookworm"), -1).
    assert ev('element(split("/", "debian/dists/bookworm"), -1)') == "bookworm"
    assert ev("element(var.l, -4)") == "z"  # wraps like a positive index


def test_base64_digests_and_templatestring() -> None:
    assert ev('base64sha256("hello")') == "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
    # Expected values from terraform 1.11 console.
    evaluator = Evaluator({"local": {"tpl": "Hi ${name}%{ if loud }!%{ endif }"}})
    assert evaluator.eval(parse_expression('templatestring(local.tpl, { name = "you", loud = true })')) == "Hi you!"


def test_fileset_matches_terraforms_globs(tmp_path: Any) -> None:
    # Expected sets from terraform 1.11 console on the same tree.
    for name in ("data/x.yaml", "data/.hidden.yaml", "data/a/y.yaml", "data/a/b/z.yaml", "data/c/w.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    evaluator = Evaluator({"path": {"module": "."}}, tmp_path, tmp_path)

    def fileset(args: str) -> Any:
        return evaluator.eval(parse_expression(f"fileset({args})"))

    assert fileset('"nope", "*"') == []
    assert fileset('path.module, "data/*.yaml"') == ["data/.hidden.yaml", "data/x.yaml"]
    assert fileset('"data", "**/*.yaml"') == [".hidden.yaml", "a/b/z.yaml", "a/y.yaml", "x.yaml"]
    assert fileset('"data", "**"') == [".hidden.yaml", "a/b/z.yaml", "a/y.yaml", "c/w.json", "x.yaml"]
    assert fileset('"data", "{a,c}/*"') == ["a/y.yaml", "c/w.json"]
    assert fileset('"./data/", "a/?.yaml"') == ["a/y.yaml"]
    assert fileset('"data", "[xa]*"') == ["x.yaml"]
