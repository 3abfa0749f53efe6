"""The `aiblog` command line. Exit status: 0 success, 1 content errors, 2 usage errors."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator import __version__, check_cli
from generator.errors import BuildFailed, Diagnostics, UsageError
from generator.options import BuildOptions
from generator.paths import display_path
from generator.progress import ProgressBar
from generator.usage import CommandParser, check_command, whole_number

if TYPE_CHECKING:
    from generator.speed.diskcache import Manifest

# The renderer (Jinja2, markdown-it, Pygments) is imported only when a build must run: a
# no-change `aiblog build` answers from the cache manifest without it.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def print_diagnostics(diags: Diagnostics, stream: TextIO, quiet: bool = False) -> None:
    for item in diags.sorted():
        if quiet and item.severity == "warning":
            continue
        stream.write(f"{item}\n")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="aiblog", description="A static-site blog generator for AI commentary."
    )
    p.add_argument("--version", action="version", version=f"aiblog {__version__}")
    sub = p.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    jobs = whole_number("--jobs", 1, None, "give the number of worker processes, e.g. --jobs 4")
    port = whole_number("--port", 1, 65535, "give a TCP port, e.g. --port 8080")

    b = sub.add_parser("build", help="build the site")
    b.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    b.add_argument("--output", "-o", type=Path, help="output dir (default: public/ under SITE_DIR)")
    b.add_argument("--drafts", action="store_true", help="include drafts")
    b.add_argument("--future", action="store_true", help="include posts dated in the future")
    b.add_argument("--base-url", help="override base_url of site.yml")
    b.add_argument("--jobs", "-j", type=jobs, help="worker processes (default: all cores)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    b.add_argument("--no-cache", action="store_true", help="ignore and do not write .aiblog-cache/")
    b.add_argument("--timings", action="store_true", help="print the seconds each stage took")
    b.add_argument(
        "--adopt-output",
        action="store_true",
        help="build into a non-empty output dir that aiblog did not make (its files are kept)",
    )

    s = sub.add_parser("serve", help="build, serve, watch and live-reload")
    s.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=port, default=8000)
    s.add_argument("--open", action="store_true", help="open the site in a browser")
    s.add_argument("--output", "-o", type=Path, help=argparse.SUPPRESS)

    d = sub.add_parser("deploy", help="build and commit the site to the GitHub Pages branch")
    d.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    d.add_argument("--remote", default="origin")
    d.add_argument("--branch", default="gh-pages")
    d.add_argument("--no-push", action="store_true", help="commit only, do not push")
    d.add_argument("--message", "-m", help="commit message (the source commit is always named)")
    d.add_argument("--allow-dirty", action="store_true", help="deploy uncommitted changes too")

    i = sub.add_parser("init", help="scaffold a new blog")
    i.add_argument("site_dir", type=Path, metavar="DIR")
    i.add_argument("--title", help="the blog's title (asked on a terminal when missing)")
    i.add_argument(
        "--base-url",
        help="the address the blog is published at (default: the GitHub Pages address of "
        "DIR's git origin; asked on a terminal)",
    )
    i.add_argument("--force", action="store_true", help="replace files init wrote before")
    i.add_argument(
        "--install",
        metavar="SPEC",
        help=f"what the GitHub workflow installs (default: aiblog=={__version__}); "
        "e.g. git+https://github.com/OWNER/aiblog@v0.2.0",
    )

    check_cli.add_parser(sub)

    n = sub.add_parser("new", help="write a new post with the section skeleton")
    n.add_argument("title", metavar="TITLE")
    n.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    n.add_argument("--slug")
    n.add_argument("--tags", default="", help="comma-separated tags")
    n.add_argument("--lang", choices=["zh", "en"], default=None)
    n.add_argument("--publish", action="store_true", help="write a published post, not a draft")
    return p


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = BuildOptions(
        output=args.output.resolve() if args.output else None,
        drafts=args.drafts,
        future=args.future,
        base_url=args.base_url,
        jobs=args.jobs,
        strict=args.strict,
        cache=not args.no_cache,
        adopt_output=args.adopt_output,
    )
    if refused := _refuse_base_url(args, err):
        return refused
    started = time.perf_counter()
    try:
        if options.cache and (unchanged := _unchanged(args.site_dir, options)):
            manifest, output_dir = unchanged
            seconds = time.perf_counter() - started
            _summary(
                args,
                out,
                err,
                (manifest.posts, manifest.pages, manifest.warnings),
                seconds,
                output_dir,
                True,
            )
            return EXIT_OK
        from generator.build import build

        bar = ProgressBar(err, enabled=False if args.quiet else None)
        try:
            result = build(args.site_dir, options, progress=bar)
        finally:
            bar.close()
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics, err, args.quiet)
        errors = len(failed.diagnostics.errors)
        err.write(f"Build failed: {_count(errors, 'error')}; the previous output is unchanged.\n")
        return EXIT_CONTENT
    warnings = [str(w) for w in result.diagnostics.sorted() if w.severity == "warning"]
    counts = (len(result.site.posts), len(result.site.pages), warnings)
    _summary(args, out, err, counts, result.seconds, result.output_dir, False)
    if args.timings:
        for stage, seconds in result.timings.items():
            err.write(f"  {stage:<17} {seconds:6.2f} s\n")
    return EXIT_OK


def _refuse_base_url(args: argparse.Namespace, err: TextIO) -> int | None:
    """A placeholder or hostless base_url stops the build before anything is written."""
    from generator.baseurl import check_base_url

    refusal = check_base_url(args.site_dir.resolve(), args.base_url)
    if refusal is None:
        return None
    err.write(f"{refusal.text}\n")
    if refusal.usage:
        return EXIT_USAGE
    err.write("Build failed: 1 error; the previous output is unchanged.\n")
    return EXIT_CONTENT


def _unchanged(site_dir: Path, options: BuildOptions) -> tuple[Manifest, Path] | None:
    """The last build's manifest when nothing changed since (see cache.py)."""
    from generator.config import configure
    from generator.speed import diskcache as cache

    config = configure(site_dir.resolve(), options, Diagnostics())
    manifest = cache.up_to_date(config, options, datetime.now(UTC))
    return (manifest, config.output_path) if manifest is not None else None


