"""The preview server's HTTP side: which file a request path may serve (never one outside
the output dir), the live-reload event stream, and binding a free port."""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

from generator.livereload import EVENTS_PATH, inject

PORT_ATTEMPTS = 20
TEXT_TYPES = (
    "text/",
    "application/xml",
    "application/json",
    "application/javascript",
    "image/svg+xml",
)


# -- what a request path serves (pure: unit-tested for traversal) -------------------------


@dataclass(frozen=True)
class Located:
    status: int
    file: Path | None = None
    location: str = ""  # for redirects


# Longer request paths are refused with 414 (a 20,000-segment path is no page of a blog).
MAX_PATH = 4096


def locate(
    out_dir: Path, base_path: str, raw_path: str, mounts: dict[str, Path] | None = None
) -> Located:
    """Map a request path to a file strictly inside `out_dir` (or inside the folder a
    `mounts` prefix, such as `pagefind/`, names)."""
    path = urlsplit(raw_path).path
    if len(path) > MAX_PATH:
        return Located(HTTPStatus.REQUEST_URI_TOO_LONG)
    decoded = unquote(path)
    if "\x00" in decoded or "\\" in decoded:
        return Located(HTTPStatus.BAD_REQUEST)
    if decoded in ("/", base_path.rstrip("/")) and decoded != base_path:
        return Located(HTTPStatus.FOUND, location=base_path)
    if not decoded.startswith(base_path):
        return Located(HTTPStatus.NOT_FOUND)
    rel = decoded[len(base_path) :]
    segments = rel.split("/")
    if any(s in (".", "..") for s in segments) or rel.startswith("/") or "//" in rel:
        return Located(HTTPStatus.FORBIDDEN)
    root = out_dir
    for prefix, folder in (mounts or {}).items():
        if rel.startswith(prefix):
            root, rel = folder, rel[len(prefix) :]
    try:
        root = root.resolve()
        candidate = root / rel if rel else root
        if candidate.is_dir():
            if rel and not rel.endswith("/"):
                return Located(HTTPStatus.MOVED_PERMANENTLY, location=path + "/")
            candidate = candidate / "index.html"
        real = candidate.resolve()
        if root not in real.parents:
            return Located(HTTPStatus.FORBIDDEN)  # a symlink out of the output dir
        if not real.is_file():
            return Located(HTTPStatus.NOT_FOUND)
    except (OSError, RuntimeError):  # a name too long for the file system, a symlink loop
        return Located(HTTPStatus.NOT_FOUND)
    return Located(HTTPStatus.OK, real)


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".xml":
        kind = "application/xml"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


# -- shared state between the builder thread and request handlers ------------------------


class BuildState:
    def __init__(
        self, out_dir: Path, base_path: str, mounts: dict[str, Path] | None = None
    ) -> None:
        self.out_dir = out_dir
        self.base_path = base_path
        self.mounts = mounts or {}  # URL prefix → folder served there, outside the site
        self.epoch = 0
        self.error: str | None = None
        self.changed = threading.Condition()
        self.stopping = False

    def published(self, error: str | None) -> None:
        with self.changed:
            if error is None:
                self.epoch += 1
            self.error = error
            self.changed.notify_all()

    def snapshot(self) -> str:
        return json.dumps({"epoch": self.epoch, "error": self.error})

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # quiet: the terminal is for build messages

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events()
        else:
            self._serve(body=True)

    def _serve(self, body: bool) -> None:
        state = self.server.state
        # Read before the file: a build swapped in meanwhile makes the page newer than its
        # number says (one reload too many), never older (a reload missed).
        epoch = state.epoch
        found, data = self._read(state)
        if found.status in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
            self._send(
                found.status, b"", "text/plain; charset=utf-8", body, {"Location": found.location}
            )
            return
        if found.status == HTTPStatus.OK and found.file is not None and data is not None:
            kind = content_type(found.file)
            if found.file.suffix == ".html":
                data = inject(data, epoch)
            self._send(HTTPStatus.OK, data, kind, body)
            return
        page = _read_bytes(state.out_dir / "404.html")
        if found.status == HTTPStatus.NOT_FOUND and page is not None:
            self._send(HTTPStatus.NOT_FOUND, inject(page, epoch), "text/html; charset=utf-8", body)
        elif state.error and found.status == HTTPStatus.NOT_FOUND:
            message = f"<!DOCTYPE html><html><head><title>aiblog</title></head><body><h1>aiblog</h1><pre>{html.escape(state.error)}</pre></body></html>"
            self._send(
                HTTPStatus.NOT_FOUND,
                inject(message.encode(), epoch),
                "text/html; charset=utf-8",
                body,
            )
        else:
            self._send(
                found.status,
                HTTPStatus(found.status).phrase.encode(),
                "text/plain; charset=utf-8",
                body,
            )

    def _read(self, state: BuildState) -> tuple[Located, bytes | None]:
        """The file the request names and its bytes (whole: a rename mid-read cannot tear
        it). A rebuild can swap the site between finding a file and reading it: then it
        is looked up again, in the new site."""
        for _ in range(2):
            found = locate(state.out_dir, state.base_path, self.path, state.mounts)
            if found.status != HTTPStatus.OK or found.file is None:
                return found, None
            data = _read_bytes(found.file)
            if data is not None:
                return found, data
        return Located(HTTPStatus.NOT_FOUND), None

    def _send(
        self, status: int, data: bytes, kind: str, body: bool, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        # A preview must never show a stale page: browsers revalidate everything.
        self.send_header(
            "Cache-Control", "no-store" if kind.startswith("text/html") else "no-cache"
        )
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = None
        try:
            while True:
                with state.changed:
                    if state.stopping:
                        return
                    current = state.snapshot()
                    if current == sent:
                        state.changed.wait(timeout=15)
                        current = state.snapshot()
                if current != sent:
                    self.wfile.write(f"event: build\ndata: {current}\n\n".encode())
                    sent = current
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a busy port must be seen as busy
    # socketserver's default backlog is 5: a browser opens 6 connections at once, and a
    # connection beyond the backlog waits for the kernel to retry it, a second later.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: BuildState, err: TextIO) -> None:
        super().__init__(address, PreviewHandler)
        self.state = state
        self.err = err

    def handle_error(self, request: object, client_address: object) -> None:
        """socketserver prints a traceback for any exception of a handler. A browser that
        goes away (a reload, a closed tab, a cancelled request) is no error: nothing is
        said. Anything else is one line: the terminal is for the author's messages."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        self.err.write(f"aiblog: a request failed: {type(exc).__name__}: {exc}\n")
        self.err.flush()


def bind(host: str, port: int, state: BuildState, err: TextIO) -> PreviewServer:
    """Bind `port`, or the next free one (said on the terminal)."""
    for attempt in range(PORT_ATTEMPTS):
        try:
            server = PreviewServer((host, port + attempt), state, err)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            continue
        if attempt:
            err.write(f"Port {port} is busy; using {port + attempt} instead.\n")
        return server
    raise OSError(errno.EADDRINUSE, f"ports {port}–{port + PORT_ATTEMPTS - 1} are all busy")
