"""site.yml's `theme:` names a folder of the site's themes/ (or the built-in `default`):
a missing theme, a path, or a folder that leads outside the site is an error at its line
(it used to be ignored without a word, the site built with the default theme)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG, post

from generator.cli import main

THEME_LINE = BASIC_CONFIG.count("\n") + 1  # `theme:` is appended to the basic config


def build_cli(site: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(site)], out=out, err=err)
    return code, err.getvalue()


def site_with_theme(make_site: Callable[..., Path], theme: str) -> Path:
    return make_site(
        {
            "content/posts/a.md": post(),
            "themes/paper/templates/components/search_meta.html": "<p class='paper'>纸</p>\n",
        },
        config=BASIC_CONFIG + f'theme: "{theme}"\n',
    )


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        (
            "nosuch",
            "no theme `nosuch`: the site has no folder themes/nosuch/ (themes here: paper; "
            "`default` is the built-in theme)",
        ),
        ("../paper", "`../paper` is not the name of a theme: name a folder of themes/"),
        ("/etc", "`/etc` is not the name of a theme"),
        ("", "no theme named: name a folder of themes/"),
        (
            "themes/paper",
            "is not the name of a theme: name a folder of themes/ (`theme: paper` uses themes/paper/), or `default`; did you mean `theme: paper`?",
        ),
    ],
)
def test_a_theme_that_is_not_there_is_an_error_at_its_line(
    make_site: Callable[..., Path], theme: str, message: str
) -> None:
    site = site_with_theme(make_site, theme)
    code, err = build_cli(site)
    assert code == 1
    assert err.startswith(f"site.yml:{THEME_LINE}: `theme`: "), err
    assert message in err.splitlines()[0]
    assert not (site / "public").exists()


def test_a_theme_folder_leading_outside_the_site_is_an_error(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "shared-theme" / "templates"
    elsewhere.mkdir(parents=True)
    site = site_with_theme(make_site, "linked")
    (site / "themes" / "linked").symlink_to(elsewhere.parent)
    code, err = build_cli(site)
    assert code == 1
    assert err.startswith(
        f"site.yml:{THEME_LINE}: `theme`: themes/linked/ leads to {elsewhere.parent}, outside "
        "the site; aiblog publishes nothing from outside the site"
    ), err


def test_a_theme_of_the_site_is_used_and_default_needs_no_folder(
    make_site: Callable[..., Path],
) -> None:
    site = site_with_theme(make_site, "paper")
    assert build_cli(site)[0] == 0
    assert "<p class='paper'>纸</p>" in (site / "public/posts/a/index.html").read_text()
    (site / "site.yml").write_text(BASIC_CONFIG + "theme: default\n")
    assert build_cli(site) == (0, "")
    assert "class='paper'" not in (site / "public/posts/a/index.html").read_text()
