"""How long after saving a post `aiblog serve` serves the rebuilt page (1,000-post corpus),
and how long until its search index (made in the background) has the edit too.

    python bench/serve_latency.py --posts 1000 [--runs 5]

Starts the real `aiblog serve` and does what a reader's browser does: it listens to the
live-reload event stream, and when the rebuild's event arrives it fetches the page once (the
new text must be there). Reports milliseconds from the save to the page read, the debounce
wait included. (Polling the page every few ms instead would time the poller: each request
takes the server's GIL from the rebuild.)
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from generator.livereload import EVENTS_PATH  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


class Events:
    """The live-reload event stream, read as the injected script reads it."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.connection.request("GET", EVENTS_PATH)
        self.response = self.connection.getresponse()
        self.epoch = self._next_state()["epoch"]  # the state when we connected

    def _next_state(self) -> dict:
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise SystemExit("the event stream closed")
            if line.startswith("data: "):
                return json.loads(line[6:])

    def next_build(self) -> None:
        """Wait for the event of a rebuild after the one seen last."""
        while True:
            state = self._next_state()
            if state.get("error"):
                raise SystemExit(f"the rebuild failed: {state['error']}")
            if state["epoch"] != self.epoch:
                self.epoch = state["epoch"]
                return

    def close(self) -> None:
        self.connection.close()


def index_state(bundle_url: str) -> str:
    """The entry files of every shard of the search index (a shard made again has a new
    one: it names the index files by their hash)."""
    shards = json.loads(fetch(f"{bundle_url}shards.json"))["shards"]
    return "".join(fetch(f"{bundle_url}{shard}/pagefind-entry.json") for shard in shards)


def wait_for_index(bundle_url: str, before: str | None, timeout: float = 120) -> str:
    """Poll the search index until it differs from `before` (a new index)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = index_state(bundle_url)
            if state != before:
                return state
        except (OSError, ValueError):
            pass  # not there yet, or being replaced
        time.sleep(0.05)
    raise SystemExit("the search index did not follow the edit")


def summary(ms: list[float]) -> str:
    return f"median {statistics.median(ms):.0f} ms, min {min(ms):.0f} ms, max {max(ms):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="aiblog-serve-bench-"))
    site = generate(workdir / "site", args.posts)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = ""
        while "Serving" not in line:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                raise SystemExit("aiblog serve exited")
        url = f"http://127.0.0.1:{port}/posts/post-00010/"
        post = site / "content" / "posts" / "post-00010.md"
        entry_url = f"http://127.0.0.1:{port}/pagefind/"
        entry = wait_for_index(entry_url, None)  # the first index, made after the first build
        events = Events(port)
        latencies, indexed = [], []
        for run in range(args.runs):
            marker = f"第{run}次修改标记"
            text = post.read_text(encoding="utf-8")
            time.sleep(0.5)  # let the previous rebuild settle
            saved = time.perf_counter()
            post.write_text(text.replace("## 分析", f"## 分析 {marker}", 1), encoding="utf-8")
            events.next_build()
            page = fetch(url)
            latencies.append((time.perf_counter() - saved) * 1000)
            assert marker in page, "the reload event came before the new page"
            entry = wait_for_index(entry_url, entry)  # the search follows, in the background
            indexed.append((time.perf_counter() - saved) * 1000)
            post.write_text(text, encoding="utf-8")
            events.next_build()
            entry = wait_for_index(entry_url, entry)  # settled before the next run
        events.close()
        print(f"aiblog serve, {args.posts} posts: save → rebuilt page served")
        print(f"  {summary(latencies)}")
        print("save → search index updated (in the background, after the reload)")
        print(f"  {summary(indexed)}")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
