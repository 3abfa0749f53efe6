"""People: one parser for a post's `author` and site.yml's."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import parse_config
from generator.errors import Diagnostics
from generator.model import Person
from generator.people import parse_people


@pytest.mark.parametrize(
    ("value", "people"),
    [
        (None, ()),
        ("王富贵", (Person("王富贵"),)),
        ({"name": "A", "website": "https://a.example/"}, (Person("A", "https://a.example/"),)),
        (["A", "A", {"name": "B"}], (Person("A"), Person("B"))),  # repeats once
        (["", "C"], (Person("C"),)),
    ],
)
def test_shapes(value: object, people: tuple[Person, ...]) -> None:
    assert parse_people(value) == people


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (3, "must be a name, a mapping with `name` (and `url`), or a list of those, not int"),
        (
            {"url": "/x"},
            "must be a name, a mapping with `name` (and `url`), or a list of those: a mapping needs a text `name`",
        ),
        (
            {"name": "X", "url": "javascript:alert(1)"},
            "the url of 'X', 'javascript:alert(1)', uses the scheme `javascript:` (allowed: http, "
            "https, mailto, or a relative URL)",
        ),
    ],
)
def test_problems(value: object, message: str) -> None:
    assert parse_people(value) == message


def _config(data: dict[str, object]) -> tuple[object, list[str]]:
    diags = Diagnostics()
    lines = {k: n for n, k in enumerate(data, start=1)}
    config = parse_config(
        Path("."), {"title": "T", "base_url": "https://e.org/", **data}, lines, diags
    )
    return config, [str(d) for d in diags.items]


def test_site_author_is_parsed_by_the_same_rules() -> None:
    config, problems = _config({"author": {"name": "编者", "link": "https://e.org/about/"}})
    assert problems == [] and config.author == Person("编者", "https://e.org/about/")  # type: ignore[attr-defined]
    config, problems = _config({"author": ["A", "B"]})
    assert config is None
    assert problems == [
        "site.yml:1: `author`: must be one person: a name, or a mapping with `name` and `url`"
    ]


def test_category_hierarchy_setting() -> None:
    config, problems = _config({"category_hierarchy": False})
    assert problems == [] and config.category_hierarchy is False  # type: ignore[attr-defined]
    config, problems = _config({"category_hierarchy": "no"})
    assert config is None and problems == [
        "site.yml:1: `category_hierarchy`: must be true or false"
    ]
