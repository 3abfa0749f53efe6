"""Golden output: each fixture site under tests/fixtures/<case>/site builds to the output
its tests/fixtures/<case>/expected files describe, compared by fragment as a reader, a
crawler and a feed reader read it: a page's head facts, its <main>, its JSON-LD parsed; a
feed parsed (feedparser); the sitemap's URLs; a social card's format and size (its pixels
depend on the fonts and FreeType installed). A change to the header or footer of the
layout changes no golden file; a change to what a page says does.

After a deliberate change to the output, `pytest tests/test_golden.py --update-golden`
rewrites the expected files; review the diff before committing it."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import html5lib
import pytest
from conftest import FIXTURES, files_under
from PIL import Image

from generator.build import BuildOptions, build
from generator.write import RECORD

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "site").is_dir())
SKIPPED = ("static/", "pagefind/")


def _text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _html(data: bytes) -> str:
    document = html5lib.parse(data, namespaceHTMLElements=False)
    head = document.find("head")
    assert head is not None
    lines = [f"lang: {document.get('lang')}", f"title: {(head.findtext('title') or '').strip()}"]
    for meta in head.iter("meta"):
        name = meta.get("name") or meta.get("property") or ""
        if name in ("description", "robots") or name.startswith("og:"):
            lines.append(f"meta {name}: {meta.get('content')}")
    for link in head.iter("link"):
        if link.get("rel") in ("canonical", "alternate", "prev", "next"):
            lines.append(f"link {link.get('rel')} {link.get('hreflang') or ''}: {link.get('href')}")
    json_ld = [
        json.loads(script.text or "")
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]
    main = document.find(".//main")
    body = html5lib.serialize(main, tree="etree") if main is not None else ""
    return "\n".join(sorted(lines)) + "\n\n" + body.strip() + "\n\n" + _text(json_ld)


def _feed(data: bytes) -> str:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    keep = ("title", "link", "id", "published", "updated", "summary")
    entries = [
        {
            **{k: e[k] for k in keep if k in set(e)},  # (`k in e` would warn for RSS)
            "tags": [t.term for t in e.get("tags", [])],
            "content": [c.value for c in e.get("content", [])],
        }
        for e in parsed.entries
    ]
    return _text(
        {"feed": {k: parsed.feed.get(k) for k in ("title", "link", "id")}, "entries": entries}
    )


def _sitemap(data: bytes) -> str:
    root = ET.fromstring(data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return "".join(
        f"{url.findtext('s:loc', namespaces=ns)} {url.findtext('s:lastmod', '', ns)}\n"
        for url in root.findall("s:url", ns)
    )


def fragments(root: Path) -> dict[str, str]:
    """What each output of a built site says, by its path."""
    found = {}
    for rel, data in files_under(root).items():
        if rel.startswith(SKIPPED) or rel == RECORD:
            continue
        if rel.endswith(".html"):
            found[rel] = _html(data)
        elif rel.endswith(".png"):
            with Image.open(io.BytesIO(data)) as image:
                found[rel] = f"{image.format} {image.size[0]}x{image.size[1]}\n"
        elif rel == "sitemap.xml":
            found[rel] = _sitemap(data)
        elif rel.endswith(".xml"):
            found[rel] = _feed(data)
        else:
            found[rel] = data.decode("utf-8")
    return found


def _cards(root: Path) -> dict[str, tuple[str, tuple[int, int]]]:
    found = {}
    for path in sorted((root / "cards").rglob("*.png")):
        with Image.open(path) as card:
            found[path.relative_to(root).as_posix()] = (card.format, card.size)
    return found


@pytest.mark.parametrize("case", CASES)
def test_output_matches_golden(case: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    site = shutil.copytree(FIXTURES / case / "site", tmp_path / "site")
    out = tmp_path / "out"
    result = build(site, BuildOptions(output=out, jobs=1, cache=False, strict=True))
    assert not result.diagnostics.items
    expected_dir = FIXTURES / case / "expected"
    actual = fragments(out)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in actual.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = {rel: data.decode("utf-8") for rel, data in files_under(expected_dir).items()}
    assert sorted(actual) == sorted(expected)
    for rel, text in expected.items():
        assert actual[rel] == text, rel
