"""The build, stage by stage: config → sources → documents → site → render → write.

Everything is rendered in memory before anything is written, so a failed build leaves the
previous output as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import jinja2

from generator.assemble import Site, assemble
from generator.config import SiteConfig, load_config
from generator.content import read_source
from generator.errors import BuildFailed, Diagnostics
from generator.model import Document
from generator.render import Outputs, Renderer, pygments_css
from generator.sources import SourceFile, discover
from generator.themes import static_files, theme_dirs
from generator.writer import WriteStats, write_output

Progress = Callable[[str, int, int], None]
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    jobs: int | None = None
    strict: bool = False
    preview: bool = False  # `aiblog serve`: drafts and future posts in, and marked


@dataclass
class BuildResult:
    site: Site
    diagnostics: Diagnostics
    written: WriteStats
    seconds: float
    output_dir: Path
    files: Outputs = field(repr=False, default_factory=dict)


def _workers(jobs: int | None, items: int) -> int:
    if items < PARALLEL_THRESHOLD:
        return 1
    return max(1, jobs or os.cpu_count() or 1)


def _pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    # fork: workers inherit the parent's loaded modules (and the site) without pickling.
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=initializer, initargs=initargs
    )


def load(site_dir: Path, options: BuildOptions, diags: Diagnostics) -> SiteConfig:
    config = load_config(site_dir, diags)
    if config is None or diags.errors:
        raise BuildFailed(diags)
    return config.with_overrides(
        base_url=options.base_url,
        output_dir=str(options.output) if options.output else None,
        drafts=options.drafts or options.preview,
        future=options.future or options.preview,
    )


def read_all(
    config: SiteConfig,
    sources: list[SourceFile],
    jobs: int | None,
    diags: Diagnostics,
    progress: Progress | None = None,
) -> list[Document]:
    workers = _workers(jobs, len(sources))
    results = []
    if workers == 1:
        results = [read_source(config, s) for s in sources]
    else:
        with _pool(workers) as pool:
            chunk = max(1, len(sources) // (workers * 8))
            for n, result in enumerate(
                pool.map(read_source, [config] * len(sources), sources, chunksize=chunk)
            ):
                results.append(result)
                if progress:
                    progress("read", n + 1, len(sources))
    documents = []
    for document, found in results:
        diags.extend(found)
        if document is not None:
            documents.append(document)
    return documents


# Per worker process: the renderer of the site being built (set by the pool initializer).
_worker_renderer: Renderer | None = None


def _init_render_worker(site: Site, dirs: list[Path]) -> None:
    global _worker_renderer
    _worker_renderer = Renderer(site, dirs)


def _render_slice(start: int, step: int) -> list[tuple[str, bytes]]:
    assert _worker_renderer is not None
    jobs = _worker_renderer.jobs()
    return [(job.path, _worker_renderer.render(job)) for job in jobs[start::step]]


def render_all(
    site: Site,
    dirs: list[Path],
    jobs: int | None,
    diags: Diagnostics,
    progress: Progress | None = None,
) -> Outputs:
    renderer = Renderer(site, dirs)
    all_jobs = renderer.jobs()
    workers = _workers(jobs, len(all_jobs))
    outputs: Outputs = {}
    try:
        if workers == 1:
            for n, job in enumerate(all_jobs):
                outputs[job.path] = renderer.render(job)
                if progress and n % 50 == 0:
                    progress("render", n + 1, len(all_jobs))
        else:
            slices = workers * 4
            with _pool(workers, _init_render_worker, (site, dirs)) as pool:
                futures = [pool.submit(_render_slice, k, slices) for k in range(slices)]
                for n, future in enumerate(futures):
                    outputs.update(future.result())
                    if progress:
                        progress("render", n + 1, slices)
    except jinja2.TemplateError as exc:
        diags.error(*_template_location(exc, dirs), f"template error: {exc.message or exc}")
        raise BuildFailed(diags) from None
    return outputs


def _template_location(exc: jinja2.TemplateError, dirs: list[Path]) -> tuple[str, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "template", exc.lineno
    tb = exc.__traceback__
    location: tuple[str, int | None] = ("template", None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        for theme in dirs:
            if filename.startswith(str(theme)):
                location = (_display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return location


def _display_path(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def static_copies(site: Site, dirs: list[Path]) -> dict[str, Path]:
    """Output path → source file for theme assets, content/static and bundle assets."""
    copies = {f"static/{rel}": path for rel, path in static_files(dirs).items()}
    content_static = site.config.site_dir / "content" / "static"
    if content_static.is_dir():
        for path in sorted(content_static.rglob("*")):
            rel = path.relative_to(content_static)
            if path.is_file() and not any(p.startswith((".", "_")) for p in rel.parts):
                copies[rel.as_posix()] = path
    for doc in (*site.posts, *site.pages):
        if not doc.assets:
            continue
        url = site.urls.post(doc.meta.slug) if doc.kind == "post" else site.urls.page(doc.meta.slug)
        folder = PurePosixPath(site.urls.output_path(url)).parent
        bundle = (site.config.site_dir / doc.source).parent
        for asset in doc.assets:
            copies[(folder / asset).as_posix()] = bundle / asset
    return copies


def extra_files(site: Site) -> Outputs:
    files: Outputs = {".nojekyll": b"", "static/pygments.css": pygments_css().encode()}
    if site.config.cname:
        files["CNAME"] = (site.config.cname + "\n").encode()
    return files


def build(
    site_dir: Path,
    options: BuildOptions = BuildOptions(),
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BuildResult:
    started = time.perf_counter()
    diags = Diagnostics()
    site_dir = site_dir.resolve()
    config = load(site_dir, options, diags)
    sources = discover(site_dir)
    documents = read_all(config, sources, options.jobs, diags, progress)
    if diags.errors:
        raise BuildFailed(diags)
    site = assemble(documents, config, now or datetime.now(UTC), diags, preview=options.preview)
    if diags.errors:
        raise BuildFailed(diags)
    dirs = theme_dirs(site_dir, config.theme)
    files = render_all(site, dirs, options.jobs, diags, progress)
    files.update(extra_files(site))
    if options.strict and diags.warnings:
        # --strict: every warning counts as an error (MkDocs' CountHandler, not a new logger).
        diags.items = [replace(d, severity="error") for d in diags.items]
        raise BuildFailed(diags)
    written = write_output(config.output_path, files, static_copies(site, dirs))
    return BuildResult(
        site, diags, written, time.perf_counter() - started, config.output_path, files
    )
