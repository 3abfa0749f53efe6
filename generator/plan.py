"""Stage 5: the output plan. Every file the build writes is listed here once, before
anything is rendered, by the output kind that makes it (generator/outputs/): two sources
for one path are an error naming both, a name no file system takes is an error at the
line that made it, and every later stage (keys, rendering, writing) works from the list.

An `Output` is plain data (it crosses process pools and is kept between builds): its path,
its kind and the kind's arguments, and what it shows (posts in full, posts as cards, any
other data as text), from which its cache key is made (see speed/incremental.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Diagnostics

if TYPE_CHECKING:
    from generator.model import Site

# File systems (ext4, APFS, NTFS) allow names of 255 bytes at most.
NAME_MAX = 255


@dataclass(frozen=True)
class Output:
    path: str  # the file under the output dir, posix ("posts/x/index.html")
    kind: str  # the output kind that makes it (outputs/__init__.py)
    args: tuple = ()  # what that kind needs to make it: plain values (indices, names)
    shows: tuple[int, ...] = ()  # posts shown in full (a post page, feed entries)
    cards: tuple[int, ...] = ()  # posts shown as cards (lists, neighbours, related posts)
    extra: str = ""  # anything else it shows, as text (part of its key)
    origin: str = ""  # the source it is made from, for messages ("content/posts/x.md")
    line: int | None = None  # the line of that source that names it (its slug)
    copy_of: Path | None = None  # copied as is from this file
    data: bytes | None = None  # its bytes, when the plan already knows them
    yields: bool = False  # a site file (robots.txt) a static file of the same path replaces
    own_key: bool = False  # `extra` names all it shows: keyed by it alone, not the site's salt

    @property
    def rendered(self) -> bool:
        return self.copy_of is None and self.data is None


@dataclass(frozen=True)
class Plan:
    outputs: tuple[Output, ...]

    def paths(self) -> set[str]:
        return {output.path for output in self.outputs}


def make_plan(outputs: Iterable[Output], diags: Diagnostics) -> Plan:
    """The outputs, one per path. A static file over a site file that yields to it (a
    user's own robots.txt) wins with a warning; any other two outputs on one path are an
    error naming both."""
    by_path: dict[str, Output] = {}
    for output in outputs:
        _check_name(output, diags)
        other = by_path.get(output.path)
        if other is None:
            by_path[output.path] = output
        elif other.yields and output.copy_of is not None:
            by_path[output.path] = output
            diags.warning(output.origin, None, f"replaces the /{output.path} aiblog makes")
        elif output.yields and other.copy_of is not None:
            diags.warning(other.origin, None, f"replaces the /{output.path} aiblog makes")
        else:
            _collision(other, output, diags)
    return Plan(tuple(by_path.values()))


def _collision(first: Output, second: Output, diags: Diagnostics) -> None:
    path = f"/{first.path}"
    if first.origin and second.origin:
        diags.error(
            second.origin,
            second.line,
            f"{path} would be written twice: by this and by {first.origin}",
        )
        return
    theirs = first if first.origin else second
    diags.error(
        theirs.origin or path,
        theirs.line,
        f"would write {path}, which aiblog makes itself (its {(second if theirs is first else first).kind} page)",
    )


def _check_name(output: Output, diags: Diagnostics) -> None:
    """Every file and folder name of the path fits a file system: a 300-character slug
    fails here, before anything is written, not half-way through the build."""
    if len(output.path) * 4 <= NAME_MAX:  # UTF-8 takes 4 bytes a character at most
        return
    longest = max(output.path.split("/"), key=lambda name: len(name.encode()))
    if len(longest.encode()) > NAME_MAX:
        diags.error(
            output.origin or output.path,
            output.line,
            f"the output {output.path[:60]}… has a name of {len(longest.encode())} bytes; "
            f"file systems allow {NAME_MAX}: shorten the slug",
        )


def paginate(items: list[int], per_page: int) -> list[list[int]]:
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def plan_copies(site: Site, theme_dirs: list[Path], diags: Diagnostics) -> list[Output]:
    """The files the site copies as they are (static files, page bundles' assets): what a
    cover or an image may name, so the site's covers are resolved against them before the
    other outputs are planned (a post whose cover names no file gets a social card)."""
    from generator.outputs import KINDS

    return [
        output for kind in KINDS if kind.copies for output in kind.plan(site, theme_dirs, diags)
    ]


def plan_site(
    site: Site, theme_dirs: list[Path], diags: Diagnostics, copies: list[Output] | None = None
) -> Plan:
    """Every output of `site`, from every output kind (`copies`: those of `plan_copies`,
    already planned)."""
    from generator.outputs import KINDS

    outputs: list[Output] = []
    for kind in KINDS:
        if kind.copies and copies is not None:
            outputs.extend(o for o in copies if o.kind == kind.name)
        else:
            outputs.extend(kind.plan(site, theme_dirs, diags))
    return make_plan(outputs, diags)
