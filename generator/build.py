"""The build, stage by stage: config → discover → read → assemble → plan → render →
write. Each stage is a module with plain frozen values between them; the speed machinery
(caches, process pools, reuse of earlier output) is behind `Engine` (speed/engine.py).

Nothing is written to the output dir until the whole site is made: the write stage fills
a work tree beside it and swaps it in whole (write.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from generator import cards, search, series
from generator.assemble import assemble
from generator.config import configure
from generator.covers import resolve_site_images
from generator.errors import BuildFailed, Diagnostics, Problem
from generator.model import Site
from generator.options import BuildOptions
from generator.plan import plan_copies, plan_site
from generator.sources import discover
from generator.speed.engine import Engine, Progress, compile_templates, stop_on_problem
from generator.themes import templates_fingerprint, theme_dirs
from generator.write import WorkTree, WriteStats, claim, work_tree


@dataclass
class BuildResult:
    site: Site
    diagnostics: Diagnostics
    written: WriteStats
    seconds: float
    output_dir: Path
    pages: int = 0  # outputs made by templates
    rendered_paths: frozenset[str] = frozenset()  # of those, rendered in this build
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, in order

    @property
    def rendered(self) -> int:
        return len(self.rendered_paths)


class Builder:
    """Builds one site, again and again: `aiblog serve` keeps one, with its engine's
    caches in memory; `aiblog build` makes one per run, its caches in `.aiblog-cache/`."""

    def __init__(
        self, site_dir: Path, options: BuildOptions | None = None, keep_caches: bool = False
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.options = options or BuildOptions()
        self.engine = Engine(self.options, serving=keep_caches)

    def build(self, progress: Progress | None = None, now: datetime | None = None) -> BuildResult:
        started, watch = time.perf_counter(), Stopwatch()
        now, options, diags = now or datetime.now(UTC), self.options, Diagnostics()
        config = configure(self.site_dir, options, diags)
        dirs = theme_dirs(self.site_dir, config.theme)
        claim(config.output_path, self.site_dir, protected_sources(self.site_dir, dirs),
              options.adopt_output)  # fmt: skip
        indexed = config.search and options.search_index and not options.preview
        warm_index = search.warmed(config.language if indexed else None)
        with self.engine.session(config), warm_index as pagefind:
            watch.lap("config and cache")
            sources = discover(self.site_dir, diags)
            documents = self.engine.read(
                config, sources, diags, progress, lambda: compile_templates(dirs, options, config)
            )
            stop_on_errors(diags)
            watch.lap("read")
            site = assemble(documents, config, now, diags, options.preview, options.visibility)
            series.report(site, diags)
            stop_on_errors(diags)
            copies = plan_copies(site, dirs, diags)  # the files covers and images may name
            site = resolve_site_images(site, {c.path for c in copies}, diags)
            plan = plan_site(site, dirs, diags, copies)
            cards.report(site, diags)
            stop_on_errors(diags)
            watch.lap("assemble and plan")
            managed = (f"{search.BUNDLE_DIR}/",) if indexed else ()
            workspace = self.engine.workspace(config)
            with work_tree(config.output_path, workspace, self.engine.trees) as tree:
                try:
                    keys, rendered = self.engine.render(
                        site, plan, dirs, templates_fingerprint(dirs), tree, progress, managed
                    )
                except Problem as problem:
                    raise stop_on_problem(diags, problem) from None
                watch.lap("render")
                index = (
                    search.index_for_build(site, tree.root, diags, pagefind) if indexed else None
                )
                watch.lap("search index", indexed)
                stop_on_errors(diags, strict=options.strict)
                publish(tree, keys, diags)
            watch.lap("write")
            self.engine.remember(
                config,
                site,
                documents,
                diags,
                keys,
                tree,
                sorted(index.sizes) if index else [],
                now,
            )
            watch.lap("save cache", options.cache)
        pages = sum(1 for output in plan.outputs if output.rendered)
        seconds = time.perf_counter() - started
        return BuildResult(
            site,
            diags,
            tree.stats,
            seconds,
            config.output_path,
            pages,
            frozenset(rendered),
            watch.laps,
        )


def build(
    site_dir: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BuildResult:
    return Builder(site_dir, options).build(progress, now)


def stop_on_errors(diags: Diagnostics, strict: bool = False) -> None:
    """The build stops between stages when a stage found errors; with --strict, warnings
    count as errors (MkDocs' CountHandler)."""
    if strict and diags.warnings:
        diags.items = [replace(d, severity="error") for d in diags.items]
    if diags.errors:
        raise BuildFailed(diags)


def publish(tree: WorkTree, keys: dict[str, bytes], diags: Diagnostics) -> None:
    try:
        tree.publish(keys)
    except OSError as exc:
        where = str(exc.filename) if exc.filename else "output"
        diags.error(where, None, f"cannot publish the site: {exc.strerror or exc}")
        raise BuildFailed(diags) from None


def protected_sources(site_dir: Path, dirs: list[Path]) -> list[Path]:
    """What an output dir must never overlap: the site's sources and the themes in use."""
    return [site_dir / "site.yml", site_dir / "content", site_dir / "themes", *dirs]


class Stopwatch:
    """Seconds per stage of one build (`aiblog build --timings`)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str, happened: bool = True) -> None:
        now = time.perf_counter()
        if happened:
            self.laps[stage] = now - self._last
        self._last = now
