"""Golden output: each fixture site under tests/fixtures/<case>/site builds to exactly the
files in tests/fixtures/<case>/expected (theme assets under static/, aiblog's record of
what it wrote and the social cards aside: a card's pixels depend on the fonts and FreeType
installed, so cards are checked for what they are, not byte for byte).

After a deliberate change to the output, `pytest tests/test_golden.py --update-golden`
rewrites the expected files; review the diff before committing it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, files_under
from PIL import Image

from generator.build import BuildOptions, build
from generator.write import RECORD

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "site").is_dir())


def _tree(root: Path) -> dict[str, bytes]:
    return {
        rel: data
        for rel, data in files_under(root).items()
        if not rel.startswith(("static/", "cards/")) and rel != RECORD
    }


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
    actual = _tree(out)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, data in actual.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_bytes(data)
    expected = _tree(expected_dir)
    assert sorted(actual) == sorted(expected)
    # A card for the home page and for every post and page without a cover, all linked.
    cards = _cards(out)
    assert cards and set(cards.values()) == {("PNG", (1200, 630))}
    linked = {rel for rel in cards if any(rel.encode() in data for data in actual.values())}
    assert linked == set(cards)
    for rel, data in expected.items():
        assert actual[rel].decode() == data.decode(), rel
