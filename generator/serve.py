"""`aiblog serve`: build with drafts and future posts, serve the output under base_url's
path, watch the sources, rebuild what changed and reload open pages.

Watch callbacks only record changes; one builder thread debounces and rebuilds (MkDocs'
livereload design). Each successful build bumps an epoch that open pages follow over
Server-Sent Events; a failed build keeps the last good site and sends its errors instead.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.build import Builder, BuildOptions
from generator.config import load_config
from generator.errors import BuildFailed, Diagnostics, UsageError
from generator.paths import is_hidden
from generator.preview_http import BuildState, bind
from generator.search import BUNDLE_DIR
from generator.search_background import BackgroundIndexer
from generator.themes import default_theme_dir

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

DEBOUNCE_SECONDS = 0.05
# watchdog event types that mean a file changed ("closed" is a close after writing).
WRITE_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})


# -- watching and rebuilding -------------------------------------------------------------


class ChangeCollector:
    """Watchdog callbacks land here; they only record what changed."""

    def __init__(self, roots: list[Path], ignored_dirs: list[Path]) -> None:
        self.roots = [r.resolve() for r in roots]
        self.ignored = [d.resolve() for d in ignored_dirs]
        self.paths: set[str] = set()
        self.last = 0.0
        self.event = threading.Event()
        self.lock = threading.Lock()

    def wanted(self, path: str) -> bool:
        """Sources only: not the output, not `.git`/`.venv` or other hidden folders, not
        editor swap and backup files (the one rule of paths.is_hidden)."""
        p = Path(path)
        if p.name.isdigit():  # vim's "4913" write test, a file for an instant
            return False
        if any(d == p or d in p.parents for d in self.ignored):
            return False
        root = next((r for r in self.roots if r in p.parents), None)
        if root is None:
            return False
        return not any(is_hidden(part) for part in p.relative_to(root).parts)

    def dispatch(self, event: object) -> None:
        kind = getattr(event, "event_type", "")
        # Opening and reading files (the build itself does) are not changes.
        if kind not in WRITE_EVENTS or (
            getattr(event, "is_directory", False) and kind == "modified"
        ):
            return
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        wanted = [str(p) for p in paths if p and self.wanted(str(p))]
        if wanted:
            with self.lock:
                self.paths.update(wanted)
                self.last = time.monotonic()
            self.event.set()

    def take(self) -> list[str]:
        """Block until changes, then until they have been quiet for DEBOUNCE_SECONDS."""
        self.event.wait()
        while True:
            with self.lock:
                quiet = time.monotonic() - self.last
            if quiet >= DEBOUNCE_SECONDS:
                break
            time.sleep(DEBOUNCE_SECONDS - quiet)
        with self.lock:
            paths, self.paths = sorted(self.paths), set()
            self.event.clear()
        return paths


class Preview:
    def __init__(
        self, site_dir: Path, base_url: str, output: Path, out: TextIO, err: TextIO
    ) -> None:
        self.builder = Builder(
            site_dir, BuildOptions(output=output, base_url=base_url, preview=True), keep_caches=True
        )
        self.out, self.err = out, err
        self.search = BackgroundIndexer(err)  # after each build, without delaying its reload
        # The index lives beside the site, which every build swaps for a new tree; the
        # server serves it at `pagefind/` (see BuildState.mounts).
        self.search_bundle = search_bundle_dir(output)

    def rebuild(self, state: BuildState, reason: str) -> bool:
        started = time.perf_counter()
        try:
            result = self.builder.build()
        except UsageError as exc:
            self.err.write(f"aiblog serve: {exc}\n")
            state.published(str(exc))
            return False
        except BuildFailed as failed:
            lines = [str(d) for d in failed.diagnostics.sorted()]
            self.err.write(
                "\n".join(lines) + "\nBuild failed; still serving the last good build.\n"
            )
            state.published("\n".join(lines))
            return False
        except Exception as exc:  # a bug must not take the preview down; show it
            self.err.write(f"aiblog: internal error while building: {exc!r}\n")
            state.published(f"internal error: {exc!r}")
            return False
        for warning in result.diagnostics.warnings:
            self.err.write(f"{warning}\n")
        ms = (time.perf_counter() - started) * 1000
        self.out.write(
            f"{reason}: {result.rendered} of {result.pages} pages rendered, "
            f"{result.written.written} files written in {ms:.0f} ms\n"
        )
        self.out.flush()
        state.published(None)
        if result.site.config.search:
            self.search.request(result.site, result.output_dir, self.search_bundle)
        return True


def search_bundle_dir(output: Path) -> Path:
    return output.parent / f".{output.name}.{BUNDLE_DIR}"


def serve(
    site_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    output: Path | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> int:
    site_dir = site_dir.resolve()
    diags = Diagnostics()
    config = load_config(site_dir, diags)
    if config is None:
        for item in diags.sorted():
            err.write(f"{item}\n")
        return 1
    temporary = Path(tempfile.mkdtemp(prefix="aiblog-serve-")) if output is None else None
    # In a folder of its own: the build keeps its work trees beside the output.
    out_dir = temporary / "site" if temporary is not None else output.resolve()  # type: ignore[union-attr]
    state = BuildState(out_dir, config.base_path, {f"{BUNDLE_DIR}/": search_bundle_dir(out_dir)})
    try:
        server = bind(host, port, state, err)
    except OSError as exc:
        err.write(f"aiblog: cannot listen on {host}:{port}: {exc.strerror or exc}\n")
        return 2
    actual_port = server.server_address[1]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{actual_port}{config.base_path}"
    theme = default_theme_dir().resolve()
    collector = ChangeCollector(
        [site_dir, theme], [out_dir, site_dir / config.output_dir, site_dir / ".aiblog-cache"]
    )
    observer = None
    preview = None
    try:  # from here on, Ctrl-C (wherever it lands) stops cleanly
        preview = Preview(site_dir, url, out_dir, out, err)
        preview.rebuild(state, "Built")
        observer = _watch(collector, [site_dir, theme])

        def rebuild_loop() -> None:
            while not state.stopping:
                changed = collector.take()
                if state.stopping:
                    return
                shown = [_rel(p, site_dir) for p in changed if Path(p).exists()] or [
                    "(deleted files)"
                ]
                preview.rebuild(
                    state, "Changed " + ", ".join(shown[:3]) + (" …" if len(shown) > 3 else "")
                )

        threading.Thread(target=rebuild_loop, name="aiblog-rebuild", daemon=True).start()
        threading.Thread(target=server.serve_forever, name="aiblog-http", daemon=True).start()
        out.write(f"Serving {url} (drafts and future posts included). Press Ctrl-C to stop.\n")
        out.flush()
        if open_browser:
            webbrowser.open(url)
        if ready is not None:
            ready.set()
        if stop is not None:
            stop.wait()
        else:
            _wait_forever()
    except KeyboardInterrupt:
        out.write("\nStopped.\n")
        out.flush()
    finally:
        state.stop()
        collector.event.set()
        server.shutdown()
        server.server_close()
        if observer is not None:
            # watchdog's stop closes inotify and can wait on its reader: never hang the exit.
            stopper = threading.Thread(target=observer.stop, daemon=True)
            stopper.start()
            stopper.join(timeout=2)
        if preview is not None:
            preview.search.stop()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


def _watch(collector: ChangeCollector, roots: list[Path]) -> BaseObserver:
    """Watch the site (content, themes, site.yml) and the default theme, unless inside it."""
    from watchdog.observers import Observer

    observer = Observer()
    scheduled: list[Path] = []
    for root in roots:
        if not any(root == s or s in root.parents for s in scheduled):
            observer.schedule(collector, str(root), recursive=True)  # type: ignore[arg-type]
            scheduled.append(root)
    observer.start()
    return observer


def _wait_forever() -> None:
    while True:
        time.sleep(3600)


def _rel(path: str, site_dir: Path) -> str:
    try:
        return Path(path).resolve().relative_to(site_dir).as_posix()
    except ValueError:
        return path
