"""Process pools for reading and rendering. Fork: workers inherit the parent's loaded
modules, compiled templates and the site without pickling; they die with the parent (a
killed build leaves none behind)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from generator.procs import die_with_parent

# Below this many items a process pool costs more than it saves.
PARALLEL_THRESHOLD = 64


def workers(jobs: int | None, items: int) -> int:
    if items < PARALLEL_THRESHOLD:
        return 1
    return max(1, jobs or os.cpu_count() or 1)


def pool(
    count: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    return ProcessPoolExecutor(
        count, mp_context=context, initializer=_start, initargs=(initializer, initargs)
    )


def _start(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    die_with_parent()
    if initializer is not None:
        initializer(*initargs)
