"""Golden output: each fixture site under tests/fixtures/<case>/site builds to exactly the
files in tests/fixtures/<case>/expected (theme assets under static/ and aiblog's record of
what it wrote aside).

After a deliberate change to the output, `pytest tests/test_golden.py --update-golden`
rewrites the expected files; review the diff before committing it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, files_under

from generator.build import BuildOptions, build
from generator.write import RECORD

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "site").is_dir())


def _tree(root: Path) -> dict[str, bytes]:
    return {
        rel: data
        for rel, data in files_under(root).items()
        if not rel.startswith("static/") and rel != RECORD
    }


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
    for rel, data in expected.items():
        assert actual[rel].decode() == data.decode(), rel
