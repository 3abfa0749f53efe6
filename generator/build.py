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
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import jinja2

from generator import cache, cards, markdown, search, series
from generator.assemble import Site, assemble
from generator.config import SiteConfig
from generator.content import read_source
from generator.covers import resolve_site_images
from generator.errors import BuildFailed, Diagnostic, Diagnostics
from generator.markdown import images
from generator.markdown.options import markdown_options
from generator.model import Document
from generator.options import BuildOptions, configure
from generator.paths import display_path, relative_posix, visible_files
from generator.procs import die_with_parent
from generator.publication import next_change
from generator.redirects import overwritten, redirect_html
from generator.render import Job, Outputs, Renderer, compile_theme, pygments_css
from generator.sources import SourceFile, discover, report_outside
from generator.themes import static_files, theme_dirs
from generator.translations import document_url
from generator.write import WorkTree, WriteStats, claim, replace_file, tree_id, work_tree

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
        workers, mp_context=context, initializer=_start_worker, initargs=(initializer, initargs)
    )


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    die_with_parent()
    if initializer is not None:
        initializer(*initargs)


@dataclass
class Caches:
    """What a builder keeps between builds (in memory for `aiblog serve`, on disk in
    `.aiblog-cache/` for `aiblog build`), so that a rebuild parses only changed files and
    renders only outputs whose key changed (see `Renderer.key`)."""

    documents: dict[tuple[str, int, int], tuple[Document | None, list[Diagnostic]]] = field(
        default_factory=dict
    )
    config: SiteConfig | None = None
    # The keys of the outputs of the live site and of the one before (kept as the next
    # work tree), by tree id: see write.py.
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)
    # Content hashes of copied files by (path, size, mtime): a copy's key is its content.
    hashes: dict[tuple[str, int, int], bytes] = field(default_factory=dict)


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
        if (
            cached is not None
            and cached[0] is not None
            and not images.unchanged(cached[0].image_files)
        ):
            cached = None  # an image it shows changed size, appeared or went away
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


class Problem(Exception):
    """A problem found in a worker (a template error, a file that cannot be written), as the
    (path, line, message) of a Diagnostic: a worker's traceback does not cross the pool."""


def _render_jobs(renderer: Renderer, jobs: list[Job], dirs: list[Path], write_to: Path) -> None:
    """Render each job and write it into `write_to` (in the worker that rendered it: writing
    is a good part of a clean build, and it spreads over the cores). Any error in a template
    (a syntax error, or `{{ 1 // 0 }}` at run time) becomes a Problem with its
    template and line, located where it happened: a worker's traceback does not cross the
    process pool."""
    root = str(write_to)
    for job in jobs:
        try:
            data = renderer.render(job)
        except RecursionError:
            raise Problem(
                "template", None, "template error: templates include each other endlessly"
            ) from None
        except Exception as exc:  # a theme's code at run time can raise anything
            path, line = _template_location(exc, dirs)
            message = exc.message if isinstance(exc, jinja2.TemplateError) else None
            raise Problem(path, line, f"template error: {message or _describe(exc)}") from None
        try:
            replace_file(f"{root}/{job.path}", data)
        except OSError as exc:
            raise Problem(job.origin or job.path, job.line, cannot_write(job.path, exc)) from None


def cannot_write(path: str, exc: OSError) -> str:
    return f"cannot write {path}: {exc.strerror or exc}"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _render_some(indices: list[int], dirs: list[Path], write_to: Path) -> None:
    assert _worker is not None
    renderer, jobs = _worker
    _render_jobs(renderer, [jobs[i] for i in indices], dirs, write_to)


