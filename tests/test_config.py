"""site.yml's schema is one table (config_schema.KEYS): the loader reads every key through
it, unknown keys get a "did you mean", and docs/configuration.md shows exactly it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import ROOT, post

from generator.build import BuildOptions, build
from generator.config import SiteConfig
from generator.config_schema import KEYS, markdown_table

DOC = ROOT / "docs" / "configuration.md"
NOT_FROM_SITE_YML = {"site_dir", "shortcodes_fingerprint"}


def test_the_doc_shows_the_table(request: pytest.FixtureRequest) -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("| key | default | what |")
    end = text.index("\n\n", start) + 1
    if request.config.getoption("--update-golden"):
        DOC.write_text(text[:start] + markdown_table() + text[end:], encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
        end = start + len(markdown_table())
    assert text[start:end] == markdown_table()


def test_every_key_fills_a_field_and_every_field_has_a_key() -> None:
    filled = {key.field for key in KEYS if key.parse is not None}
    assert filled == {f.name for f in fields(SiteConfig)} - NOT_FROM_SITE_YML


@pytest.mark.parametrize(
    ("yaml", "warning"),
    [
        (
            "post_per_page: 5",
            "unknown key `post_per_page` (ignored); did you mean `posts_per_page`?",
        ),
        ("feedlimit: 5", "unknown key `feedlimit` (ignored); did you mean `feed_limit`?"),
        ("colour: blue", "unknown key `colour` (ignored)"),
        (
            "reading_time:\n  cjk_chars: 400",
            "unknown key `reading_time.cjk_chars` (ignored); did you mean "
            "`reading_time.cjk_chars_per_minute`?",
        ),
    ],
)
def test_unknown_keys_say_which_key_was_meant(
    make_site: Callable[..., Path], yaml: str, warning: str
) -> None:
    config = "title: T\nbase_url: https://example.org/\nsearch: false\n" + yaml + "\n"
    site = make_site({"content/posts/a.md": post()}, config=config)
    result = build(site, BuildOptions())
    assert [str(w) for w in result.diagnostics.warnings] == [f"site.yml:4: warning: {warning}"]


def test_every_invalid_value_is_reported_at_once(make_site: Callable[..., Path]) -> None:
    from generator.errors import BuildFailed

    config = (
        "title: T\nbase_url: https://example.org/\nposts_per_page: 0\nsearch: maybe\n"
        "reading_time:\n  words_per_minute: fast\nmarkdown:\n  cjk_breaks: sometimes\n"
    )
    site = make_site({"content/posts/a.md": post()}, config=config)
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    assert [str(d) for d in failed.value.diagnostics.sorted()] == [
        "site.yml:3: `posts_per_page`: must be a whole number of at least 1",
        "site.yml:4: `search`: must be true or false",
        "site.yml:5: `reading_time`: `words_per_minute` must be a whole number of at least 1",
        "site.yml:7: `markdown`: `cjk_breaks` must be auto, true or false",
    ]
