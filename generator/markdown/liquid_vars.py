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
from generator.markdown.text import CODE_SPAN, outside

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
# Code spans and `{% raw %}…{% endraw %}` keep what they hold.
_PROTECTED = re.compile(CODE_SPAN.pattern + r"|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def liquid_vars_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "liquid_vars", _liquid_vars)


def _liquid_vars(state: StateCore) -> None:
    for token in state.tokens:
        if token.type not in ("inline", "html_block") or "{{" not in token.content:
            continue
        token.content = outside(token.content, _as_jekyll_rendered, _PROTECTED)
        for match in _OTHER.finditer(outside(token.content, str, _PROTECTED, blank=True)):
            report(
                state.env,
                token,
                f"Liquid {match.group()} is shown as written: aiblog does not run Liquid "
                "(write the text itself)",
            )


def _as_jekyll_rendered(text: str) -> str:
    text = _URL_FILTER.sub(lambda m: "/" + m.group(2).lstrip("/"), text)
    return _SITE_PREFIX.sub("", text)
