"""How the author ran aiblog, so that the commands aiblog suggests work when pasted.

`aiblog` when that name on PATH is the script that ran; the script's path as typed
(`.venv/bin/aiblog`) when it is not on PATH; `python -m generator` (with the interpreter
as typed) for the module form.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

MODULE = "generator"


def invoked_as(
    argv: Sequence[str] | None = None,
    orig_argv: Sequence[str] | None = None,
    path: str | None = None,
) -> str:
    """The shell words that run aiblog the way it was run this time. The arguments default
    to this process's (`sys.argv`, `sys.orig_argv`, `$PATH`); tests pass their own."""
    argv = sys.argv if argv is None else argv
    orig_argv = sys.orig_argv if orig_argv is None else orig_argv
    script = argv[0] if argv else ""
    if Path(script).name == "__main__.py":
        # `python -m generator …`: orig_argv holds the interpreter and its options as typed.
        for i, word in enumerate(orig_argv):
            if word == "-m":
                return shlex.join(orig_argv[: i + 2])
            if word == f"-m{MODULE}":
                return shlex.join(orig_argv[: i + 1])
    if Path(script).name != "aiblog":
        return "aiblog"  # embedded (tests call main()): the installed name
    on_path = shutil.which("aiblog", path=path if path is not None else os.environ.get("PATH"))
    if on_path and _same_file(on_path, script):
        return "aiblog"
    return shlex.quote(script)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
