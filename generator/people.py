"""People (authors), in every form blogs write them: the one place that parses them, for
posts' frontmatter and for site.yml.

    author: 王富贵                                   # a name (Jekyll, Hexo, AstroPaper)
    author: {name: 王富贵, url: https://me.example/}  # a mapping (jekyll-seo-tag)
    author: ["Hugo Authors", "PaperMod Contributors"]  # a list (Hugo, PaperMod's archetype)
    authors = ["Ann", "Bo"]                          # Zola; Chirpy's `authors:`
"""

from __future__ import annotations

from typing import Any

from generator.model import Person
from generator.safeurls import url_problem

# Keys of an author mapping that give the person's page (jekyll-seo-tag, Hexo themes).
_URL_KEYS = ("url", "link", "website", "homepage", "uri")
PERSON_SHAPES = "a name, a mapping with `name` (and `url`), or a list of those"


def parse_people(value: Any) -> tuple[Person, ...] | str:
    """The people `value` names, in order and without repeats, or a message saying what
    is wrong with it (the caller adds the key, the file and the line)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    people: list[Person] = []
    for item in items:
        person = _person(item)
        if isinstance(person, str):
            return person
        if person.name and person not in people:
            people.append(person)
    return tuple(people)


def _person(item: Any) -> Person | str:
    if isinstance(item, str):
        return Person(name=item.strip())
    if isinstance(item, dict):
        name = item.get("name", "")
        if not isinstance(name, str) or not name.strip():
            return f"must be {PERSON_SHAPES}: a mapping needs a text `name`"
        url = next((item[k] for k in _URL_KEYS if isinstance(item.get(k), str)), "").strip()
        if problem := url_problem(url):
            return f"the url of {name.strip()!r}, {url[:80]!r}, {problem}"
        return Person(name=name.strip(), url=url)
    return f"must be {PERSON_SHAPES}, not {type(item).__name__}"
