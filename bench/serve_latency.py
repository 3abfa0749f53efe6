"""How long after saving a post `aiblog serve` serves the rebuilt page (1,000-post corpus).

    python bench/serve_latency.py --posts 1000 [--runs 5]

Starts the real `aiblog serve`, edits one post, and polls the page until the new text is
served; reports milliseconds from the save (the debounce wait included).
"""

from __future__ import annotations

import argparse
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


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
        latencies = []
        for run in range(args.runs):
            marker = f"第{run}次修改标记"
            text = post.read_text(encoding="utf-8")
            time.sleep(0.5)  # let the previous rebuild settle
            saved = time.perf_counter()
            post.write_text(text.replace("## 分析", f"## 分析 {marker}", 1), encoding="utf-8")
            while marker not in fetch(url):
                time.sleep(0.005)
            latencies.append((time.perf_counter() - saved) * 1000)
            post.write_text(text, encoding="utf-8")
            while marker in fetch(url):
                time.sleep(0.005)
        print(f"aiblog serve, {args.posts} posts: save → rebuilt page served")
        print(
            f"  median {statistics.median(latencies):.0f} ms, min {min(latencies):.0f} ms, max {max(latencies):.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
