"""Pagefind as a service (`pagefind --service`): one process makes many bundles.

Pagefind's extended binary loads its Chinese or Japanese dictionary (0.3 s of CPU) once per
process. Run once per shard, as the command line runs it, a clean build of 8 shards loaded
it 8 times, and a one-post edit waited for it before indexing its shard. A service loads
it once, and a build starts one early (`Services.warm`), so that the dictionary loads on a
spare core while the pages render.

The protocol is the one Pagefind's own Node and Python APIs speak: a request is a JSON
object, base64-encoded, then a comma; each response the same, with the request's
`message_id`. (Pagefind's Python package speaks it too, but polls the pipe every 0.1 s:
a tenth of a second for each of the three requests a bundle takes.)
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import selectors
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TIMEOUT = 600.0  # seconds a request may take before the service is given up
_POLL = 0.2  # how often a wait looks at its cancel event
# A page for the dictionary to load on: its words are segmented, and the index is dropped.
_WARM_PAGE = "<html><body><main data-pagefind-body><p>{text}</p></main></body></html>"
_WARM_TEXT = {"zh": "中文分词词典预热", "ja": "日本語の辞書を読み込む"}


class SearchIndexError(Exception):
    """Pagefind could not be run or failed; the message says why."""


class PagefindService:
    """One `pagefind --service` process. Not thread-safe: one bundle at a time (a
    `Services` pool lends each to one thread)."""

    def __init__(self, executable: str, nice: int = 0) -> None:
        # Its stderr, read back for an error message (closed by `close`).
        self._said = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [executable, "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._said,
            )
        except OSError as exc:
            self._said.close()
            raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
        if nice and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):  # it may have ended already
                os.setpriority(os.PRIO_PROCESS, self._process.pid, nice)
        assert self._process.stdout is not None
        # poll(2) underneath: select(2) refuses a descriptor numbered 1024 or more.
        self._ready = selectors.DefaultSelector()
        self._ready.register(self._process.stdout.fileno(), selectors.EVENT_READ)
        self._next_id = 0
        self._buffer = b""
        self._answers: dict[int, dict[str, Any]] = {}
        self._unread: set[int] = set()  # requests whose answers nobody waits for

    def warm(self, language: str, cancel: threading.Event | None = None) -> None:
        """Load `language`'s dictionary now: index a page in it, then drop that index."""
        text = _WARM_TEXT.get(language.split("-")[0].lower())
        if text is None:  # no dictionary to load
            return
        config = {"force_language": language}
        index = self._new_index(config, cancel)
        page = {"type": "AddFile", "index_id": index, "file_path": "warm.html", "url": None}
        page["file_contents"] = _WARM_PAGE.format(text=text)
        self._request(page, cancel)
        self._unread.add(self._send({"type": "DeleteIndex", "index_id": index}))

    def bundle(
        self,
        site: Path,
        language: str,
        output: Path,
        exclude_selectors: list[str],
        cancel: threading.Event | None = None,
    ) -> int:
        """Index every HTML file under `site` into a bundle at `output`; the pages indexed."""
        config = {"force_language": language, "exclude_selectors": exclude_selectors}
        index = self._new_index(config, cancel)
        added = self._request({"type": "AddDir", "index_id": index, "path": str(site)}, cancel)
        written = {"type": "WriteFiles", "index_id": index, "output_path": str(output)}
        self._request(written, cancel)
        with contextlib.suppress(SearchIndexError):  # the bundle is written: not a failure
            self._unread.add(self._send({"type": "DeleteIndex", "index_id": index}))
        count = added.get("page_count")
        return count if isinstance(count, int) else 0

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        self._ready.close()
        with contextlib.suppress(OSError):
            if self._process.stdin:
                self._process.stdin.close()
        self._process.kill()
        self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()
        self._said.close()

    # -- the protocol ------------------------------------------------------------------------

    def _new_index(self, config: dict[str, Any], cancel: threading.Event | None) -> int:
        index = self._request({"type": "NewIndex", "config": config}, cancel).get("index_id")
        if not isinstance(index, int):
            raise SearchIndexError(f"Pagefind made no index (answer: {index!r})")
        return index

    def _request(self, payload: dict[str, Any], cancel: threading.Event | None) -> dict[str, Any]:
        return self._wait(self._send(payload), cancel)

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode()
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except OSError:  # it has stopped: say why
            raise self._stopped() from None
        return self._next_id

    def _wait(self, message_id: int, cancel: threading.Event | None) -> dict[str, Any]:
        """The answer to request `message_id` (answers to others are kept or dropped)."""
        self._unread.discard(message_id)
        deadline = time.monotonic() + TIMEOUT
        while message_id not in self._answers:
            if cancel is not None and cancel.is_set():
                raise SearchIndexError("cancelled")
            if time.monotonic() > deadline:
                raise SearchIndexError(f"Pagefind did not answer within {TIMEOUT:.0f} s")
            self._read_some()
        answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind failed: {answer.get('message', 'no message')}")
        return answer

    def _read_some(self) -> None:
        assert self._process.stdout is not None
        pipe = self._process.stdout.fileno()
        if not self._ready.select(_POLL):
            return
        data = os.read(pipe, 1 << 16)
        if not data:
            raise self._stopped()
        self._buffer += data
        *messages, self._buffer = self._buffer.split(b",")
        for message in messages:
            try:
                answer = json.loads(base64.b64decode(message, validate=True))
            except ValueError:  # not the protocol: another program, or another version
                shown = message[:80].decode(errors="replace")
                raise SearchIndexError(f"Pagefind's answer is not understood: {shown!r}") from None
            if not isinstance(answer, dict):
                raise SearchIndexError(f"Pagefind's answer is not understood: {answer!r}")
            got = answer.get("message_id")
            if got is None:  # a request it could not read: its id is in the message echoed
                given = answer.get("payload")
                original = (
                    given.get("original_message") if isinstance(given, dict) else ""
                ) or "{}"
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    got = json.loads(original).get("message_id")
            payload = answer.get("payload")
            if isinstance(got, int) and got not in self._unread:
                self._answers[got] = payload if isinstance(payload, dict) else {}
            elif isinstance(got, int):
                self._unread.discard(got)

    def _stopped(self) -> SearchIndexError:
        try:  # it closed its end of the pipe: it is ending, or it is stuck
            code = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            code = self._process.wait()
        self._said.seek(0)
        last = self._said.read().decode(errors="replace").strip().splitlines()[-5:]
        return SearchIndexError(
            f"Pagefind failed (exit {code}): " + " / ".join(last or ["no output"])
        )