def _summary(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    counts: tuple[int, int, list[str]],
    seconds: float,
    output_dir: Path,
    unchanged: bool,
) -> None:
    """Warnings, then one line: posts, pages, warnings, seconds (nothing with --quiet)."""
    if args.quiet:
        return
    posts, pages, warnings = counts
    for warning in warnings:
        err.write(f"{warning}\n")
    note = " (nothing changed)" if unchanged else ""
    out.write(
        f"Built {_count(posts, 'post')}, {_count(pages, 'page')}, "
        f"{_count(len(warnings), 'warning')} in {seconds:.2f} s{note} → {display_path(output_dir)}\n"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from generator.config import load_config
    from generator.i18n import family
    from generator.scaffold import new_post
    from generator.slugs import path_segment_problem

    diags = Diagnostics()
    config = load_config(args.site_dir.resolve(), diags)
    if config is None:
        print_diagnostics(diags, err)
        return EXIT_CONTENT
    tags = [t.strip() for t in args.tags.replace("，", ",").split(",") if t.strip()]
    if args.slug and (problem := path_segment_problem(args.slug)):
        err.write(f"aiblog new: --slug {args.slug!r} {problem}\n")
        return EXIT_USAGE
    lang = args.lang or family(config.language)
    now = datetime.now(config.tz).replace(microsecond=0)
    try:
        path = new_post(args.site_dir, args.title, args.slug, tags, lang, now, not args.publish)
    except FileExistsError as exc:
        err.write(f"{exc.filename}: already exists; not overwritten (choose another --slug)\n")
        return EXIT_USAGE
    if args.publish:
        out.write(f"Wrote {display_path(path.resolve())}: published by the next build or deploy.\n")
    else:
        out.write(
            f"Wrote {display_path(path.resolve())}: a draft (`draft: true`), shown by `serve` and left "
            "out of `build` and `deploy` until you delete that line.\n"
        )
    return EXIT_OK


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM stop `serve` cleanly, even when it was started with SIGINT
    ignored (as a background job of a script is) and Python installed no handler."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from generator.serve import serve

    if threading.current_thread() is threading.main_thread():
        _stop_on_signals()

    return serve(
        args.site_dir,
        args.host,
        args.port,
        open_browser=args.open,
        output=args.output,
        out=out,
        err=err,
    )


def cmd_deploy(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from generator.deploy import DeployOptions, deploy

    options = DeployOptions(
        remote=args.remote,
        branch=args.branch,
        push=not args.no_push,
        message=args.message,
        allow_dirty=args.allow_dirty,
    )
    return deploy(args.site_dir, options, out, err)


def _ask(prompt: str, default: str) -> str:
    if not sys.stdin.isatty():
        return default
    answer = input(f"{prompt} [{default}]: ").strip()
    return answer or default


def cmd_init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from generator.baseurl import placeholder_problem
    from generator.init_guide import (
        install_note,
        next_steps,
        running_from_a_source_tree,
        starting_base_url,
    )
    from generator.invocation import invoked_as
    from generator.scaffold import init_blog

    title = args.title or _ask("Blog title", "我的 AI 博客")
    base_url, found_in = starting_base_url(args.site_dir)
    if args.base_url:
        base_url, found_in = args.base_url, "--base-url"
    elif sys.stdin.isatty():
        base_url, found_in = _ask("Base URL", base_url), "your answer"
    try:
        written = init_blog(
            args.site_dir,
            title,
            base_url,
            datetime.now().astimezone().replace(microsecond=0),
            args.force,
            args.install,
        )
    except FileExistsError as exc:
        err.write(f"aiblog init: {exc.filename} already exists (--force replaces it)\n")
        return EXIT_USAGE
    for path in written:
        out.write(f"Wrote {path}\n")
    out.write(f"base_url: {base_url} ({found_in})\n")
    workflow = args.site_dir / ".github/workflows/pages.yml"
    out.write(install_note(args.install, running_from_a_source_tree(), workflow))
    placeholder = placeholder_problem(base_url) is not None
    out.write(next_steps(invoked_as(), str(args.site_dir), placeholder))
    return EXIT_OK


COMMANDS = {
    "build": cmd_build,
    "new": cmd_new,
    "serve": cmd_serve,
    "deploy": cmd_deploy,
    "init": cmd_init,
    "check": check_cli.cmd_check,
}


def main(
    argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    cli = parser()
    check_command(cli, argv, COMMANDS)
    args = cli.parse_args(argv)
    if args.command != "init" and not args.site_dir.is_dir():
        err.write(f"aiblog: {args.site_dir}: no such directory\n")
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args, out, err)
    except KeyboardInterrupt:
        err.write("\nStopped.\n")
        return 130
    except UsageError as exc:
        err.write(f"aiblog {args.command}: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:  # the file system said no (permissions, full disk, no git…)
        where = f"{exc.filename}: " if exc.filename else ""
        err.write(f"aiblog: {where}{exc.strerror or exc}\n")
        return EXIT_CONTENT
