"""Files copied as they are: the theme's `static/` (under /static/), `content/static/` (at
the site's root) and a page bundle's files (beside its page). What resolves outside the
site or its theme through a symlink is left out, with a warning."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from generator.errors import Diagnostics
from generator.model import Site
from generator.outputs.kind import OutputKind
from generator.paths import display_path, relative_posix, visible_files
from generator.plan import Output
from generator.sources import published_path, report_outside
from generator.themes import static_files
from generator.translations import document_url


def plan(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> Iterator[Output]:
    site_dir = site.config.site_dir
    outside: list[str] = []
    for rel, path in static_files(theme_dirs, outside).items():
        yield Output(f"static/{rel}", "static", origin=display_path(path, site_dir), copy_of=path)
    content_static = os.path.join(site_dir, "content", "static", "")
    for path in visible_files(content_static, [site_dir], outside):
        yield Output(
            relative_posix(path, content_static),
            "static",
            origin=display_path(path, site_dir),
            copy_of=Path(path),
        )
    report_outside(outside, site_dir, diags)
    loose: set[str] = set()  # files beside the pages that show them, published where they are
    planned: set[str] = set()  # the bundles' and asset folders' files
    for doc in (*site.posts, *site.pages, *site.translations):
        for rel in doc.loose_files:
            loose.add(rel)
        if not doc.assets:
            continue
        folder = PurePosixPath(site.urls.output_path(document_url(site.urls, doc))).parent
        bundle = (site_dir / doc.source).parent / doc.asset_dir
        for asset in doc.assets:
            planned.add((folder / asset).as_posix())
            yield Output(
                (folder / asset).as_posix(),
                "static",
                origin=display_path(bundle / asset, site_dir),
                copy_of=bundle / asset,
            )
    for rel in sorted(loose):
        published = published_path(rel)
        if published is None or published in planned or not (site_dir / rel).is_file():
            continue  # a bundle's asset there already, or gone since it was read
        yield Output(published, "static", origin=rel, copy_of=site_dir / rel)


KIND = OutputKind("static", plan, reserves=("static",), copies=True)
