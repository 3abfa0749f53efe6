"""A section kind lives in one place, generator/section_kinds.py: config defaults, UI
labels, the skeleton of `aiblog new`, the templates and structured data all read it. Shown
by adding a kind to a copy of aiblog, editing only the registry and adding a template."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from generator import section_kinds
from generator.config import DEFAULT_SECTIONS
from generator.i18n import STRINGS
from generator.scaffold import SKELETON

NEW_KIND = """\
    SectionKind(
        name="reading",
        headings=("延伸阅读", "Further Reading"),
        labels={"zh": "延伸阅读", "en": "Further Reading"},
        component="components/reading.html",
        skeleton={"zh": "## 延伸阅读\\n\\n- [一篇好文](https://example.com/a)\\n", "en": ""},
        json_ld=CITATION,
    ),
"""
COMPONENT = """\
<section class="reading" data-label="{{ ui.reading }}">
  <h2 id="{{ part.heading_id }}">{{ part.title }}</h2>
  {{ part.html | safe }}
</section>
"""
SITE_YML = """\
title: Copy
base_url: https://example.org/copy/
search: false
sections:
  reading: [延伸阅读, 推荐阅读]
"""
POST = """\
---
title: 新的一种段落
date: 2026-01-02
---

正文。

## 推荐阅读

- [另一篇](https://example.com/b)
"""


def test_the_registry_is_what_config_i18n_and_the_skeleton_read() -> None:
    assert list(DEFAULT_SECTIONS) == [kind.name for kind in section_kinds.KINDS]
    for kind in section_kinds.KINDS:
        assert DEFAULT_SECTIONS[kind.name] == kind.headings
        assert STRINGS["zh"][kind.name] == kind.labels["zh"]
        assert STRINGS["en"][kind.name] == kind.labels["en"]
        assert kind.skeleton["zh"] in SKELETON["zh"] and kind.skeleton["en"] in SKELETON["en"]
        assert (ROOT / "themes/default/templates" / kind.component).is_file()


def _aiblog(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The copy, not the installed aiblog (nor the one `-m` would find in the working dir).
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, env=env, cwd=root, capture_output=True, text=True)


def test_a_kind_added_to_the_registry_works_everywhere(tmp_path: Path) -> None:
    copy = tmp_path / "aiblog"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", copy / "generator", ignore=ignore)
    shutil.copytree(ROOT / "themes", copy / "themes", ignore=ignore)
    registry = copy / "generator" / "section_kinds.py"
    text = registry.read_text(encoding="utf-8")
    opening = "KINDS: tuple[SectionKind, ...] = (\n"
    registry.write_text(text.replace(opening, opening + NEW_KIND), encoding="utf-8")
    (copy / "themes/default/templates/components/reading.html").write_text(COMPONENT)

    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "site.yml").write_text(SITE_YML, encoding="utf-8")
    (site / "content/posts/a.md").write_text(POST, encoding="utf-8")
    new = _aiblog(copy, "new", "骨架", "--slug", "skeleton", "--publish", str(site))
    assert new.returncode == 0, new.stderr
    skeleton = (site / "content/posts/skeleton.md").read_text(encoding="utf-8")
    assert "## 延伸阅读\n\n- [一篇好文](https://example.com/a)\n" in skeleton

    built = _aiblog(copy, "build", str(site), "--output", str(tmp_path / "out"), "--strict")
    assert built.returncode == 0, built.stderr  # site.yml's `reading` names: a known kind
    for slug, title, url in (
        ("a", "推荐阅读", "https://example.com/b"),
        ("skeleton", "延伸阅读", "https://example.com/a"),
    ):
        html = (tmp_path / "out/posts" / slug / "index.html").read_text(encoding="utf-8")
        section = re.search(r'<section class="reading".*?</section>', html, re.S)
        assert section is not None, slug
        assert 'data-label="延伸阅读"' in section.group(0) and f">{title}</h2>" in section.group(0)
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        posting = next(d for d in map(json.loads, scripts) if d["@type"] == "BlogPosting")
        assert url in posting["citation"]  # its JSON-LD role, from the registry
