"""The Markdown dialect inside whole builds: site.yml's `markdown:` key, a site's own
shortcode templates, and the caches that must forget documents parsed with an older one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASIC_CONFIG, post

from generator.build import Builder, BuildOptions, build
from generator.errors import BuildFailed

BODY = "模型卡死了。\n流式输出恢复了。\n\n{{< youtube abc >}}\n"


def _page(result_dir: Path) -> str:
    return (result_dir / "posts/a/index.html").read_text(encoding="utf-8")


def test_cjk_breaks_follow_site_yml(make_site: Callable[..., Path], tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"content/posts/a.md": post(body=BODY)}
    auto = build(make_site(files), BuildOptions(output=tmp_path / "auto"))
    assert "模型卡死了。流式输出恢复了。" in _page(auto.output_dir)
    off = make_site(files, BASIC_CONFIG + "markdown:\n  cjk_breaks: false\n", name="off")
    assert "模型卡死了。\n流式输出恢复了。" in _page(build(off, BuildOptions()).output_dir)
    # Hexo's `breaks: true`: every line break is one, CJK or not (cjk_breaks is then off).
    hexo = make_site(files, BASIC_CONFIG + "markdown:\n  breaks: true\n", name="hexo")
    assert "模型卡死了。<br />\n流式输出恢复了。" in _page(build(hexo, BuildOptions()).output_dir)


def test_markdown_key_is_checked(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {"content/posts/a.md": post()},
        BASIC_CONFIG + "markdown:\n  cjk_breaks: sometimes\n  colour: red\n",
    )
    with pytest.raises(BuildFailed) as failed:
        build(site, BuildOptions())
    messages = [str(d) for d in failed.value.diagnostics.items]
    assert "site.yml:7: `markdown`: `cjk_breaks` must be auto, true or false" in messages
    assert "site.yml:7: warning: unknown key `markdown.colour` (ignored)" in messages


def test_iframe_hosts_from_site_yml(make_site: Callable[..., Path]) -> None:
    frame = '<iframe src="https://player.example.tv/v/1" title="Talk"></iframe>\n'
    config = BASIC_CONFIG + "markdown:\n  iframe_hosts: [player.example.tv]\n"
    site = make_site({"content/posts/a.md": post(body=frame)}, config)
    result = build(site, BuildOptions())
    page = _page(result.output_dir)
    assert 'data-embed-src="https://player.example.tv/v/1"' in page
    assert "<iframe" not in page  # nothing loads before the reader clicks
    assert not result.diagnostics.items


def test_a_site_template_overrides_a_shortcode_and_an_edit_reparses(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """The shortcode templates are part of what a parsed document depends on: editing one
    re-renders the posts using it, in `aiblog serve` (memory) and `aiblog build` (disk)."""
    template = "themes/default/templates/shortcodes/youtube.html"
    site = make_site(
        {"content/posts/a.md": post(body=BODY), template: "<p>mine: {{ args[0] }}</p>\n"}
    )
    serving = Builder(site, BuildOptions(output=tmp_path / "served"), keep_caches=True)
    assert "<p>mine: abc</p>" in _page(serving.build().output_dir)
    built = build(site, BuildOptions(output=tmp_path / "built", cache=True))
    assert "<p>mine: abc</p>" in _page(built.output_dir)
    (site / template).write_text("<p>edited: {{ args[0] }}</p>\n", encoding="utf-8")
    assert "<p>edited: abc</p>" in _page(serving.build().output_dir)
    rebuilt = build(site, BuildOptions(output=tmp_path / "built", cache=True))
    assert "<p>edited: abc</p>" in _page(rebuilt.output_dir)


def test_unknown_shortcode_and_bad_math_are_warnings_at_their_line(
    make_site: Callable[..., Path],
) -> None:
    body = "正文\n\n{{< nosuch x >}}\n\n$\\frac{a$\n"
    result = build(make_site({"content/posts/a.md": post(body=body)}), BuildOptions())
    assert [str(d) for d in result.diagnostics.sorted()] == [
        "content/posts/a.md:8: warning: unknown shortcode `nosuch`: add the template "
        "themes/<theme>/templates/shortcodes/nosuch.html; left out of the page",
        "content/posts/a.md:10: warning: math: cannot convert `\\frac{a` to MathML; shown as code",
    ]
    page = _page(result.output_dir)
    assert "nosuch" not in page
    assert '<code class="math-error">$\\frac{a$</code>' in page


def test_ref_shortcodes_resolve_to_urls_or_fail_at_their_line(
    make_site: Callable[..., Path],
) -> None:
    body = '见 {{< ref "b.md" >}}，[上一篇]({{< relref "b.md" >}})。\n'
    files: dict[str, str | bytes] = {
        "content/posts/a.md": post(body=body),
        "content/posts/b.md": post(title="乙"),
    }
    page = _page(build(make_site(files), BuildOptions()).output_dir)
    assert '<a href="/blog/posts/b/">b.md</a>' in page
    assert '<a href="/blog/posts/b/">上一篇</a>' in page
    files["content/posts/a.md"] = post(body='\n见 {{< ref "gone.md" >}}\n')
    with pytest.raises(BuildFailed) as failed:
        build(make_site(files, name="broken"), BuildOptions())
    assert [str(d) for d in failed.value.diagnostics.errors] == [
        "content/posts/a.md:7: link to content/posts/gone.md: no such post or page"
    ]


def test_a_sources_section_with_sub_headings_is_shown_as_written(
    make_site: Callable[..., Path],
) -> None:
    """`## 参考资料` with `### 书籍` and `### 网站` and a note under them: nothing of it is
    dropped (its headings, which the table of contents links to, and the note stay), and its
    list items are still its citations in JSON-LD. A plain list is shown as the list of
    citations."""
    body = (
        "正文。\n\n## 参考资料\n\n### 书籍\n\n- 《高级程序设计》\n\n### 网站\n\n"
        "1. [MDN](https://developer.mozilla.org/)\n\n感谢各位作者，如有侵权请联系删除。\n"
    )
    plain = "正文。\n\n## 参考资料\n\n- [MDN](https://developer.mozilla.org/)\n- 《高级程序设计》\n"
    site = make_site(
        {
            "content/posts/a.md": post(body=body),
            "content/posts/b.md": post(body=plain, date="2026-01-01"),
        }
    )
    out = build(site, BuildOptions()).output_dir
    page = (out / "posts/a/index.html").read_text(encoding="utf-8")
    assert 'id="书籍"' in page and 'id="网站"' in page
    assert "<p>感谢各位作者，如有侵权请联系删除。</p>" in page
    assert '"citation":["《高级程序设计》","https://developer.mozilla.org/"]' in page
    other = (out / "posts/b/index.html").read_text(encoding="utf-8")
    assert 'class="citation-list"' in other and "<cite>" in other
