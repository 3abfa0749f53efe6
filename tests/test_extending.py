"""docs/architecture.md's worked examples, done exactly as it says: a shortcode in a site's
theme, and (in a temporary copy of aiblog) an output kind and a site.yml key."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, post, write_site

from generator.build import BuildOptions, build


def test_a_shortcode_is_a_template_in_the_sites_theme(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/posts/a.md": post(body='{{< greet name="读者" >}}\n'),
            "themes/default/templates/shortcodes/greet.html": (
                '<p class="greet">Hello, {{ kwargs.name or args[0] }}!</p>\n'
            ),
        }
    )
    result = build(site, BuildOptions())
    page = (result.output_dir / "posts/a/index.html").read_text(encoding="utf-8")
    assert '<p class="greet">Hello, 读者!</p>' in page
    assert not result.diagnostics.warnings


@pytest.fixture
def aiblog_copy(tmp_path: Path) -> Path:
    """aiblog's package and default theme, copied to be changed."""
    copy = tmp_path / "aiblog"
    shutil.copytree(
        ROOT / "generator", copy / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "themes", copy / "themes")
    return copy


def _build(copy: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    command = [sys.executable, "-m", "generator", "build", str(site), "--no-cache"]
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} changed: update docs/architecture.md's example"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_output_kind_is_a_module_and_a_line(aiblog_copy: Path, tmp_path: Path) -> None:
    (aiblog_copy / "generator/outputs/humans.py").write_text(
        textwrap.dedent(
            """\
            from generator.outputs.kind import OutputKind
            from generator.plan import Output


            def plan(site, theme_dirs, diags):
                yield Output("humans.txt", "humans", ("authors",), cards=tuple(range(len(site.posts))))


            def render(output, renderer):
                names = sorted({a["name"] for i in output.cards for a in renderer.views.card(i)["authors"]})
                return ("\\n".join(names) + "\\n").encode()


            KIND = OutputKind("humans", plan, render, reserves=("humans.txt",))
            """
        ),
        encoding="utf-8",
    )
    init = aiblog_copy / "generator/outputs/__init__.py"
    _edit(
        init, "from generator.outputs import (\n", "from generator.outputs import (\n    humans,\n"
    )
    _edit(init, "    cards.KIND,\n)", "    cards.KIND,\n    humans.KIND,\n)")
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": post(author="甲"),
            "content/posts/b.md": post(title="乙文", author="乙"),
        },
    )
    done = _build(aiblog_copy, site)
    assert done.returncode == 0, done.stderr
    assert (site / "public/humans.txt").read_text(encoding="utf-8") == "乙\n甲\n"


def test_a_site_yml_key_is_a_row_of_the_table_and_a_field(
    aiblog_copy: Path, tmp_path: Path
) -> None:
    _edit(
        aiblog_copy / "generator/config_schema.py",
        "KEYS: tuple[Key, ...] = (\n",
        'KEYS: tuple[Key, ...] = (\n    Key("comments", boolean, False, "show a comment form under each post"),\n',
    )
    _edit(
        aiblog_copy / "generator/config.py",
        "    search: bool = True",
        "    comments: bool = False\n    search: bool = True",
    )
    config = "title: T\nbase_url: https://example.org/\nsearch: false\ncomments: {}\n"
    site = write_site(
        tmp_path / "site", {"content/posts/a.md": post()}, config=config.format("true")
    )
    done = _build(aiblog_copy, site)
    assert done.returncode == 0 and "unknown key" not in done.stderr, done.stderr
    (site / "site.yml").write_text(config.format("maybe"), encoding="utf-8")
    done = _build(aiblog_copy, site)
    assert done.returncode == 1
    assert "site.yml:4: `comments`: must be true or false" in done.stderr
