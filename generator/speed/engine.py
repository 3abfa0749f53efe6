"""The engine: what a builder keeps between builds (in memory for `aiblog serve`, in
`.aiblog-cache/` for `aiblog build`), and the fast ways the build reads and renders with
it. build.py calls `read`, `render` and `remember`; nothing else of this reaches it.

- Reading parses only sources that changed since they were cached: a cached document is
  found by the file's size and modification time, else by its content (a fresh checkout
  in CI touches every file), and read again when an image it shows changed.
- Rendering keys every output (incremental.py), lets the work tree keep or link what an
  earlier build made with the same key (write.py), and renders the rest in worker
  processes that write what they render.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from generator import markdown
from generator.config import SiteConfig
from generator.errors import BuildFailed, Diagnostic, Diagnostics, Problem
from generator.markdown import images
from generator.markdown.options import markdown_options
from generator.model import Document, Site
from generator.options import BuildOptions
from generator.plan import Plan
from generator.publication import next_change
from generator.read import read_document
from generator.render import Renderer, cannot_write, make
from generator.sources import SourceFile
from generator.speed import diskcache, pool
from generator.speed.incremental import CardHashes, FileHashes, OutputKeys
from generator.speed.memory import Freezer
from generator.templating import compile_theme
from generator.write import WorkTree, tree_id

Progress = Callable[[str, int, int], None]
Cached = tuple[Document | None, list[Diagnostic]]


@dataclass
class Caches:
    # Parsed documents by (source path, mtime, size), and by (source path, content hash).
    documents: dict[tuple[str, int, int], Cached] = field(default_factory=dict)
    by_content: dict[tuple[str, str], Cached] = field(default_factory=dict)
    config: SiteConfig | None = None  # the config they were parsed with
    # The keys of the outputs of the live site and of the one before (kept as the next
    # work tree), by tree id: see write.py.
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)
    hashes: FileHashes = field(default_factory=dict)  # copied files' content hashes
    # Cards' hashes by what their views are made of (`aiblog serve`: not saved to disk).
    card_hashes: CardHashes = field(default_factory=dict)


class Engine:
    def __init__(self, options: BuildOptions, serving: bool = False) -> None:
        self.options = options
        self.serving = serving  # `aiblog serve`: caches in memory, process kept warm
        self.caches = Caches() if serving or options.cache else None
        self.freezer = Freezer(enabled=not serving)
        self.warmed = False

    # -- a build's life ----------------------------------------------------------------

    @contextmanager
    def session(self, config: SiteConfig) -> Iterator[None]:
        if self.options.cache and self.caches is not None and not self.caches.documents:
            self._load(config)
        if not self.options.cache:
            diskcache.forget(config)  # its record of this output would no longer be true
        try:
            yield
        finally:
            self.freezer.thaw()

    def workspace(self, config: SiteConfig) -> Path | None:
        """Where the site before last is kept as the next work tree (None: not kept)."""
        return diskcache.workspace(config) if self.caches is not None else None

    @property
    def trees(self) -> dict[str, dict[str, bytes]]:
        return self.caches.trees if self.caches is not None else {}

    # -- reading -------------------------------------------------------------------------

    def read(
        self,
        config: SiteConfig,
        sources: list[SourceFile],
        diags: Diagnostics,
        progress: Progress | None,
        meanwhile: Callable[[], None],
    ) -> list[Document]:
        """Every source read and analysed; the parent runs `meanwhile` while workers parse."""
        caches = self.caches
        if caches is not None and caches.config != config:
            caches.documents.clear()  # the config shapes parsing (base path, sections…)
            caches.by_content.clear()
            caches.config = config
        site_dir = os.path.join(config.site_dir, "")
        stats = [_stat_key(site_dir, s) if caches is not None else None for s in sources]
        results: dict[int, Cached] = {}
        todo: list[int] = []
        for n, source in enumerate(sources):
            found = self._cached(site_dir, source, stats[n])
            if found is not None:
                results[n] = found
            else:
                todo.append(n)
        count = pool.workers(self.options.jobs, len(todo))
        if count == 1:
            meanwhile()
            for n in todo:
                results[n] = _read(config, sources[n])
        else:
            with pool.pool(count) as workers:
                chunk = max(1, len(todo) // (count * 8))
                batch = [sources[n] for n in todo]
                mapped = workers.map(_read, [config] * len(todo), batch, chunksize=chunk)
                meanwhile()
                for done, (n, result) in enumerate(zip(todo, mapped, strict=True)):
                    results[n] = result
                    if progress:
                        progress("read", done + 1, len(todo))
        if caches is not None:
            caches.documents = {stats[n]: results[n] for n in results if stats[n] is not None}
            caches.by_content = {
                (doc.source, doc.source_hash): results[n]
                for n in results
                if (doc := results[n][0]) is not None
            }
        documents = []
        drafts_built = self.options.visibility.drafts
        for n in range(len(sources)):
            document, found_diags = results[n]
            if sources[n].in_drafts and not drafts_built:
                found_diags = [_not_built(d) for d in found_diags]
            diags.extend(found_diags)
            if document is not None:
                documents.append(document)
        if self.serving and not self.warmed:  # the next rebuilds parse in this process
            languages = {lang for d in documents for lang in d.code_languages}
            markdown.warm(markdown_options(config), languages)
            self.warmed = True
        self.freezer.freeze()
        return documents

    def _cached(
        self, site_dir: str, source: SourceFile, stat: tuple[str, int, int] | None
    ) -> Cached | None:
        if self.caches is None or stat is None:
            return None
        found = self.caches.documents.get(stat)
        if found is None and self.caches.by_content:
            # Another modification time (a fresh checkout): the same bytes are the same.
            try:
                data = Path(site_dir + source.rel).read_bytes()
            except OSError:
                return None
            found = self.caches.by_content.get((source.rel, _content_hash(data)))
        document = found[0] if found is not None else None
        if document is None or (document.assets, document.asset_dir) != (
            source.assets,
            source.asset_dir,
        ):
            return None
        if not images.unchanged(document.image_files):
            return None  # an image it shows changed size, appeared or went away
        return found

    # -- rendering -----------------------------------------------------------------------

    def render(
        self,
        site: Site,
        plan: Plan,
        dirs: list[Path],
        fingerprint: str,
        tree: WorkTree,
        progress: Progress | None,
        managed: tuple[str, ...] = (),
    ) -> tuple[dict[str, bytes], set[str]]:
        """Fill the work tree with every output of the plan: what it holds already or the
        live site holds unchanged is kept, the rest is made. Returns every output's key and
        the paths rendered by templates now. Problem if one cannot be made."""
        bytecode = diskcache.bytecode_dir(site.config) if self.options.cache else None
        renderer = Renderer(site, dirs, bytecode, fingerprint)
        caches = self.caches
        hashes = caches.hashes if caches is not None else {}
        card_hashes = caches.card_hashes if caches is not None and self.serving else None
        keyer = OutputKeys(site, renderer.views, fingerprint, hashes, card_hashes)
        keys = {output.path: keyer.key(output) for output in plan.outputs}
        try:
            todo = set(tree.settle(keys, managed))
        except OSError as exc:
            raise Problem(
                str(exc.filename or "output"), None, f"cannot prepare the site: {exc.strerror}"
            ) from None
        rendered = [n for n, o in enumerate(plan.outputs) if o.path in todo and o.rendered]
        _render_in_workers(renderer, plan, rendered, dirs, tree.root, self.options.jobs, progress)
        tree.stats.written += len(rendered)
        for output in plan.outputs:
            if output.path in todo and not output.rendered:
                try:
                    if output.copy_of is not None:
                        tree.copy(output.path, output.copy_of)
                    else:
                        tree.write(output.path, output.data or b"")
                except OSError as exc:
                    where = output.origin or output.path
                    raise Problem(where, None, cannot_write(output.path, exc)) from None
        return keys, {plan.outputs[n].path for n in rendered}

    # -- after a build ---------------------------------------------------------------------

    def remember(
        self,
        config: SiteConfig,
        site: Site,
        documents: list[Document],
        diags: Diagnostics,
        keys: dict[str, bytes],
        tree: WorkTree,
        managed_files: list[str],
        now: datetime,
    ) -> None:
        """Keep the keys of the trees now live and kept; with the disk cache, save it."""
        if self.caches is None:
            return
        self.caches.trees = {tree_id(keys): keys}
        if tree.live is not None and tree.live_keys:
            self.caches.trees[tree.live.build] = dict(tree.live_keys)
        if not self.options.cache:
            return
        due = next_change(documents, now, self.options.future)
        manifest = diskcache.Manifest(
            fingerprint=diskcache.inputs_fingerprint(config, self.options),
            posts=len(site.posts),
            pages=len(site.pages),
            warnings=[str(w) for w in diags.sorted() if w.severity == "warning"],
            outputs=sorted(keys) + managed_files,
            build=tree_id(keys),
            next_due=due.isoformat() if due else None,
        )
        # Documents by content are the same documents: derived again on load (stored, they
        # doubled the state file, 15 MB at 1,000 posts, and its load and save times).
        state = {
            "documents": self.caches.documents,
            "config": self.caches.config,
            "trees": self.caches.trees,
            "hashes": self.caches.hashes,
        }
        diskcache.save(config, manifest, state)

    def _load(self, config: SiteConfig) -> None:
        state = diskcache.load_state(config)
        if state is not None and diskcache.load_manifest(config) is not None:
            assert self.caches is not None
            self.caches.documents = state["documents"]
            self.caches.by_content = {
                (doc.source, doc.source_hash): cached
                for cached in state["documents"].values()
                if (doc := cached[0]) is not None
            }
            self.caches.config = state["config"]
            self.caches.trees = state["trees"]
            self.caches.hashes = state.get("hashes", {})


def _not_built(diagnostic: Diagnostic) -> Diagnostic:
    """A problem of a file under `_drafts/` in a build without drafts: a warning, as Jekyll
    and Hexo never read their drafts then (`--drafts` makes it an error again)."""
    if diagnostic.severity != "error":
        return diagnostic
    return replace(
        diagnostic, severity="warning", message=f"{diagnostic.message} (a draft, not built)"
    )


def compile_templates(dirs: list[Path], options: BuildOptions, config: SiteConfig) -> None:
    """Compile every template ahead (in the parent, while read workers parse: forked render
    workers inherit them)."""
    compile_theme(dirs, diskcache.bytecode_dir(config) if options.cache else None)


def _stat_key(site_dir: str, source: SourceFile) -> tuple[str, int, int] | None:
    """`site_dir` ends with a separator. (A string path: a Path per file cost a serve
    rebuild 10 ms at 1,000 posts.)"""
    try:
        stat = os.stat(site_dir + source.rel)
    except OSError:
        return None
    return (source.rel, stat.st_mtime_ns, stat.st_size)


def _content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read(config: SiteConfig, source: SourceFile) -> Cached:
    try:
        data = (config.site_dir / source.rel).read_bytes()
    except OSError as exc:
        return None, [Diagnostic(source.rel, None, f"cannot read file: {exc.strerror}")]
    return read_document(config, source, data)


# The renderer and plan of the site being built, for render workers: set in the parent
# just before the pool forks, so that workers inherit them (with compiled templates).
_inherited: tuple[Renderer, Plan, list[Path], str] | None = None


def _render_in_workers(
    renderer: Renderer,
    plan: Plan,
    todo: list[int],
    dirs: list[Path],
    root: Path,
    jobs: int | None,
    progress: Progress | None,
) -> None:
    global _inherited
    count = pool.workers(jobs, len(todo))
    if count == 1:
        for done, n in enumerate(todo):
            if progress and done % 50 == 0:
                progress("render", done + 1, len(todo))
            make(plan.outputs[n], renderer, str(root), dirs)
        return
    slices = _slices(plan, todo, count)
    _inherited = (renderer, plan, dirs, str(root))
    try:
        with pool.pool(count) as workers:
            futures = [workers.submit(_render_slice, part) for part in slices]
            for done, future in enumerate(futures):
                future.result()
                if progress:
                    progress("render", done + 1, len(futures))
    finally:
        _inherited = None


def _slices(plan: Plan, todo: list[int], workers: int) -> list[list[int]]:
    """The outputs to render, in parts for `workers` workers. Outputs of a kind made
    `together` go first, in one part per two workers (the rest fills the other workers
    meanwhile), or one per worker when there is less of the rest than of them (a change
    to cards alone); the others in interleaved parts, so that every worker gets a share
    of posts, lists and feeds."""
    from generator.outputs import BY_NAME

    together: dict[str, list[int]] = {}
    spread: list[int] = []
    for n in todo:
        kind = plan.outputs[n].kind
        if BY_NAME[kind].together:
            together.setdefault(kind, []).append(n)
        else:
            spread.append(n)
    slices = []
    for group in together.values():
        parts = workers if len(spread) < len(group) else max(1, workers // 2)
        slices += [group[k::parts] for k in range(parts)]
    slices += [spread[k :: workers * 4] for k in range(workers * 4)]
    return [part for part in slices if part]


def _render_slice(indices: list[int]) -> None:
    assert _inherited is not None, "render workers are forked from the parent"
    renderer, plan, dirs, root = _inherited
    for n in indices:
        make(plan.outputs[n], renderer, root, dirs)


def stop_on_problem(diags: Diagnostics, problem: Problem) -> BuildFailed:
    diags.error(problem.path, problem.line, problem.message)
    return BuildFailed(diags)
