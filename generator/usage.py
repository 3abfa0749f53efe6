"""Command-line parsing that guides: each subcommand answers a wrong flag with its own
usage, a mistyped command or flag gets a "did you mean", and bad values say what is
expected in the author's words (argparse would say "invalid _jobs value")."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Sequence
from typing import Any


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """' (did you mean X?)' for the closest choice, or '' when none is close. Flags are
    compared without their dashes, which would make every pair of flags look alike."""
    bare = {choice.lstrip("-"): choice for choice in choices}
    close = difflib.get_close_matches(word.lstrip("-"), list(bare), n=1, cutoff=0.75)
    return f" (did you mean {bare[close[0]]}?)" if close else ""


class CommandParser(argparse.ArgumentParser):
    """The parser of one subcommand.

    Options and positionals may come in any order (`aiblog new TITLE --tags a,b SITE_DIR`:
    plain argparse would leave SITE_DIR over), and an unknown flag is reported with this
    subcommand's usage: plain argparse hands it back to the top-level parser, which prints
    the top-level usage instead.
    """

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._intermixing:  # Python 3.11's parse_known_intermixed_args calls back here
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            parsed, extras = self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False
        if extras:
            flags = [o for action in self._actions for o in action.option_strings]
            hints = "".join(did_you_mean(e, flags) for e in extras if e.startswith("-"))
            self.error(f"unrecognized arguments: {' '.join(extras)}{hints}")
        return parsed, extras


def check_command(parser: argparse.ArgumentParser, argv: Sequence[str], commands: Any) -> None:
    """Exit 2 with a "did you mean" when the first word is not a command (argparse lists
    every choice but does not say which one was meant)."""
    word = next((a for a in argv if not a.startswith("-")), None)
    if word is not None and word not in commands:
        parser.error(
            f"unknown command {word!r}{did_you_mean(word, list(commands))}; "
            f"the commands are {', '.join(commands)} (`aiblog COMMAND --help` for each)"
        )


def whole_number(
    flag: str, minimum: int, maximum: int | None, example: str
) -> Callable[[str], int]:
    """An argparse `type` for a bounded whole number with a message naming the flag."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; {example}") from None
        if value < minimum or (maximum is not None and value > maximum):
            upper = f" and at most {maximum}" if maximum is not None else ""
            raise argparse.ArgumentTypeError(f"{flag} must be at least {minimum}{upper}; {example}")
        return value

    return convert
