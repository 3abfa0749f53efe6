"""Real blogs written for other generators (../shared/corpora, see its README and each
SOURCE.md) build unmodified, and the output, read as a browser reads it (html5lib),
publishes what the source generator would: the same posts, their tags, the translations
linked both ways, the old URLs redirecting, and no internal link or fragment broken.

The Markdown of these blogs (raw HTML, shortcodes, math, callouts) is not checked here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CorpusBuild as Built
from sitecheck import find_all, parse, text

NOW = datetime.now(UTC)


def _frontmatter(path: Path) -> dict[str, Any]:
    """The YAML frontmatter as the source generator's own YAML library reads it (js-yaml,
    go-yaml and Ruby's Psych agree on these files), with or without Hexo's opening `---`.
    Read with PyYAML here, not with aiblog's reader, so that the count is independent."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = 1 if lines[0].strip() == "---" else 0
    end = lines.index("---", start)
    return yaml.safe_load("\n".join(lines[start:end])) or {}


def _instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip()
    for shape in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, shape)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise ValueError(f"not a date here: {text!r}")


def _posts(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / "content/posts").rglob("*.md"))


def hugo_published(corpus: Path) -> list[Path]:
    """Hugo: every content file but `_index.md` section pages; not `draft: true`; dated
    no later than now; not past its `expiryDate`. A `name.fr.md` is in the French site:
    counted with the translations, not here."""
    found = []
    for path in _posts(corpus):
        meta = _frontmatter(path)
        if path.name.startswith("_") or re.search(r"\.[a-z]{2}\.md$", path.name):
            continue
        expires = meta.get("expiryDate")
        if meta.get("draft") is True or _instant(meta["date"]) > NOW:
            continue
        if expires is None or _instant(expires) > NOW:
            found.append(path)
    return found


def hugo_translations(corpus: Path) -> list[Path]:
    return [
        p
        for p in _posts(corpus)
        if re.search(r"\.[a-z]{2}\.md$", p.name) and _frontmatter(p).get("draft") is not True
    ]


def astro_paper_published(corpus: Path) -> list[Path]:
    """AstroPaper: its content collection globs `**/[^_]*.md` (a `_` folder is included,
    a `_` file is not) and its `postFilter` drops `draft: true` and posts dated after now
    (plus a 15-minute margin)."""
    return [
        p
        for p in _posts(corpus)
        if not p.name.startswith("_")
        and _frontmatter(p).get("draft") is not True
        and _instant(_frontmatter(p)["pubDatetime"]) <= NOW + timedelta(minutes=15)
    ]


def jekyll_published(corpus: Path) -> list[Path]:
    """Jekyll: a post is a `YYYY-MM-DD-name.md` file, not `published: false`, and (with
    `future: false`, the default) not dated after now."""
    found = []
    for path in _posts(corpus):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})-", path.name)
        meta = _frontmatter(path)
        if match is None or meta.get("published") is False:
            continue
        when = meta.get("date") or date(*map(int, match.groups()))
        if _instant(when) <= NOW:
            found.append(path)
    return found


def hexo_published(corpus: Path) -> list[Path]:
    """Hexo: every file of `source/_posts` without `published: false` (Hexo also
    publishes posts dated in the future, `future: true`; none of these is)."""
    posts = [p for p in _posts(corpus) if _frontmatter(p).get("published") is not False]
    assert all(_instant(_frontmatter(p)["date"]) <= NOW for p in posts)
    return posts


@dataclass(frozen=True)
class Corpus:
    name: str
    published: Callable[[Path], list[Path]]
    tag_key: str = "tags"


CORPUS_LIST = [
    Corpus("papermod", hugo_published),
    Corpus("astropaper", astro_paper_published),
    Corpus("chirpy", jekyll_published),
    Corpus("hexo-unit-test", hexo_published),
]
# Links that the source blogs publish broken themselves, so no generator can resolve:
BROKEN_IN_SOURCE = {
    # A link to `papermod-faq`, which is a draft (`draft: true`): Hugo does not publish it.
    ("papermod", "../papermod/papermod-faq/#custom-head--footer"),
    # A GitHub-relative link from the theme's README, copied into a post.
    ("hexo-unit-test", "../blob/master/LICENSE"),
}


@pytest.fixture(params=CORPUS_LIST, ids=lambda c: c.name)
def built(request: pytest.FixtureRequest, build_corpus: Callable[[str], Built]) -> Built:
    return build_corpus(request.param.name)


@pytest.fixture
def papermod(build_corpus: Callable[[str], Built]) -> Built:
    """Hugo's translations, aliases and expiry dates are in the papermod corpus."""
    return build_corpus("papermod")


def _spec(built: Built) -> Corpus:
    return next(c for c in CORPUS_LIST if c.name == built.corpus.name)


def _post_url(built: Built, page: Path) -> str:
    """The URL of the post built from `page`: the one whose source path the page names
    is not shown, so find it by its title in the archive."""
    title = _frontmatter(page).get("title")
    archive = built.site.page("archive/")
    lists = [e for e in archive.iter() if e.get("class") == "archive-list"]
    links = [a for ul in lists for a in find_all(ul, "a") if text(a) == title]
    assert len(links) == 1, f"{page.name}: {len(links)} archive entries titled {title!r}"
    return links[0].get("href")


def test_builds_unmodified(built: Built) -> None:
    assert built.code == 0, built.err
    assert "Traceback" not in built.err


