"""Jekyll's Liquid output tags in a post, read as Jekyll rendered them where they make a URL:
`{{ site.baseurl }}/assets/x.png`, `{{ site.url }}{{ site.baseurl }}/x/` and
`{{ "/assets/x.png" | relative_url }}` (or `absolute_url`, `prepend: site.baseurl`) become
the root-relative `/assets/x.png`, which the links rule puts under the site's base path.
Without this the link or image is not even parsed (a destination with spaces is text) and
the page shows the Liquid as written.

Any other `{{ site.… }}` or `{{ page.… }}` is shown as written, with a warning: aiblog does
not run Liquid. Code spans, fenced code and `{% raw %}…{% endraw %}` keep what they hold.
Runs before inline parsing, on paragraphs' text and on raw HTML blocks.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from generator.markdown.report import report

# `{{ site.url }}`, `{{ site.baseurl }}` (either or both, `{{-` trimming too) before a path
# or a `{% post_url … %}` (Jekyll's own docs write `{{ site.baseurl }}{% post_url x %}`).
_SITE_PREFIX = re.compile(
    r"(?:\{\{-?\s*site\.url\s*-?\}\})?\{\{-?\s*site\.baseurl\s*-?\}\}(?=/|\{%)"
    r"|\{\{-?\s*site\.url\s*-?\}\}(?=/|\{%)"
)
# `{{ "/path" | relative_url }}` and its kin: the path, root-relative.
_URL_FILTER = re.compile(
    r"\{\{-?\s*([\"'])([^\"'{}]*)\1\s*\|\s*"
    r"(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}"
)
# Any other output of Jekyll's variables: shown as written, said.
_OTHER = re.compile(r"\{\{-?\s*(?:site|page|post|paginator|layout|include)\.[\w.]+[^{}]*\}\}")
_PROTECTED = re.compile(
    r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S
)


def liquid_vars_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "liquid_vars", _liquid_vars)


def _liquid_vars(state: StateCore) -> None:
    for token in state.tokens:
        if token.type not in ("inline", "html_block") or "{{" not in token.content:
            continue
        token.content = _outside_protected(token.content, _as_jekyll_rendered)
        for match in _OTHER.finditer(_outside_protected(token.content, lambda t: t, True)):
            report(
                state.env,
                token,
                f"Liquid {match.group()} is shown as written: aiblog does not run Liquid "
                "(write the text itself)",
            )


def _as_jekyll_rendered(text: str) -> str:
    text = _URL_FILTER.sub(lambda m: "/" + m.group(2).lstrip("/"), text)
    return _SITE_PREFIX.sub("", text)


def _outside_protected(text: str, change, blank_protected: bool = False) -> str:  # type: ignore[no-untyped-def]
    """`change` applied to the text outside code spans and raw blocks (`blank_protected`:
    those left out of the result, for finding what is outside them)."""
    parts, last = [], 0
    for span in _PROTECTED.finditer(text):
        parts.append(change(text[last : span.start()]))
        parts.append("" if blank_protected else span.group())
        last = span.end()
    parts.append(change(text[last:]))
    return "".join(parts)