class Services:
    """Pagefind services for the bundles of one index run, one per thread that asks: the
    first may be started (and warmed) early, others when a second bundle is made at once."""

    def __init__(self, executable: str, nice: int = 0) -> None:
        self._executable = executable
        self._nice = nice
        self._idle: list[PagefindService] = []
        self._all: list[PagefindService] = []
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._closing = threading.Event()  # stops a warm-up still waiting

    def warm(self, language: str) -> None:
        """Start a service and have it load `language`'s dictionary, in the background."""

        def start() -> None:
            try:
                service = self._start()
            except SearchIndexError:
                return  # said again, with its reason, when a bundle asks for a service
            try:
                service.warm(language, self._closing)
            except Exception:  # a warm-up that fails only means no head start
                self._drop(service)  # (the index then starts a service and says what fails)
                return
            with self._lock:
                self._idle.append(service)

        self._warming = threading.Thread(target=start, name="pagefind-warm", daemon=True)
        self._warming.start()

    @contextlib.contextmanager
    def lease(self) -> Iterator[PagefindService]:
        """An idle service (the warmed one first), else a new one; returned when done, or
        stopped when a request failed (its answers would be read as another's)."""
        if self._warming is not None:
            self._warming.join()
        service = self._idle_alive()
        if service is None:
            service = self._start()
        broken = True
        try:
            yield service
            broken = False
        finally:
            if broken:
                self._drop(service)
            else:
                with self._lock:
                    self._idle.append(service)

    def close(self) -> None:
        self._closing.set()
        if self._warming is not None:
            self._warming.join()
        with self._lock:
            services, self._all, self._idle = self._all, [], []
        for service in services:
            service.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _idle_alive(self) -> PagefindService | None:
        """An idle service still running (one that died while idle, killed or out of
        memory, is dropped: its next request would fail)."""
        while True:
            with self._lock:
                if not self._idle:
                    return None
                service = self._idle.pop()
            if service.alive:
                return service
            self._drop(service)

    def _start(self) -> PagefindService:
        service = PagefindService(self._executable, self._nice)
        with self._lock:
            self._all.append(service)
        return service

    def _drop(self, service: PagefindService) -> None:
        with self._lock:
            if service in self._all:
                self._all.remove(service)
        service.close()
