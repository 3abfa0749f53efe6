"""Exchange two directories in one atomic step, so that a path names the complete old tree
or the complete new one at every moment, even if the process is killed.

Linux has renameat2(RENAME_EXCHANGE) and macOS renamex_np(RENAME_SWAP). Elsewhere two
renames leave a moment where the output is missing; `recover()` puts the old tree back if a
build was killed in that moment.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276}


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def _exchange_native(a: bytes, b: bytes) -> bool:
    """True when done; False when this platform has no atomic exchange."""
    if _LIBC is None:
        return False
    if sys.platform.startswith("linux"):
        if hasattr(_LIBC, "renameat2"):
            result = _LIBC.renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
        elif (number := _SYS_RENAMEAT2.get(os.uname().machine)) is not None:
            result = _LIBC.syscall(number, _AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
        else:
            return False
    elif sys.platform == "darwin" and hasattr(_LIBC, "renamex_np"):
        result = _LIBC.renamex_np(a, b, _RENAME_SWAP)
    else:
        return False
    if result != 0:
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False  # an old kernel or a file system without exchange
        raise OSError(code, os.strerror(code), os.fsdecode(b))
    return True


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}.aiblog-aside")


def exchange(new: Path, live: Path) -> None:
    """Afterwards `live` holds what `new` held and `new` what `live` held. `live` must exist."""
    if _exchange_native(os.fsencode(new), os.fsencode(live)):
        return
    aside = _aside(live)
    os.rename(live, aside)  # from here until the next rename, recover() undoes a kill
    os.rename(new, live)
    os.rename(aside, new)


def recover(live: Path) -> None:
    """A build killed between the two renames of the fallback left `live` missing and the
    old tree aside: put it back."""
    aside = _aside(live)
    if aside.is_dir() and not live.exists():
        os.rename(aside, live)
