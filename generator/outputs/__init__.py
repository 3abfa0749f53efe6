"""The output kinds: each module plans the files of one kind (`plan(site, theme_dirs,
diags)` → `Output`s: plain data, with what each shows) and makes each file's bytes
(`render(output, renderer)`). A new kind of output is a module here and a line in KINDS.

`reserves` names the first URL segments a kind owns (`posts`, `tags`…): a page may not
take them (stubs.py), and plan.py refuses two outputs on one path."""

from __future__ import annotations

from generator.outputs import (
    answers,
    cards,
    documents,
    feeds,
    indexes,
    lists,
    redirects,
    series,
    sitefiles,
    sources,
    static,
)
from generator.outputs.kind import OutputKind

KINDS: tuple[OutputKind, ...] = (
    documents.KIND,
    lists.KIND,
    indexes.KIND,
    feeds.KIND,
    sitefiles.KIND,
    static.KIND,
    redirects.KIND,
    series.KIND,
    sources.KIND,
    answers.KIND,
    cards.KIND,
)
BY_NAME = {kind.name: kind for kind in KINDS}
RESERVED_SEGMENTS = frozenset(segment for kind in KINDS for segment in kind.reserves)
