"""The search index alone: Pagefind over the posts and pages of a built site.

    python bench/search_index.py OUT_DIR

Run by run.py on the output of its clean build (in a fresh process, so that its time is
measured like a build's). The pages are the files the theme marks `data-pagefind-body`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator import search


def indexed_pages(out: Path) -> list[str]:
    return sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob("*.html")
        if b"data-pagefind-body" in path.read_bytes()
    )


def main() -> None:
    out = Path(sys.argv[1])
    shutil.rmtree(out / search.BUNDLE_DIR, ignore_errors=True)
    stats = search.index_site(out, indexed_pages(out), "zh-cn")
    print(f"{stats.pages} pages, {len(stats.sizes)} files, {stats.bytes} bytes")


if __name__ == "__main__":
    main()
