"""The build, stage by stage: config → sources → documents → site → render → write.

A failed build leaves the previous output as it was: into an output dir with files in it,
everything is rendered in memory before anything is written; a new (missing or empty)
output dir is built in a staging dir beside it that a rename then puts in its place.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import secrets
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import jinja2

from generator import cache, markdown, search
from generator.assemble import Site, assemble
from generator.config import SiteConfig
from generator.content import read_source
from generator.errors import BuildFailed, Diagnostic, Diagnostics
from generator.model import Document
from generator.options import BuildOptions, configure
from generator.render import Job, Outputs, Renderer, compile_theme, pygments_css
from generator.sources import SourceFile, discover
from generator.themes import static_files, theme_dirs
from generator.writer import WriteStats, safe_target, write_new, write_output

Progress = Callable[[str, int, int], None]
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass
class BuildResult:
    site: Site
    diagnostics: Diagnostics
    written: WriteStats
    seconds: float
    output_dir: Path
    pages: int = 0  # outputs made by templates
    rendered_paths: frozenset[str] = frozenset()  # of those, rendered in this build
    # The bytes of every output this build holds in memory; with the disk cache, outputs
    # left unchanged on disk are not read back and are not in here.
    files: Outputs = field(repr=False, default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, in order

    @property
    def rendered(self) -> int:
        return len(self.rendered_paths)


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


@dataclass
class Caches:
    """What a builder keeps between builds (in memory for `aiblog serve`, on disk in
    `.aiblog-cache/` for `aiblog build`), so that a rebuild parses only changed files and
    renders only outputs whose key changed (see `Renderer.key`)."""

    documents: dict[tuple[str, int, int], tuple[Document | None, list[Diagnostic]]] = field(
        default_factory=dict
    )
    config: SiteConfig | None = None
    keys: dict[str, bytes] = field(default_factory=dict)  # output path → its key last time
    outputs: dict[str, bytes] = field(default_factory=dict)  # output path → bytes (in memory)


def _stat_key(site_dir: str, source: SourceFile) -> tuple[str, int, int] | None:
    """`site_dir` ends with a separator. (A string path: a Path per file cost a serve
    rebuild 10 ms at 1,000 posts.)"""
    try:
        stat = os.stat(site_dir + source.rel)
    except OSError:
        return None
    return (source.rel, stat.st_mtime_ns, stat.st_size)


def read_all(
    config: SiteConfig,
    sources: list[SourceFile],
    jobs: int | None,
    diags: Diagnostics,
    progress: Progress | None = None,
    caches: Caches | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[Document]:
    """Every source read and analysed (in worker processes when there are many); the
    parent runs `meanwhile` while it waits for them."""
    if caches is not None and caches.config != config:
        caches.documents.clear()  # the config shapes parsing (base path, sections, speeds)
        caches.config = config
    site_dir = os.path.join(config.site_dir, "")
    keys = [_stat_key(site_dir, s) if caches is not None else None for s in sources]
    results: dict[int, tuple[Document | None, list[Diagnostic]]] = {}
    todo: list[int] = []
    for n, key in enumerate(keys):
        cached = caches.documents.get(key) if caches is not None and key else None
        if cached is not None and cached[0] is not None and cached[0].assets != sources[n].assets:
            cached = None
        if cached is not None:
            results[n] = cached
        else:
            todo.append(n)
    workers = _workers(jobs, len(todo))
    if workers == 1:
        if meanwhile:
            meanwhile()
        for n in todo:
            results[n] = read_source(config, sources[n])
    else:
        with _pool(workers) as pool:
            chunk = max(1, len(todo) // (workers * 8))
            todo_sources = [sources[n] for n in todo]
            mapped = pool.map(read_source, [config] * len(todo), todo_sources, chunksize=chunk)
            if meanwhile:
                meanwhile()
            for done, (n, result) in enumerate(zip(todo, mapped, strict=True)):
                results[n] = result
                if progress:
                    progress("read", done + 1, len(todo))
    if caches is not None:
        caches.documents = {keys[n]: results[n] for n in results if keys[n] is not None}
    documents = []
    for n in range(len(sources)):
        document, found = results[n]
        diags.extend(found)
        if document is not None:
            documents.append(document)
    return documents


# Per render worker: the renderer of the site being built and its jobs. Set in the parent
# before the pool forks, so workers inherit them (with compiled templates) for free.
_worker: tuple[Renderer, list[Job]] | None = None


def _init_render_worker(site: Site, dirs: list[Path], bytecode_dir: Path | None) -> None:
    global _worker
    if _worker is None:  # a spawned worker (no fork on this platform) makes its own
        renderer = Renderer(site, dirs, bytecode_dir)
        _worker = (renderer, renderer.jobs())


class TemplateProblem(Exception):
    """A template error found in a worker, located there (its traceback stays behind)."""


Rendered = list[tuple[str, bytes | int]]


def _render_jobs(
    renderer: Renderer, jobs: list[Job], dirs: list[Path], write_to: Path | None = None
) -> Rendered:
    """Each job's bytes, or with `write_to` its size once written there (by the worker that
    rendered it: writing is a good part of a clean build, and it spreads over the cores).
    A template error becomes a TemplateProblem with its template and line, located where
    it happened: a worker's traceback does not cross the process pool."""
    done: Rendered = []
    try:
        for job in jobs:
            data = renderer.render(job)
            if write_to is None:
                done.append((job.path, data))
            else:
                write_new(safe_target(write_to, job.path), data)
                done.append((job.path, len(data)))
    except jinja2.TemplateError as exc:
        path, line = _template_location(exc, dirs)
        raise TemplateProblem(path, line, f"template error: {exc.message or exc}") from None
    return done


