"""`aiblog new`: a post with frontmatter and the section skeleton, named exactly as the
sections aiblog recognises, so that a new post round-trips."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from generator import __version__

SKELETON_DIR = Path(__file__).parent / "skeleton"
# File in the new blog → file under skeleton/ that it is made from.
INIT_FILES = {
    "site.yml": "site.yml",
    "content/posts/hello-aiblog.md": "hello.md",
    "content/pages/about.md": "about.md",
    ".github/workflows/pages.yml": "pages.yml",
    ".gitignore": "gitignore",
}

SKELETON = {
    "zh": (
        "一句话总结：用一句话说清这篇文章的结论。\n\n"
        "## 背景\n\n正文从这里开始。\n\n"
        "## 要点回顾\n\n- 第一点\n- 第二点\n\n"
        "## 常见问题\n\nQ: 读者最可能问的问题？\n\nA: 你的回答。\n\n"
        "## 点评\n\n你自己的看法。\n\n"
        "## 参考来源\n\n- [来源名称](https://example.com/)\n"
    ),
    "en": (
        "TL;DR: the whole post in one sentence.\n\n"
        "## Background\n\nThe analysis starts here.\n\n"
        "## Key Takeaways\n\n- First point\n- Second point\n\n"
        "## FAQ\n\nQ: The question readers will ask?\n\nA: Your answer.\n\n"
        "## Commentary\n\nYour own take.\n\n"
        "## Sources\n\n- [Source name](https://example.com/)\n"
    ),
}


def slug_from_title(title: str) -> str:
    """ASCII words become kebab-case; Chinese titles keep their characters."""
    text = unicodedata.normalize("NFKC", title).strip().lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-") or "post"


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def post_text(title: str, when: datetime, tags: list[str], lang: str) -> str:
    tags_yaml = (
        "tags:\n" + "".join(f"  - {yaml_quote(t)}\n" for t in tags) if tags else "tags: []\n"
    )
    return (
        f"---\ntitle: {yaml_quote(title)}\ndate: {when.isoformat(timespec='seconds')}\n"
        f"{tags_yaml}lang: {lang}\n---\n\n" + SKELETON["zh" if lang.startswith("zh") else "en"]
    )


def new_post(
    site_dir: Path, title: str, slug: str | None, tags: list[str], lang: str, now: datetime
) -> Path:
    """Write content/posts/<slug>.md; refuses to overwrite (FileExistsError)."""
    slug = slug or slug_from_title(title)
    path = site_dir / "content" / "posts" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(post_text(title, now, tags, lang))
    return path


def init_blog(
    target: Path, title: str, base_url: str, now: datetime, force: bool = False
) -> list[Path]:
    """Scaffold a blog that builds, serves and deploys as is. Refuses a non-empty dir
    unless `force` (FileExistsError)."""
    if target.exists() and any(target.iterdir()) and not force:
        raise FileExistsError(str(target))
    values = {
        "__TITLE__": yaml_quote(title),
        "__BASE_URL__": base_url if base_url.endswith("/") else base_url + "/",
        "__DATE__": now.isoformat(timespec="seconds"),
        "__VERSION__": __version__,
    }
    written = []
    for rel, name in INIT_FILES.items():
        text = (SKELETON_DIR / name).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
