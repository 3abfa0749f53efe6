"""The `aiblog check` subcommand (its own module: cli.py only registers it)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from generator.errors import BuildFailed


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    c = sub.add_parser(
        "check",
        help="build into a temporary dir and report broken links, anchors, feeds and JSON-LD",
    )
    c.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    c.add_argument(
        "--external",
        action="store_true",
        help="also check links to other hosts (cached in .aiblog-cache/external-links.json)",
    )


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Problems on stdout as `path:line: message`; exit 1 if any (or if it does not build)."""
    from generator.check import check_site

    try:
        report = check_site(args.site_dir, external=args.external)
    except BuildFailed as failed:
        for item in failed.diagnostics.sorted():
            err.write(f"{item}\n")
        err.write("Check failed: the site does not build.\n")
        return 1
    for item in report.diagnostics.sorted():
        out.write(f"{item}\n")
    errors = len(report.diagnostics.errors)
    asked = f", {report.external_asked} external asked" if args.external else ""
    out.write(
        f"Checked {report.pages} pages and {report.links} links{asked}: "
        f"{errors} problem{'' if errors == 1 else 's'}.\n"
    )
    return 1 if errors else 0