def _render_some(indices: list[int], dirs: list[Path], write_to: Path | None) -> Rendered:
    assert _worker is not None
    renderer, jobs = _worker
    return _render_jobs(renderer, [jobs[i] for i in indices], dirs, write_to)


def _reusable(path: str, caches: Caches | None, key: bytes, out_dir: Path) -> bytes | int | None:
    """The output made last time, if its key is unchanged: its bytes when kept in memory,
    else the size of the file still on disk (it is left as it is, never read back)."""
    if caches is None or caches.keys.get(path) != key:
        return None
    if path in caches.outputs:
        return caches.outputs[path]
    try:
        return os.stat(out_dir / path).st_size
    except OSError:
        return None  # deleted by hand: render it again


def render_all(
    site: Site,
    dirs: list[Path],
    jobs: int | None,
    diags: Diagnostics,
    progress: Progress | None = None,
    caches: Caches | None = None,
    keep_bytes: bool = False,
    bytecode_dir: Path | None = None,
    write_to: Path | None = None,
) -> tuple[Outputs, set[str], dict[str, int]]:
    """Outputs by path, which of them were rendered, and (by size) the outputs on disk: left
    as they are because nothing they show changed, or written to `write_to` (a new, empty
    dir) as they were rendered."""
    renderer = Renderer(site, dirs, bytecode_dir)
    all_jobs = renderer.jobs()
    salted = hashlib.blake2b(renderer.salt(), digest_size=16)
    keys = [renderer.key(job, salted) for job in all_jobs]
    outputs: Outputs = {}
    on_disk: dict[str, int] = {}
    todo: list[int] = []
    out_dir = site.config.output_path
    for n, job in enumerate(all_jobs):
        reused = _reusable(job.path, caches, keys[n], out_dir)
        if reused is None:
            todo.append(n)
        elif isinstance(reused, bytes):
            outputs[job.path] = reused
        else:
            on_disk[job.path] = reused
    workers = _workers(jobs, len(todo))

    def collect(done: Rendered) -> None:
        for path, result in done:
            if isinstance(result, bytes):
                outputs[path] = result
            else:
                on_disk[path] = result

    global _worker
    try:
        if workers == 1:
            for done, n in enumerate(todo):
                if progress and done % 50 == 0:
                    progress("render", done + 1, len(todo))
                collect(_render_jobs(renderer, [all_jobs[n]], dirs, write_to))
        else:
            # Interleaved slices: every worker gets a share of posts, lists and feeds.
            slices = [todo[k :: workers * 4] for k in range(workers * 4)]
            _worker = (renderer, all_jobs)
            with _pool(workers, _init_render_worker, (site, dirs, bytecode_dir)) as pool:
                futures = [pool.submit(_render_some, part, dirs, write_to) for part in slices]
                for done, future in enumerate(futures):
                    collect(future.result())
                    if progress:
                        progress("render", done + 1, len(futures))
    except TemplateProblem as problem:
        diags.error(*problem.args)
        raise BuildFailed(diags) from None
    finally:
        _worker = None
    if caches is not None:
        caches.keys = {job.path: keys[n] for n, job in enumerate(all_jobs)}
        caches.outputs = {job.path: outputs[job.path] for job in all_jobs} if keep_bytes else {}
    return outputs, {all_jobs[n].path for n in todo}, on_disk