def render_all(
    site: Site,
    dirs: list[Path],
    jobs: int | None,
    diags: Diagnostics,
    tree: WorkTree,
    copies: dict[str, Path],
    progress: Progress | None = None,
    bytecode_dir: Path | None = None,
    hashes: dict[tuple[str, int, int], bytes] | None = None,
    managed: tuple[str, ...] = (),
) -> tuple[dict[str, bytes], int, set[str]]:
    """Fill the work tree with every output of the site: what it already holds or the live
    site holds unchanged is kept (same key, see `Renderer.key`), the rest is rendered (by
    worker processes that write what they render) or copied. Returns the key of every
    output, how many outputs templates make, and the paths of those rendered now."""
    renderer = Renderer(site, dirs, bytecode_dir)
    all_jobs = renderer.jobs()
    salted = hashlib.blake2b(renderer.salt(), digest_size=16)
    keys = {job.path: renderer.key(job, salted) for job in all_jobs}
    extras = extra_files(site)
    if overwritten(site.redirects, (keys, extras, copies), diags):
        raise BuildFailed(diags)  # until the output plan refuses every collision
    extras.update(redirect_files(site))
    hashes = {} if hashes is None else hashes
    for rel, data in extras.items():
        keys[rel] = hashlib.blake2b(data, digest_size=16).digest()
    copied = {rel: source for rel, source in copies.items() if rel not in keys}
    for rel, source in copied.items():  # (a rendered output of the same path wins)
        keys[rel] = _copy_key(source, hashes)
    _check_names(all_jobs, diags)
    try:
        todo_paths = set(tree.settle(keys, managed))
    except OSError as exc:
        raise _tree_failed(exc, diags) from None
    todo = [n for n, job in enumerate(all_jobs) if job.path in todo_paths]
    workers = _workers(jobs, len(todo))
    global _worker
    try:
        if workers == 1:
            for done, n in enumerate(todo):
                if progress and done % 50 == 0:
                    progress("render", done + 1, len(todo))
                _render_jobs(renderer, [all_jobs[n]], dirs, tree.root)
        else:
            # Interleaved slices: every worker gets a share of posts, lists and feeds.
            slices = [todo[k :: workers * 4] for k in range(workers * 4)]
            _worker = (renderer, all_jobs)
            with _pool(workers, _init_render_worker, (site, dirs, bytecode_dir)) as pool:
                futures = [pool.submit(_render_some, part, dirs, tree.root) for part in slices]
                for done, future in enumerate(futures):
                    future.result()
                    if progress:
                        progress("render", done + 1, len(futures))
        tree.stats.written += len(todo)
        for rel, data in extras.items():
            if rel in todo_paths:
                _guard(rel, rel, lambda rel=rel, data=data: tree.write(rel, data))
        for rel, source in copied.items():
            if rel in todo_paths:
                shown = display_path(source, site.config.site_dir)
                _guard(shown, rel, lambda rel=rel, source=source: tree.copy(rel, source))
    except Problem as problem:
        diags.error(*problem.args)
        raise BuildFailed(diags) from None
    finally:
        _worker = None
    return keys, len(all_jobs), {all_jobs[n].path for n in todo}


# File systems (ext4, APFS, NTFS) allow names of 255 bytes at most.
NAME_MAX = 255


def _check_names(jobs: list[Job], diags: Diagnostics) -> None:
    """Every output's file and folder names fit a file system, checked before anything is
    written (a 300-character slug would otherwise fail half-way through the build)."""
    for job in jobs:
        longest = max(job.path.split("/"), key=lambda name: len(name.encode()))
        if len(longest.encode()) > NAME_MAX:
            diags.error(
                job.origin or job.path,
                job.line,
                f"the output {job.path[:60]}… has a name of {len(longest.encode())} bytes; "
                f"file systems allow {NAME_MAX}: shorten the slug",
            )
    if diags.errors:
        raise BuildFailed(diags)


def _tree_failed(exc: OSError, diags: Diagnostics) -> BuildFailed:
    where = display_path(exc.filename) if exc.filename else "output"
    diags.error(where, None, f"cannot prepare the site: {exc.strerror or exc}")
    return BuildFailed(diags)


def _guard(origin: str, path: str, write: Callable[[], None]) -> None:
    try:
        write()
    except OSError as exc:
        raise Problem(origin, None, cannot_write(path, exc)) from None


def _copy_key(source: Path, hashes: dict[tuple[str, int, int], bytes]) -> bytes:
    """A copied file's key: its content (hashed once per size and modification time)."""
    stat = source.stat()
    known = (str(source), stat.st_size, stat.st_mtime_ns)
    if known not in hashes:
        with source.open("rb") as handle:
            hashes[known] = hashlib.file_digest(handle, "blake2b").digest()[:16]
    return hashes[known]


