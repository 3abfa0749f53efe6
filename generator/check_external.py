"""`aiblog check --external`: do the site's links to other hosts answer?

Each URL gets a HEAD request, and a GET when HEAD is answered with an error (many servers
refuse HEAD). Requests run a few at a time, each with a timeout, and never more often than
one per `per_host_interval` seconds to one host. Links that answered well are remembered
in a cache file for `CACHE_DAYS`, so that a re-run asks only about new links (and again
about the ones that failed)."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator import __version__

CACHE_DAYS = 7
USER_AGENT = f"aiblog-check/{__version__} (link checker)"


@dataclass(frozen=True)
class LinkStatus:
    url: str
    ok: bool
    status: int | None  # HTTP status, None when there was no answer
    reason: str = ""

    def describe(self) -> str:
        if self.status is not None:
            return f"answered {self.status}{f' {self.reason}' if self.reason else ''}"
        return self.reason or "no answer"


@dataclass(frozen=True)
class ExternalOptions:
    timeout: float = 10.0  # seconds per request
    concurrency: int = 8  # requests at a time
    per_host_interval: float = 1.0  # seconds between two requests to one host


class HostPacer:
    """Spaces the requests to each host by `interval` seconds."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = self.clock()
            at = max(now, self._next.get(host, now))
            self._next[host] = at + self.interval
        if at > now:
            time.sleep(at - now)


def probe(url: str, timeout: float) -> LinkStatus:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return LinkStatus(url, True, response.status)
        except urllib.error.HTTPError as exc:
            if method == "GET" or exc.code in (404, 410):  # gone is gone; else try GET
                return LinkStatus(url, False, exc.code, exc.reason or "")
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return LinkStatus(url, False, None, f"no answer within {timeout:g} s")
            return LinkStatus(url, False, None, f"unreachable ({reason})")
    raise AssertionError("unreachable")  # pragma: no cover


class LinkCache:
    """url → when it last answered well, in a JSON file (safe to delete)."""

    def __init__(self, path: Path, now: float) -> None:
        self.path = path
        self.now = now
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.good: dict[str, float] = {
                url: float(when) for url, when in data.get("good", {}).items()
            }
        except (OSError, ValueError, AttributeError, TypeError):
            self.good = {}

    def fresh(self, url: str) -> bool:
        checked = self.good.get(url)
        return checked is not None and self.now - checked < CACHE_DAYS * 86400

    def save(self, results: Iterable[LinkStatus]) -> None:
        for result in results:
            if result.ok:
                self.good[result.url] = self.now
            else:
                self.good.pop(result.url, None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"good": dict(sorted(self.good.items()))}, indent=0), "utf-8")
        os.replace(tmp, self.path)


def check_external(
    urls: Iterable[str], cache_file: Path, options: ExternalOptions | None = None
) -> tuple[list[LinkStatus], int]:
    """The links that failed, and how many were asked about (the rest came from the cache)."""
    options = options or ExternalOptions()
    cache = LinkCache(cache_file, time.time())
    todo = sorted({url for url in urls if not cache.fresh(url)})
    pacer = HostPacer(options.per_host_interval)

    def one(url: str) -> LinkStatus:
        pacer.wait(urlsplit(url).netloc.lower())
        return probe(url, options.timeout)

    with ThreadPoolExecutor(max(1, options.concurrency)) as pool:
        results = list(pool.map(one, todo))
    cache.save(results)
    return [r for r in results if not r.ok], len(todo)
