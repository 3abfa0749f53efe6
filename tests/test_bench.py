"""The bench scripts still run against the code as it is: each is run once, on a corpus of
a few posts (their figures are not checked here; speed lives in bench/, not in tests). A
refactor that renames what a bench imports fails here, not in the next session's bench.
Lighthouse (npm, a minute a page) and the peers (Hugo and Pelican downloads) are left out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RUNS = {
    "cards": ["--posts", "4", "--builds", "1"],
    "markdown_cost": ["--posts", "4", "--repeat", "1"],
    "tags": ["--sizes", "20", "--skip-builds"],
    "run": ["--posts", "12"],
    "serve_latency": ["--posts", "12", "--runs", "1"],
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_a_bench_script_runs_and_reports(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / f"{script}.py"), *RUNS[script]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert any(ch.isdigit() for ch in done.stdout), done.stdout  # it printed its figures


def test_every_bench_script_is_run_here_or_named_as_left_out() -> None:
    # lighthouse and peers: see the docstring; generate and search_index: run.py runs them
    left_out = {"lighthouse", "peers", "generate", "search_index"}
    scripts = {p.stem for p in (ROOT / "bench").glob("*.py")}
    assert scripts - left_out == set(RUNS), "a new bench script: run it in RUNS above"
