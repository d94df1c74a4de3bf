"""cleaners.rules: the rule data is well-formed and immutable."""

from __future__ import annotations

import dataclasses

import pytest

from cleaners.rules import DEFAULT_RULES, PHRASE_RULES, TREE_RULES, RuleSet


def test_rule_names_are_unique_per_layer():
    names = [r.name for r in TREE_RULES]
    assert len(names) == len(set(names))
    names = [r.name for r in PHRASE_RULES]
    assert len(names) == len(set(names))


def test_parts_are_lower_case_tokens():
    for rule in TREE_RULES:
        for part in rule.parts:
            assert part == part.lower() and " " not in part, (rule.name, part)


def test_every_rule_has_a_group():
    assert all(r.group for r in TREE_RULES + PHRASE_RULES)


def test_phrases_cover_many_languages():
    announcers = next(r for r in PHRASE_RULES if r.name == "link-announcer").phrases
    for phrase in ("previous article", "auch interessant", "czytaj więcej", "lire aussi", "leia também", "читайте также", "関連記事"):
        assert phrase in announcers


def test_default_rules_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULES.max_link_density = 0.9  # type: ignore[misc]


def test_rules_are_extended_by_making_a_new_set():
    custom = dataclasses.replace(DEFAULT_RULES, extra_phrases=frozenset({"Port Alder Courier: always on your side"}))
    assert isinstance(custom, RuleSet)
    assert custom.tree_rules is DEFAULT_RULES.tree_rules
    assert not DEFAULT_RULES.extra_phrases
