"""Build benchmark: ms per post for a clean build, a no-change rebuild and a one-post edit.

    python bench/run.py --posts 1000 [--posts 10000] [--jobs N]

Each measurement runs the real `aiblog build` command in a fresh process. Peak memory is
resident memory summed over the whole process tree (workers included), sampled from /proc.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

AIBLOG = [sys.executable, "-m", "generator", "build", "--quiet"]


def _tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        rss[int(entry)] = int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak MiB of the process tree)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit {code}")
    return elapsed, peak / 1024


def bench(posts: int, jobs: int | None, workdir: Path) -> list[tuple[str, float, float]]:
    site = generate(workdir / f"site-{posts}", posts)
    out = workdir / f"out-{posts}"
    command = [*AIBLOG, str(site), "--output", str(out)] + (["--jobs", str(jobs)] if jobs else [])
    rows = []
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(site / ".aiblog-cache", ignore_errors=True)
    rows.append(("clean build", *measure(command, site)))
    rows.append(("no-change rebuild", *measure(command, site)))
    target = site / "content" / "posts" / "post-00000.md"
    target.write_text(
        target.read_text(encoding="utf-8").replace("## 分析", "## 分析（改）"), encoding="utf-8"
    )
    rows.append(("one-post edit", *measure(command, site)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", type=Path, help="work in this dir and keep it")
    args = parser.parse_args()
    sizes = args.posts or [1000]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="aiblog-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"aiblog build benchmark on {os.cpu_count()} cores\n")
    print(f"{'posts':>6}  {'measurement':<18} {'wall s':>8} {'ms/post':>8} {'peak MiB':>9}")
    try:
        for posts in sizes:
            for name, seconds, mib in bench(posts, args.jobs, workdir):
                print(
                    f"{posts:>6}  {name:<18} {seconds:>8.2f} {seconds * 1000 / posts:>8.2f} {mib:>9.0f}"
                )
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
