"""Frontmatter dates: ISO 8601, and the looser forms Hexo (moment.js, js-yaml) accepts.

`2026-02-06`, `2026-02-06T10:30:00`, `2026-02-06 10:30:00 +0800` (Jekyll) and every
other ISO 8601 form are read as they are; without an offset they are in the site's
time zone. Two more forms that Hexo publishes are accepted with a warning that names
the instant used, so that nothing about the date is silently guessed:

- unpadded fields, `2022-05-2` or `2022-5-2 9:05`, a padded one (`2022-010-10`), and
  slashes or dots for dashes (`2022/10/10 14:13:15`, `2022.1.5`): the instant is
  unambiguous (year, month, day, in that order);
- a time of day past its range, `18:51:79`: carried over as JavaScript's Date (and so
  Hexo) does, to 18:52:19.

A day or month out of range (`2026-02-30`, `2026-13-01`) stays an error: rolling it over
would move the post to another day without the author noticing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

_LOOSE = re.compile(
    r"^(\d{4})([-/.])(\d{1,3})\2(\d{1,3})"
    r"(?:[T ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?$"
)


@dataclass(frozen=True)
class ParsedDate:
    when: datetime
    note: str = ""  # set when the text was not ISO 8601: how it was read


def parse_datetime(value: Any, tz: tzinfo) -> datetime | None:
    """YYYY-MM-DD or ISO 8601 with or without offset (no offset: `tz`); None otherwise."""
    parsed = read_date(value, tz)
    return parsed.when if parsed is not None and not parsed.note else None


def read_date(value: Any, tz: tzinfo) -> ParsedDate | None:
    """The instant `value` names, or None when it names none."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return _loose(text, tz)
    else:
        return None
    return ParsedDate(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz))


def _loose(text: str, tz: tzinfo) -> ParsedDate | None:
    match = _LOOSE.match(text)
    if match is None:
        return None
    year, _separator, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        day_start = datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    clock = timedelta(
        hours=int(hour or 0),
        minutes=int(minute or 0),
        seconds=int(second or 0),
        microseconds=int((fraction or "0").ljust(6, "0")),
    )
    when = (day_start + clock).replace(tzinfo=_offset(offset) if offset else tz)
    return ParsedDate(when, f"read as {when.isoformat(sep=' ')}")


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