def _template_location(exc: jinja2.TemplateError, dirs: list[Path]) -> tuple[str, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _display_path(Path(exc.filename)) if exc.filename else exc.name or "template"
        return where, exc.lineno
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
        folder = PurePosixPath(
            site.urls.output_path(site.urls.document(doc.kind, doc.meta.slug))
        ).parent
        bundle = (site.config.site_dir / doc.source).parent
        for asset in doc.assets:
            copies[(folder / asset).as_posix()] = bundle / asset
    return copies


def extra_files(site: Site) -> Outputs:
    files: Outputs = {".nojekyll": b"", "static/pygments.css": pygments_css().encode()}
    if site.config.cname:
        files["CNAME"] = (site.config.cname + "\n").encode()
    return files


def _staging_dir(output: Path) -> Path | None:
    """A new dir beside `output` to build into, when `output` is missing or empty (a
    rename can then replace it); else None: changed files are replaced one by one."""
    if os.name != "posix" or output.is_symlink():
        return None
    try:
        with os.scandir(output) as entries:
            if next(entries, None) is not None:
                return None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    output.parent.mkdir(parents=True, exist_ok=True)
    while True:  # not mkdtemp: its 0o700 would become the site's; mkdir honours the umask
        staging = output.parent / f".{output.name}.aiblog-{secrets.token_hex(4)}"
        try:
            staging.mkdir()
            return staging
        except FileExistsError:
            continue


class Stopwatch:
    """Seconds per stage of one build (`aiblog build --timings`)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self._last
        self._last = now


class Builder:
    """Builds one site, again and again: `aiblog serve` keeps one in memory, `aiblog build`
    keeps its caches in `.aiblog-cache/` (see cache.py)."""

    def __init__(
        self, site_dir: Path, options: BuildOptions | None = None, keep_caches: bool = False
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.options = options = options or BuildOptions()
        self.caches = Caches() if keep_caches or options.cache else None
        self.keep_bytes = keep_caches  # in memory: outputs too, not only their keys
        self.written_last: set[str] | None = None
        self.warmed = False  # this process has the parser and lexers the site needs

    def build(self, progress: Progress | None = None, now: datetime | None = None) -> BuildResult:
        frozen = False

        def freeze() -> None:
            nonlocal frozen
            # A one-shot build: its documents live until it ends and hold no cycles; keep
            # the cycle collector from scanning them again and again as the site grows.
            if not self.keep_bytes:
                gc.freeze()
                frozen = True

        try:
            return self._build(progress, now, freeze)
        finally:
            if frozen:
                gc.unfreeze()  # what the build left behind is the collector's again

    def _build(
        self, progress: Progress | None, now: datetime | None, freeze: Callable[[], None]
    ) -> BuildResult:
        started = time.perf_counter()
        watch = Stopwatch()
        now = now or datetime.now(UTC)
        diags = Diagnostics()
        options = self.options
        config = configure(self.site_dir, options, diags)
        if options.cache and self.caches is not None and not self.caches.documents:
            self._load_disk_cache(config)
        watch.lap("config and cache")
        sources = discover(self.site_dir)
        dirs = theme_dirs(self.site_dir, config.theme)
        bytecode_dir = cache.bytecode_dir(config) if options.cache else None
        documents = read_all(
            config,
            sources,
            options.jobs,
            diags,
            progress,
            self.caches,
            meanwhile=lambda: compile_theme(dirs, bytecode_dir),
        )
        if self.keep_bytes and not self.warmed:  # serve: the next rebuilds parse here
            markdown.warm(config.base_path, {lang for d in documents for lang in d.code_languages})
            self.warmed = True
        watch.lap("read")
        if diags.errors:
            raise BuildFailed(diags)
        freeze()
        site = assemble(documents, config, now, diags, preview=options.preview)
        watch.lap("assemble")
        if diags.errors:
            raise BuildFailed(diags)
        # Into a new output dir, workers write what they render to a staging dir beside it,
        # which then becomes the output: the site appears whole or not at all.
        staging = _staging_dir(config.output_path) if not self.keep_bytes else None
        try:
            files, rendered, on_disk = render_all(
                site,
                dirs,
                options.jobs,
                diags,
                progress,
                self.caches,
                self.keep_bytes,
                bytecode_dir,
                write_to=staging,
            )
            watch.lap("render")
            pages = len(files) + len(on_disk)
            extra = extra_files(site)
            files.update(extra)
            if options.strict and diags.warnings:
                # --strict: every warning counts as an error (MkDocs' CountHandler).
                diags.items = [replace(d, severity="error") for d in diags.items]
                raise BuildFailed(diags)
            copies = static_copies(site, dirs)
            if not options.cache:
                cache.forget(config)
            # The search index is made from the written site (serve makes it in the background).
            indexed = config.search and options.search_index and not options.preview
            if staging is not None:
                written = write_output(staging, files, copies, frozenset(), set())
                written = replace(written, written=written.written + len(on_disk))
                if indexed:
                    on_disk.update(search.index_for_build(site, staging, diags).sizes)
                os.replace(staging, config.output_path)
            else:
                kept = frozenset(on_disk) | (frozenset(files) - rendered - frozenset(extra))
                if indexed:  # the bundle is the indexer's to replace, not stale
                    kept |= frozenset(search.bundle_sizes(config.output_path))
                # What the last build wrote (in memory, or the cache's manifest); else walk.
                before = self.written_last
                written = write_output(config.output_path, files, copies, kept, before)
                if indexed:
                    on_disk.update(search.index_for_build(site, config.output_path, diags).sizes)
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise
        self.written_last = set(files) | set(copies) | set(on_disk)
        watch.lap("write")
        if options.cache:
            self._save_disk_cache(config, site, documents, diags, files, copies, on_disk, now)
            watch.lap("save cache")
        return BuildResult(
            site,
            diags,
            written,
            time.perf_counter() - started,
            config.output_path,
            pages,
            frozenset(rendered),
            files,
            watch.laps,
        )

    def _load_disk_cache(self, config: SiteConfig) -> None:
        state = cache.load_state(config)
        manifest = cache.load_manifest(config)
        if state is not None and manifest is not None and self.caches is not None:
            self.caches.documents = state["documents"]
            self.caches.config = state["config"]
            self.caches.keys = state["keys"]
            # What the last build wrote: no need to walk the output dir to find stale files.
            self.written_last = set(manifest.outputs)

    def _save_disk_cache(
        self,
        config: SiteConfig,
        site: Site,
        documents: list[Document],
        diags: Diagnostics,
        files: Outputs,
        copies: dict[str, Path],
        on_disk: dict[str, int],
        now: datetime,
    ) -> None:
        assert self.caches is not None
        due = [
            d.meta.date for d in documents if d.meta.date and d.meta.date > now and d.kind == "post"
        ]
        sizes = {**on_disk, **{rel: len(data) for rel, data in files.items()}}
        sizes.update({rel: path.stat().st_size for rel, path in copies.items() if rel not in sizes})
        manifest = cache.Manifest(
            fingerprint=cache.inputs_fingerprint(config, self.options),
            posts=len(site.posts),
            pages=len(site.pages),
            warnings=[str(w) for w in diags.sorted() if w.severity == "warning"],
            outputs=sizes,
            next_due=min(due).isoformat() if due and not self.options.future else None,
        )
        state = {
            "documents": self.caches.documents,
            "config": self.caches.config,
            "keys": self.caches.keys,
        }
        cache.save(config, manifest, state)


def build(
    site_dir: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BuildResult:
    return Builder(site_dir, options).build(progress, now)
