"""Stage 7: publish the site, atomically, touching only files aiblog wrote.

The output dir is never written into. Each build fills a *work tree* on the same file
system and then exchanges it with the output dir in one step (swap.py): readers, the
preview server and a `kill -9` at any moment see the complete old site or the complete
new one. A failed build leaves the work tree behind and the output as it was.

Every tree aiblog publishes holds a record, `.aiblog-output.json`: the files aiblog wrote
and the id of the build. It is how aiblog knows the output dir is its own, and which of
its files are someone else's (a deploy checkout's `.git`, a verification file): those are
carried into every new tree, never deleted.

Rebuilds stay fast by reusing trees: with the build cache, the tree swapped out last time
(the site before last) is kept in the cache dir and becomes the next work tree. Given
the key of every planned output in that tree and in the live one (see speed/), a rebuild
keeps what it already holds, hard-links what the live site holds unchanged, and writes
only the rest. Without the cache the work tree starts empty beside the output dir and
the old tree is removed after the swap.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.errors import UsageError
from generator.paths import display_path, is_within
from generator.swap import exchange, recover

RECORD = ".aiblog-output.json"
RECORD_FORMAT = 1
ADOPT_FLAG = "--adopt-output"
Keys = Mapping[str, bytes]  # output path → what its bytes are a function of


@dataclass(frozen=True)
class Record:
    build: str
    files: frozenset[str]
    # Folders aiblog owns whole, whose files a tool other than the renderer makes (the
    # search index): their names change from build to build, so they are not listed.
    managed: tuple[str, ...] = ()

    def owns(self, path: str) -> bool:
        return path in self.files or path.startswith(self.managed)


def read_record(tree: Path) -> Record | None:
    try:
        data = json.loads((tree / RECORD).read_text(encoding="utf-8"))
        if data.get("format") != RECORD_FORMAT:
            return None
        return Record(str(data["build"]), frozenset(data["files"]), tuple(data.get("managed", ())))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def claim(output: Path, site_dir: Path, sources: list[Path], adopt: bool = False) -> None:
    """Refuse (UsageError) an output dir that would overwrite the site's own files, or
    one that holds files aiblog did not write (unless `adopt`, the user's explicit yes).
    `sources`: what must never be inside the output, nor contain it (content, themes…)."""
    out, site = output.resolve(), site_dir.resolve()
    shown = display_path(out)
    if out == site or is_within(site, out):
        raise UsageError(
            f"output dir {shown} is the site folder or holds it: building there would "
            "replace your sources; choose a folder of its own, e.g. public/"
        )
    for source in sources:
        source = source.resolve()
        if out == source or is_within(out, source) or is_within(source, out):
            raise UsageError(
                f"output dir {shown} overlaps {display_path(source)}: building there would "
                "replace your sources; choose a folder of its own, e.g. public/"
            )
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(f"output dir {shown} exists and is not a folder")
    if adopt or not out.is_dir() or read_record(out) is not None:
        return
    with os.scandir(out) as entries:
        if next(entries, None) is None:
            return
    raise UsageError(
        f"output dir {shown} holds files aiblog did not write; to keep them safe aiblog "
        f"will not build there. Choose an empty or new folder, or pass {ADOPT_FLAG} to "
        "build into it (its other files are kept)"
    )


def _files_under(root: Path, writable: list[bool] | None = None) -> set[str]:
    """Relative posix paths of every file (and symlink) under `root`, and of every empty
    folder (with a trailing `/`): someone's empty folder is theirs too. With `writable`,
    it is set to [False] when a folder cannot be written to (made read-only by hand)."""
    found: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        empty = True
        if writable is not None and not os.access(folder, os.W_OK):
            writable[:] = [False]
        with os.scandir(folder) as entries:  # one system call per folder
            for entry in entries:
                empty = False
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                else:
                    found.add(prefix + entry.name)
        if empty and prefix:
            found.add(prefix)

    with contextlib.suppress(FileNotFoundError):
        walk(str(root), "")
    return found


def _remove_tree(path: Path) -> None:
    def writable(func, target, _exc):  # type: ignore[no-untyped-def]
        # A folder made read-only inside an old tree must not keep it alive.
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(target), stat.S_IRWXU)
            func(target)

    if path.exists() or path.is_symlink():
        shutil.rmtree(path, onerror=writable)


def replace_file(target: str, data: bytes) -> None:
    """Write `data` at `target` as a new file: the old one may be a hard link shared with
    the live site, which must not change."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    try:
        handle = open(target, "wb")  # noqa: SIM115 - retried below
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = open(target, "wb")  # noqa: SIM115
    with handle:
        handle.write(data)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` by a rename: readers and a killed process see the old
    file or the new one (the cache's files; a site's files are swapped in whole)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _link_or_copy(source: str, target: str) -> None:
    """`target` made a hard link to `source` (a copy where links cannot be made). The
    common case first, one system call: a folder is made, or an old file removed, only
    when the link fails for want of it (`makedirs` on every file, its folder there
    already, cost a fresh checkout's build 0.45 s of failing `mkdir`s on overlayfs)."""
    try:
        _link(source, target)
    except FileExistsError:
        os.unlink(target)
        _link(source, target)
    except FileNotFoundError:
        if not os.path.lexists(source):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _link(source, target)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)  # a copy never writes into a file the live site may share
        shutil.copy2(source, target, follow_symlinks=False)


# Where a hard link cannot be made (another file system, a file system without them, the
# most links a file may have): the file is copied.
_NO_LINKS = (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP)


@dataclass
class WriteStats:
    written: int = 0  # rendered or copied by this build
    unchanged: int = 0  # kept from an earlier build (in the work tree, or linked)
    removed: int = 0  # in the live site, not in the new one


@dataclass
class WorkTree:
    """The next output, being made. Paths are posix, relative to the output dir."""

    root: Path
    output: Path
    own_keys: dict[str, bytes]  # what `root` holds, trusted, by path
    own_files: set[str]
    live: Record | None
    live_files: set[str]
    live_keys: Keys
    stats: WriteStats = field(default_factory=WriteStats)
    planned: set[str] = field(default_factory=set)
    managed: tuple[str, ...] = ()
    published: bool = False
    kept: bool = False  # in the cache's workspace: kept for the next build

    def settle(self, planned: Keys, managed: tuple[str, ...] = ()) -> list[str]:
        """Make the tree hold every planned output it can without making it again (kept, or
        linked from the live site where its key there is the same), remove what was not
        planned, carry the live site's foreign files; return the paths still to make.
        `managed`: folders (`pagefind/`) whose files another tool brings up to date in the
        tree after this: left as they are."""
        self.planned, self.managed = set(planned), managed
        root, live = str(self.root) + "/", str(self.output) + "/"
        live_own = self.live.files if self.live is not None else frozenset()
        live_managed = self.live.managed if self.live is not None else ()
        todo: list[str] = []
        for path, key in planned.items():
            if path in self.own_files and self.own_keys.get(path) == key:
                self.stats.unchanged += 1
            elif path in live_own and path in self.live_files and self.live_keys.get(path) == key:
                _link_or_copy(live + path, root + path)
                self.stats.unchanged += 1
            else:
                todo.append(path)
        foreign = {
            path
            for path in self.live_files - live_own - self.planned - {RECORD}
            if not path.startswith(live_managed) and not path.startswith(managed)
        }
        # A managed folder starts as the live site has it, or as this tree has it when the
        # live site has none (a fresh checkout with its cache): its tool then updates only
        # what changed (the search index re-indexes only shards whose pages changed).
        live_index = {p for p in self.live_files if p.startswith(managed) and not p.endswith("/")}
        if not managed or not live_managed:
            live_index = set()
        emptied: set[str] = set()
        for path in self.own_files - self.planned:
            if path.startswith(managed):
                if live_index and path not in live_index and not path.endswith("/"):
                    os.unlink(root + path)
                    emptied.add(os.path.dirname(path))
                continue
            if path.endswith("/"):
                if path not in foreign:
                    emptied.add(path.rstrip("/"))
            elif path not in foreign or not _same_file(live + path, root + path):
                os.unlink(root + path)
                emptied.add(os.path.dirname(path))
        for path in live_index:
            if path not in self.own_files or not _same_file(live + path, root + path):
                _link_or_copy(live + path, root + path)
        for path in foreign:
            if path.endswith("/"):
                os.makedirs(root + path, exist_ok=True)
            elif path not in self.own_files or not _same_file(live + path, root + path):
                _link_or_copy(live + path, root + path)
        _remove_empty(self.root, emptied)
        self.stats.removed = len(live_own - self.planned)
        return todo

    def write(self, path: str, data: bytes) -> None:
        replace_file(f"{self.root}/{path}", data)
        self.stats.written += 1

    def copy(self, path: str, source: Path) -> None:
        target = f"{self.root}/{path}"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        try:
            shutil.copyfile(source, target)
        except FileNotFoundError:
            if not source.exists():
                raise
            os.makedirs(os.path.dirname(target), exist_ok=True)  # only when missing (see above)
            shutil.copyfile(source, target)
        self.stats.written += 1

    def publish(self, keys: Keys) -> str:
        """Record what aiblog wrote, then swap the tree in. Returns the tree's id."""
        build = tree_id(keys)
        record = {
            "format": RECORD_FORMAT,
            "generator": f"aiblog {__version__}",
            "build": build,
            "files": sorted(self.planned),
            "managed": list(self.managed),
        }
        replace_file(f"{self.root}/{RECORD}", json.dumps(record, indent=0).encode())
        if self.output.is_dir():
            exchange(self.root, self.output)
        elif self.kept:
            # No site yet (a first build, a fresh checkout in CI with its cache restored):
            # the new site is a tree of hard links to this one, which stays in the cache,
            # so that the next build (the next CI run) starts from it.
            staging = self.output.parent / (_staging_name(self.output) + secrets.token_hex(4))
            _link_tree(self.root, staging)
            os.rename(staging, self.output)
        else:
            os.rename(self.root, self.output)
        self.published = True
        return build


def _link_tree(source: Path, target: Path) -> None:
    """`target` made to hold what `source` holds, every file a hard link (a copy across
    file systems)."""
    for folder, _dirs, files in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(into, exist_ok=True)
        for name in files:
            if name == RECORD and folder == str(source):  # each tree's record is its own
                shutil.copyfile(os.path.join(folder, name), os.path.join(into, name))
            else:
                _link_or_copy(os.path.join(folder, name), os.path.join(into, name))


def tree_id(keys: Keys) -> str:
    """A tree's id is made of its content (its outputs' keys): the same site built twice
    gives the same record, byte for byte."""
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(keys):
        digest.update(path.encode() + b"\0" + keys[path])
    return digest.hexdigest()


def _same_file(a: str, b: str) -> bool:
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _remove_empty(root: Path, folders: set[str]) -> None:
    """Remove folders (and their parents) left empty by removed files."""
    for folder in sorted(folders, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(root / folder)
            except OSError:
                break
            folder = os.path.dirname(folder)


def _staging_name(output: Path) -> str:
    return f".{output.name}.aiblog-new-"


def _tree_in(workspace: Path, output: Path) -> Path:
    ident = hashlib.blake2b(str(output).encode(), digest_size=6).hexdigest()
    return workspace / f"tree-{ident}"


_LOCKS: set[int] = set()


def _close_locks_in_child() -> None:
    # A forked worker shares the lock's open file: if it outlived a killed build it would
    # hold the lock, and every later build would wait for it.
    for fd in _LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCKS.clear()


os.register_at_fork(after_in_child=_close_locks_in_child)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One build at a time per output folder's parent (a lock on the folder itself)."""
    fd = os.open(folder, os.O_RDONLY)
    _LOCKS.add(fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        _LOCKS.discard(fd)
        os.close(fd)


@contextlib.contextmanager
def work_tree(
    output: Path, workspace: Path | None, trees: Mapping[str, Keys]
) -> Iterator[WorkTree]:
    """The work tree of one build, while the output dir's parent is locked. `workspace`:
    the build cache's dir, where the tree swapped out is kept for the next build (None:
    a fresh tree, and the old one removed after the swap); `trees`: the keys of the outputs
    of earlier builds, by build id (a tree whose id is not there is not reused). The body
    ends with `publish()`, or the work tree is removed and the output stays as it was."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output.parent):
        recover(output)
        for leftover in output.parent.glob(_staging_name(output) + "*"):
            _remove_tree(leftover)  # from a build that was killed
        live = read_record(output) if output.is_dir() else None
        tree = _prepare(output, workspace, trees)
        tree.live = live
        tree.live_files = _files_under(output)
        tree.live_keys = trees.get(live.build, {}) if live is not None else {}
        try:
            yield tree
        finally:
            # Unpublished: a failed build's half tree. Published without a workspace: the
            # old site, swapped out. With one, the old site stays for the next build.
            if workspace is None or not tree.published:
                _remove_tree(tree.root)


def _prepare(output: Path, workspace: Path | None, trees: Mapping[str, Keys]) -> WorkTree:
    if workspace is not None:
        root = _tree_in(workspace, output)
        kept = read_record(root)
        if kept is not None and kept.build in trees:
            writable = [True]
            files = _files_under(root, writable) - {RECORD}
            if writable[0]:  # else a folder was made read-only while it was the live site
                (root / RECORD).unlink()  # from here on a killed build leaves it untrusted
                tree = WorkTree(root, output, dict(trees[kept.build]), files, None, set(), {})
                tree.kept = True
                return tree
        _remove_tree(root)
        root.mkdir(parents=True)
        tree = WorkTree(root, output, {}, set(), None, set(), {})
        tree.kept = True
        return tree
    while True:  # not mkdtemp: its 0o700 would become the site's; mkdir honours the umask
        root = output.parent / (_staging_name(output) + secrets.token_hex(4))
        try:
            root.mkdir()
        except FileExistsError:
            continue
        return WorkTree(root, output, {}, set(), None, set(), {})
