"""The built-in packs and the data-condition language."""

from __future__ import annotations

from pathlib import Path

import pytest

from costlint.model import Unknown
from costlint.rules import conditions, packs

THEMES = {
    "compute.yaml": "CL1",
    "storage.yaml": "CL2",
    "scaling.yaml": "CL3",
    "idle.yaml": "CL4",
    "retention.yaml": "CL5",
    "governance.yaml": "CL6",
}


def test_builtin_packs_validate_with_their_spec_fields_and_keep_ids_by_theme() -> None:
    seen: set[str] = set()
    for path in packs.builtin_pack_files():
        rules, problems = packs.load_pack(path, path.name, check_fields=True)
        assert problems == [], [str(p) for p in problems]
        for rule in rules:
            assert rule.id.startswith(THEMES[path.name]), (path.name, rule.id)
            assert rule.id not in seen and rule.slug not in seen
            seen |= {rule.id, rule.slug}
    assert len(seen) == 2 * 14


def test_the_rules_cache_gives_the_same_rules_as_the_packs() -> None:
    from_packs = [r for f in packs.builtin_pack_files() for r in packs.load_pack(f, f.name, check_fields=False)[0]]
    packs.load_builtin()  # writes the cache when it is missing or stale
    from_cache, problems = packs.load_builtin()
    assert problems == []
    assert from_cache == from_packs


class Spec:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


def _eval(condition: object, refs: bool | None = False, **fields: object) -> bool | None:
    return conditions.evaluate(condition, conditions.Subject(Spec(**fields), lambda kinds: refs))


@pytest.mark.parametrize(
    ("condition", "fields", "expected"),
    [
        ({"field": "t", "equals": "GP2"}, {"t": "gp2"}, True),  # strings compare without case
        ({"field": "n", "equals": 0}, {"n": "0"}, True),  # numbers as decimals
        ({"field": "n", "gt": 2}, {"n": 3}, True),
        ({"field": "n", "gt": 2}, {"n": None}, False),
        ({"field": "n", "gt": 2}, {"n": Unknown("var.n")}, None),  # unknown: the rule stays silent
        ({"field": "n", "set": False}, {"n": None}, True),
        ({"field": "n", "set": False}, {"n": Unknown("var.n")}, False),  # an unknown value is set
        ({"any": [{"field": "n", "set": False}, {"field": "n", "equals": 0}]}, {"n": Unknown("var.n")}, None),
        ({"all": [{"field": "t", "equals": "x"}, {"field": "n", "gt": 1}]}, {"t": "y", "n": Unknown("v")}, False),
        ({"not": {"field": "t", "in": ["a", "b"]}}, {"t": "c"}, True),
        ({"field": "t", "matches": "xlarge$"}, {"t": "m5.2xlarge"}, True),
    ],
)
def test_conditions_are_three_valued(condition: object, fields: dict[str, object], expected: bool | None) -> None:
    assert _eval(condition, **fields) is expected


def test_referenced_by_passes_the_engines_answer_through() -> None:
    condition = {"not": {"referenced_by": ["ebs.volume_attachment"]}}
    assert _eval(condition, refs=True) is False
    assert _eval(condition, refs=False) is True
    assert _eval(condition, refs=None) is None


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"field": "size", "bigger": 1}, "unknown operator 'bigger'"),
        ({"field": "size", "gt": "large"}, "'gt' takes a number"),
        ({"field": "size"}, "a field condition takes exactly one operator"),
        ({"all": []}, "'all' takes a non-empty list of conditions"),
        ({"field": "colour", "equals": 1}, "unknown field 'colour'"),
        ({"field": "t", "matches": "("}, "invalid regular expression"),
    ],
)
def test_condition_mistakes_are_named(condition: object, message: str) -> None:
    problems = conditions.validate(condition, frozenset({"size", "t"}), 7)
    assert problems and message in problems[0][1] and problems[0][0] == 7


def test_a_pack_that_is_not_yaml_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: X1\n    slug: [unclosed\n")
    rules, problems = packs.load_pack(path, "bad.yaml")
    assert rules == []
    assert [(p.file, p.line) for p in problems] == [("bad.yaml", 4)]
    assert problems[0].message.startswith("invalid YAML")
