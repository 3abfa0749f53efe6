"""One callout component for every way authors write one:

- GitHub alerts: `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`
  (markdown-it-py's `alerts` option);
- Chirpy's `{: .prompt-tip }` (`-info`, `-warning`, `-danger`) after a blockquote (the class
  is put there by attrs.py);
- `!!! note "Title"` admonitions (mdit-py-plugins' admon);
- Hexo's `{% note warning %}` and Hugo's `{{< notice >}}`-style shortcodes, whose templates
  include the same one.

Each becomes `callout_open` … `callout_close` (meta: kind, title), rendered by the theme's
`templates/shortcodes/callout.html` with the label in the post's language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.admon import admon_plugin

from generator.markdown.renderer import AiblogRenderer, protect

KINDS = ("note", "tip", "important", "warning", "caution")
LABELS = {
    "zh": {
        "note": "注意",
        "tip": "提示",
        "important": "重要",
        "warning": "警告",
        "caution": "小心",
    },
    "en": {
        "note": "Note",
        "tip": "Tip",
        "important": "Important",
        "warning": "Warning",
        "caution": "Caution",
    },
}
# The names other generators give their kinds, to the five of GitHub's alerts.
ALIASES = {
    "info": "note",
    "abstract": "note",
    "summary": "note",
    "example": "note",
    "quote": "note",
    "question": "note",
    "default": "note",
    "primary": "note",
    "hint": "tip",
    "success": "tip",
    "check": "tip",
    "done": "tip",
    "attention": "warning",
    "warn": "warning",
    "danger": "caution",
    "error": "caution",
    "failure": "caution",
    "fail": "caution",
    "bug": "caution",
}
PROMPTS = {
    "prompt-tip": "tip",
    "prompt-info": "note",
    "prompt-warning": "warning",
    "prompt-danger": "caution",
}


_MAY_BE_CALLOUT = frozenset({"alert_open", "admonition_open", "blockquote_open"})


def kind_of(name: str) -> str:
    name = name.strip().lower()
    return name if name in KINDS else ALIASES.get(name, "note")


def labels_for(lang: str) -> dict[str, str]:
    return LABELS["zh" if lang.lower().startswith("zh") else "en"]


def _prompt_kind(token: Token) -> str | None:
    for name in str(token.attrGet("class") or "").split():
        if name in PROMPTS:
            return PROMPTS[name]
    return None


def _retype(token: Token, kind: str, title: str) -> None:
    token.type = "callout_open" if token.nesting == 1 else "callout_close"
    token.tag, token.attrs, token.info = "aside", {}, kind
    if token.nesting == 1:
        token.meta = {"kind": kind, "title": title}


def _to_callouts(state: StateCore) -> None:
    """Alerts, admonitions and prompt blockquotes → callout tokens (their titles out of the
    stream: the component shows the title)."""
    tokens = state.tokens
    if not any(
        t.type in _MAY_BE_CALLOUT and (t.type != "blockquote_open" or t.attrs) for t in tokens
    ):
        return  # most posts: nothing to walk
    opened: list[str] = []  # the type of each open container whose close to retype
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind, title, skip = None, "", 0
        if token.type == "alert_open":
            kind = kind_of(str(token.meta.get("kind", "note")))
            skip = 3  # alert_title_open, inline, alert_title_close
        elif token.type == "admonition_open":
            kind = kind_of(str(token.meta.get("tag", "note")))
            # The author's title is the quoted part of `!!! note "Title"`; admon makes one
            # up from the kind otherwise, which the label replaces.
            quoted = re.search(r'"(.*)"', token.info)
            title = quoted.group(1).strip() if quoted else ""
            if i + 2 < len(tokens) and tokens[i + 1].type == "admonition_title_open":
                skip = 3
        elif token.type == "blockquote_open":
            kind = _prompt_kind(token)
        if token.nesting == 1 and token.type.endswith("_open"):
            opened.append(token.type if kind else "")
        if kind is not None:
            _retype(token, kind, title)
            out.append(token)
            i += 1 + skip
            continue
        closing = token.nesting == -1 and token.type.endswith("_close") and opened
        if closing and opened.pop():  # the close of a container made a callout
            _retype(token, "", "")
        out.append(token)
        i += 1
    state.tokens = out


def _wrap_callout(templates_of):  # type: ignore[no-untyped-def]
    def wrap(token: Token, inner: str, env: dict[str, Any]) -> str:
        lang = str(env.get("lang", ""))
        context = {
            "name": "callout",
            "args": [token.meta["kind"]],
            "kwargs": defaultdict(str, title=token.meta.get("title", "")),
            "inner": Markup(inner),
            "raw_inner": "",
            "lang": lang,
            "source": env.get("source", ""),
            "labels": labels_for(lang),
        }
        html = templates_of().render("callout", context, "", lambda _m: "", lambda p: p)
        return protect(env, html) + "\n"

    return wrap


def callouts_plugin(md: MarkdownIt, *, templates_of: Any) -> None:
    md.options["alerts"] = True
    md.use(admon_plugin)
    # After attrs.py has put Chirpy's classes on their blockquotes.
    md.core.ruler.push("callouts", _to_callouts)
    if isinstance(md.renderer, AiblogRenderer):
        md.renderer.add_wrap_rule("callout", _wrap_callout(templates_of))
