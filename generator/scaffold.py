"""`aiblog new`: a post with frontmatter and the section skeleton, named exactly as the
sections aiblog recognises, so that a new post round-trips; a draft unless asked otherwise.
`aiblog init`: a blog that builds, serves and deploys as is."""

from __future__ import annotations

import errno
import json
import re
import shlex
import unicodedata
from datetime import datetime
from pathlib import Path

import yaml

from generator import __version__, section_kinds
from generator.project import docs_url

SKELETON_DIR = Path(__file__).parent / "skeleton"
# File in the new blog → file under skeleton/ that it is made from.
INIT_FILES = {
    "site.yml": "site.yml",
    "content/posts/hello-aiblog.md": "hello.md",
    "content/pages/about.md": "about.md",
    ".github/workflows/pages.yml": "pages.yml",
    ".gitignore": "gitignore",
}

# What a new post holds besides its sections (section_kinds.py gives theirs, in order).
_BODY = {
    "zh": "## 背景\n\n正文从这里开始。\n",
    "en": "## Background\n\nThe analysis starts here.\n",
}
SKELETON = {family: section_kinds.skeleton(family, body) for family, body in _BODY.items()}


def slug_from_title(title: str) -> str:
    """ASCII words become kebab-case; Chinese titles keep their characters."""
    text = unicodedata.normalize("NFKC", title).strip().lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s_-]+", "-", text).strip("-") or "post"


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def post_text(title: str, when: datetime, tags: list[str], lang: str, draft: bool = True) -> str:
    tags_yaml = (
        "tags:\n" + "".join(f"  - {yaml_quote(t)}\n" for t in tags) if tags else "tags: []\n"
    )
    draft_yaml = "draft: true\n" if draft else ""
    return (
        f"---\ntitle: {yaml_quote(title)}\ndate: {when.isoformat(timespec='seconds')}\n"
        f"{tags_yaml}lang: {lang}\n{draft_yaml}---\n\n"
        + SKELETON["zh" if lang.startswith("zh") else "en"]
    )


def new_post(
    site_dir: Path,
    title: str,
    slug: str | None,
    tags: list[str],
    lang: str,
    now: datetime,
    draft: bool = True,
) -> Path:
    """Write content/posts/<slug>.md; refuses to overwrite (FileExistsError)."""
    slug = slug or slug_from_title(title)
    path = site_dir / "content" / "posts" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(post_text(title, now, tags, lang, draft))
    return path


def install_step(requirement: str) -> str:
    """The workflow's install command for a pip requirement (`aiblog==0.1.0`, a git URL
    with a tag, a path), shell-quoted, and written as a YAML scalar that reads back as
    exactly that command."""
    command = f"python -m pip install {shlex.quote(requirement)}"
    try:
        plain_ok = yaml.safe_load(f"run: {command}") == {"run": command}
    except yaml.YAMLError:
        plain_ok = False
    # JSON is YAML: a double-quoted scalar for the rare command that is not plain-safe.
    return command if plain_ok else json.dumps(command, ensure_ascii=False)


def init_blog(
    target: Path,
    title: str,
    base_url: str,
    now: datetime,
    force: bool = False,
    requirement: str | None = None,
) -> list[Path]:
    """Scaffold a blog into `target` (which may exist: a fresh clone, say). Refuses to
    replace any file it would write unless `force` (FileExistsError naming the first).
    `requirement` is what the Pages workflow installs (default: this aiblog's version)."""
    files = {target / rel: name for rel, name in INIT_FILES.items()}
    if not force and (taken := next((p for p in files if p.exists()), None)):
        raise FileExistsError(errno.EEXIST, "already exists", str(taken))
    values = {
        "__TITLE__": yaml_quote(title),
        "__BASE_URL__": base_url if base_url.endswith("/") else base_url + "/",
        "__DATE__": now.isoformat(timespec="seconds"),
        "__INSTALL__": install_step(requirement or f"aiblog=={__version__}"),
        "__CONFIG_DOCS__": docs_url("configuration.md"),
    }
    written = []
    for path, name in files.items():
        text = (SKELETON_DIR / name).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