def _template_location(exc: BaseException, dirs: list[Path]) -> tuple[str, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = display_path(Path(exc.filename)) if exc.filename else exc.name or "template"
        return where, exc.lineno
    tb = exc.__traceback__
    location: tuple[str, int | None] = ("template", None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        for theme in dirs:
            if filename.startswith(str(theme)):
                location = (display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return location


def static_copies(site: Site, dirs: list[Path], diags: Diagnostics) -> dict[str, Path]:
    """Output path → source file for theme assets, content/static and bundle assets. What
    resolves outside the site (or its theme) through a symlink is left out, with a warning."""
    outside: list[str] = []
    copies = {f"static/{rel}": path for rel, path in static_files(dirs, outside).items()}
    site_dir = site.config.site_dir
    content_static = os.path.join(site_dir, "content", "static", "")
    for path in visible_files(content_static, [site_dir], outside):
        copies[relative_posix(path, content_static)] = Path(path)
    report_outside(outside, site_dir, diags)
    for doc in (*site.posts, *site.pages, *site.translations):
        if not doc.assets:
            continue
        folder = PurePosixPath(site.urls.output_path(document_url(site.urls, doc))).parent
        bundle = (site_dir / doc.source).parent
        for asset in doc.assets:
            copies[(folder / asset).as_posix()] = bundle / asset
    return copies


def extra_files(site: Site) -> Outputs:
    files: Outputs = {".nojekyll": b"", "static/pygments.css": pygments_css().encode()}
    if site.config.cname:
        files["CNAME"] = (site.config.cname + "\n").encode()
    return files


def redirect_files(site: Site) -> Outputs:
    """A small page at each old URL of a post (`aliases`, `redirect_from`)."""
    return {
        moved.path: redirect_html(site.urls.absolute(moved.target), moved.lang).encode()
        for moved in site.redirects
    }


def protected_sources(site_dir: Path, dirs: list[Path]) -> list[Path]:
    """What an output dir must never overlap: the site's sources and the themes in use."""
    return [site_dir / "site.yml", site_dir / "content", site_dir / "themes", *dirs]


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
        dirs = theme_dirs(self.site_dir, config.theme)
        claim(
            config.output_path,
            self.site_dir,
            protected_sources(self.site_dir, dirs),
            options.adopt_output,
        )
        if options.cache and self.caches is not None and not self.caches.documents:
            self._load_disk_cache(config)
        watch.lap("config and cache")
        sources = discover(self.site_dir, diags)
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
            languages = {lang for d in documents for lang in d.code_languages}
            markdown.warm(markdown_options(config), languages)
            self.warmed = True
        watch.lap("read")
        if diags.errors:
            raise BuildFailed(diags)
        freeze()
        site = assemble(documents, config, now, diags, preview=options.preview)
        copies = static_copies(site, dirs, diags)
        site = resolve_site_images(site, copies, diags)  # covers and photos: files it publishes
        cards.report(site, diags)  # issue 18: fonts that cannot draw a card; series' URLs
        series.report(site, diags)
        watch.lap("assemble")
        if diags.errors:
            raise BuildFailed(diags)
        if not options.cache:
            cache.forget(config)
        trees = self.caches.trees if self.caches is not None else {}
        workspace = cache.workspace(config) if self.caches is not None else None
        with work_tree(config.output_path, workspace, trees) as tree:
            hashes = self.caches.hashes if self.caches is not None else None
            # The search index is made from the written site (serve makes it in the background).
            indexed = config.search and options.search_index and not options.preview
            managed = (f"{search.BUNDLE_DIR}/",) if indexed else ()
            keys, pages, rendered = render_all(
                site,
                dirs,
                options.jobs,
                diags,
                tree,
                copies,
                progress,
                bytecode_dir,
                hashes,
                managed,
            )
            watch.lap("render")
            bundle: list[str] = []
            if indexed:
                bundle = sorted(search.index_for_build(site, tree.root, diags).sizes)
                watch.lap("search index")
            if options.strict and diags.warnings:
                # --strict: every warning counts as an error (MkDocs' CountHandler).
                diags.items = [replace(d, severity="error") for d in diags.items]
                raise BuildFailed(diags)
            try:
                build_id = tree.publish(keys)
            except OSError as exc:
                raise _tree_failed(exc, diags) from None
        watch.lap("write")
        if self.caches is not None:
            # The live site's keys, and those of the site before it, now in the workspace.
            self.caches.trees = {build_id: keys}
            if tree.live is not None and tree.live_keys:
                self.caches.trees[tree.live.build] = dict(tree.live_keys)
        if options.cache:
            self._save_disk_cache(config, site, documents, diags, keys, bundle, now)
            watch.lap("save cache")
        return BuildResult(
            site,
            diags,
            tree.stats,
            time.perf_counter() - started,
            config.output_path,
            pages,
            frozenset(rendered),
            watch.laps,
        )

    def _load_disk_cache(self, config: SiteConfig) -> None:
        state = cache.load_state(config)
        manifest = cache.load_manifest(config)
        if state is not None and manifest is not None and self.caches is not None:
            self.caches.documents = state["documents"]
            self.caches.config = state["config"]
            self.caches.trees = state["trees"]

    def _save_disk_cache(
        self,
        config: SiteConfig,
        site: Site,
        documents: list[Document],
        diags: Diagnostics,
        keys: dict[str, bytes],
        bundle: list[str],
        now: datetime,
    ) -> None:
        assert self.caches is not None
        due = next_change(documents, now, self.options.future)
        manifest = cache.Manifest(
            fingerprint=cache.inputs_fingerprint(config, self.options),
            posts=len(site.posts),
            pages=len(site.pages),
            warnings=[str(w) for w in diags.sorted() if w.severity == "warning"],
            outputs=sorted(keys) + bundle,  # the search index's files too
            build=tree_id(keys),
            next_due=due.isoformat() if due else None,
        )
        state = {
            "documents": self.caches.documents,
            "config": self.caches.config,
            "trees": self.caches.trees,
            "hashes": self.caches.hashes,
        }
        cache.save(config, manifest, state)


def build(
    site_dir: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BuildResult:
    return Builder(site_dir, options).build(progress, now)