def test_publishes_what_the_source_generator_publishes(built: Built) -> None:
    expected = _spec(built).published(built.corpus)
    archive = built.site.page("archive/")
    lists = [e for e in archive.iter() if e.get("class") == "archive-list"]
    entries = [a.get("href") for ul in lists for a in find_all(ul, "a")]
    assert len(entries) == len(set(entries)) == len(expected)
    for source in expected:
        if "title" in _frontmatter(source):
            url = _post_url(built, source)
            assert built.site.file_for(built.site.origin_and_base[0] + url) is not None


def test_tags_are_kept(built: Built) -> None:
    for source in _spec(built).published(built.corpus):
        meta = _frontmatter(source)
        tags = meta.get("tags") or []
        if isinstance(tags, str):
            tags = [tags]
        if not tags or "title" not in meta:
            continue
        page = built.site.page(_post_url(built, source)[len(built.site.origin_and_base[1]) :])
        shown = {text(a).casefold() for a in find_all(page, "a", rel="tag")}
        assert {str(t).casefold() for t in tags} <= shown, source.name


def test_internal_links_and_fragments_resolve(built: Built) -> None:
    name = built.corpus.name
    broken = [
        b for b in built.site.broken_links() if (name, b.split(" → ", 1)[1]) not in BROKEN_IN_SOURCE
    ]
    assert broken == []


def test_translations_are_linked_both_ways(papermod: Built) -> None:
    built = papermod
    translated = hugo_translations(built.corpus)
    assert {p.name for p in translated} == {"markdown-syntax.fr.md", "markdown-syntax.fa.md"}
    site = built.site
    versions = {"en": "posts/markdown-syntax/", "fr": "fr/posts/markdown-syntax/"}
    versions["fa"] = "fa/posts/markdown-syntax/"
    for lang, path in versions.items():
        page = site.page(path)
        assert page.get("lang") == lang
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in find_all(page, "link", rel="alternate")
            if link.get("hreflang")
        }
        assert alternates == {
            **{code: site.base_url + other for code, other in versions.items()},
            "x-default": site.base_url + versions["en"],
        }
    assert site.page(versions["fa"]).get("dir") == "rtl"
    # Each article once in the lists; a translation is in its language's feed.
    home = [a.get("href") for a in site.page("").iter() if "markdown-syntax" in a.get("href", "")]
    assert home == ["/papermod/posts/markdown-syntax/"]
    feed = (site.out / "fr/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in feed and "Markdown Syntax Guide For L2" in feed


def test_old_urls_redirect(papermod: Built) -> None:
    built = papermod
    site = built.site
    # Hugo: "/x" is from the site root; "x" is beside the page, in the page's language.
    redirects = {
        "papermod-installation/": "posts/papermod-installation/",
        "posts/migrate-from-jekyl/": "posts/markdown-syntax/",
        "fr/posts/migrate-from-jekyl/": "fr/posts/markdown-syntax/",
        "fa/posts/migrate-from-jekyl/": "fa/posts/markdown-syntax/",
        "archives/": "archive/",  # PaperMod's archives page, a layout stub aiblog replaces
    }
    for old, new in redirects.items():
        page = site.page(old)
        target = site.base_url + new
        assert [link.get("href") for link in find_all(page, "link", rel="canonical")] == [target]
        refresh = find_all(page, "meta", **{"http-equiv": "refresh"})
        assert [m.get("content") for m in refresh] == [f"0; url={target}"]
        assert [m.get("content") for m in find_all(page, "meta", name="robots")] == ["noindex"]
    # Expired (`expiryDate` passed) and draft posts are gone, and so are their old URLs.
    for gone in ("papermod-features/", "posts/papermod-features/", "papermod-how-to-guide/"):
        assert site.file_for(site.base_url + gone) is None


def test_hugo_expiry_and_drafts_left_out(papermod: Built) -> None:
    built = papermod
    archive = parse(built.site.out / "archive/index.html")
    titles = {text(a) for a in archive.iter() if a.get("href", "").count("/posts/")}
    assert "Features / Mods" not in titles  # expiryDate 2026-05-08
    assert "Cover Image" not in titles  # draft: true
    assert "PaperMod Installation Guide" in titles


@pytest.fixture
def chirpy(build_corpus: Callable[[str], Built]) -> Built:
    """Jekyll Chirpy's categories are paths (`[Blogging, Demo]`) and its images use
    `media_subpath`."""
    return build_corpus("chirpy")


def test_hierarchical_categories_are_one_path(chirpy: Built) -> None:
    site = chirpy.site
    page = site.page("posts/text-and-typography/")
    meta = next(p for p in page.iter() if p.get("class") == "post-meta")
    assert [(text(a), a.get("href")) for a in find_all(meta, "a", class_="category")] == [
        ("Blogging / Demo", "/chirpy/categories/blogging/demo/")
    ]
    # Every post is under Blogging: its page lists the four of them.
    parent = site.page("categories/blogging/")
    cards = [e for e in parent.iter() if e.get("class") == "post-card"]
    assert len(cards) == len(jekyll_published(chirpy.corpus)) == 4


def test_media_subpath_images(chirpy: Built) -> None:
    page = chirpy.site.page("posts/getting-started/")
    sources = {i.get("src") for i in page.iter() if i.get("src", "").endswith(".png")}
    assert sources == {
        "/chirpy/posts/20180809/pages-source-light.png",
        "/chirpy/posts/20180809/pages-source-dark.png",
    }
