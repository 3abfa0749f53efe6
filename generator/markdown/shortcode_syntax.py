"""The syntax of shortcodes as Hugo, Liquid (Jekyll), Hexo and Zola write them, read into
one `Tag` value:

    {{< name arg key="value" >}}  {{% name %}}  {{< /name >}}  {{</ name >}}  {{< name />}}
    {% name arg key:value %} … {% endname %}
    {{ name(key=value) }}          {% name(key="v") %} … {% end %}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Shortcodes whose inner text is code or data, passed as written (never parsed).
RAW_INNER = frozenset(
    {"highlight", "codeblock", "code", "math", "katex", "mermaid", "raw", "comment"}
)

_WORD = re.compile(r"[\w./-]+")
_VALUE = r"""("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|\[[^\]]*\]|{rest})"""
# Hugo and Zola: `key=value`, Zola's separated by commas; Liquid and Hexo: by spaces only
# (`mark:1,7-8` is one value, `David Levithan, Wide Awake` four words).
_ARG = re.compile(
    r"\s*(?:([A-Za-z_][\w-]*)\s*(=)\s*)?" + _VALUE.format(rest=r"[^\s,)]+") + r"\s*,?"
)
_LIQUID_ARG = re.compile(
    r"\s*(?:([A-Za-z_][\w-]*)\s*([=:])\s*)?" + _VALUE.format(rest=r"\S+") + r"\s*"
)


@dataclass(frozen=True)
class Tag:
    form: str  # "hugo", "liquid" or "zola"
    name: str
    args: tuple[str, ...] = ()
    kwargs: dict[str, str] = field(default_factory=dict)
    closing: bool = False  # {{< /name >}}, {% endname %}, {% end %}
    self_closing: bool = False  # {{< name />}}, Zola's {{ name() }}
    escaped: bool = False  # Hugo's {{</* name */>}}: to be shown as written, unescaped
    end: int = 0  # index in the source just after the tag
    text: str = ""  # the tag as written

    def closes(self, opening: Tag) -> bool:
        if not self.closing:
            return False
        if opening.form == "zola":
            return self.form == "liquid" and self.name == "end"
        return self.form == opening.form and self.name == opening.name

    @property
    def raw_inner(self) -> bool:
        return self.name in RAW_INNER or self.name.endswith(".inline")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner
    return value


def parse_args(text: str, colon_pairs: bool) -> tuple[tuple[str, ...], dict[str, str]]:
    """Positional and named arguments. `colon_pairs`: Hexo's `lang:js mark:1,3` (a URL's
    `https://…` stays positional)."""
    args: list[str] = []
    kwargs: dict[str, str] = {}
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = (_LIQUID_ARG if colon_pairs else _ARG).match(text, pos)
        if not match or match.end() == pos:
            break
        key, sep, value = match.group(1), match.group(2), match.group(3)
        if key and (sep == "=" or (colon_pairs and not value.startswith("//"))):
            kwargs[key] = _unquote(value)
        elif key:  # `http:` of a URL, or a colon pair where none are read
            args.append(key + sep + _unquote(value))
        else:
            args.append(_unquote(value))
        pos = match.end()
    return tuple(args), kwargs


def _find_end(src: str, pos: int, limit: int, closer: str) -> int:
    """Index of `closer` after `pos`, outside quotes; -1 if none before `limit`."""
    quote = ""
    i = pos
    while i < limit:
        char = src[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif src.startswith(closer, i):
            return i
        elif char == "\n" and src.startswith("\n\n", i):
            return -1  # a tag does not span a blank line
        i += 1
    return -1


def parse_tag(src: str, pos: int, limit: int) -> Tag | None:
    """The shortcode tag starting at `src[pos]`, or None."""
    if not src.startswith("{", pos) or pos + 2 >= limit:
        return None
    second, third = src[pos + 1], src[pos + 2]
    if second == "{" and third in "<%":
        return _hugo(src, pos, limit, third)
    if second == "%":
        return _liquid(src, pos, limit)
    if second == "{":
        return _zola_call(src, pos, limit)
    return None


def _hugo(src: str, pos: int, limit: int, delim: str) -> Tag | None:
    closer = (">" if delim == "<" else "%") + "}}"
    body_start = pos + 3
    escaped = src.startswith("/*", body_start)
    if escaped:
        end = src.find("*/" + closer, body_start, limit)
        if end < 0:
            return None
        return Tag("hugo", "", escaped=True, end=end + 5, text=src[pos : end + 5])
    end = _find_end(src, body_start, limit, closer)
    if end < 0:
        return None
    body = src[body_start:end].strip()
    closing = body.startswith("/")
    body = body[1:].strip() if closing else body
    self_closing = body.endswith("/")
    body = body[:-1].strip() if self_closing else body
    name_match = _WORD.match(body)
    if not name_match:
        return None
    args, kwargs = parse_args(body[name_match.end() :], colon_pairs=False)
    return Tag(
        "hugo",
        name_match.group(),  # as the template's file is named (Hugo's names keep their case)
        args,
        kwargs,
        closing=closing,
        self_closing=self_closing,
        end=end + 3,
        text=src[pos : end + 3],
    )


def _liquid(src: str, pos: int, limit: int) -> Tag | None:
    end = _find_end(src, pos + 2, limit, "%}")
    if end < 0:
        return None
    body = src[pos + 2 : end].strip().strip("-").strip()
    name_match = _WORD.match(body)
    if not name_match:
        return None
    name = name_match.group().lower()
    rest = body[name_match.end() :].strip()
    text = src[pos : end + 2]
    if rest.startswith("(") and rest.endswith(")"):  # Zola: {% name(k=v) %} … {% end %}
        args, kwargs = parse_args(rest[1:-1], colon_pairs=False)
        return Tag("zola", name, args, kwargs, end=end + 2, text=text)
    if name == "end":
        return Tag("liquid", "end", closing=True, end=end + 2, text=text)
    if name.startswith("end") and not rest:
        return Tag("liquid", name[3:], closing=True, end=end + 2, text=text)
    args, kwargs = parse_args(rest, colon_pairs=True)
    return Tag("liquid", name, args, kwargs, end=end + 2, text=text)


def _zola_call(src: str, pos: int, limit: int) -> Tag | None:
    """`{{ name(k=v) }}`: only a call is a shortcode (`{{ x }}` in prose is text)."""
    match = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\(").match(src, pos, limit)
    if not match:
        return None
    close = _find_end(src, match.end(), limit, ")")
    if close < 0:
        return None
    tail = re.compile(r"\)\s*\}\}").match(src, close, limit)
    if not tail:
        return None
    args, kwargs = parse_args(src[match.end() : close], colon_pairs=False)
    return Tag(
        "zola",
        match.group(1).lower(),
        args,
        kwargs,
        self_closing=True,
        end=tail.end(),
        text=src[pos : tail.end()],
    )


def unescape_hugo(text: str) -> str:
    """`{{</* x */>}}` as Hugo shows it: `{{< x >}}`."""
    return (
        text.replace("{{</*", "{{<")
        .replace("*/>}}", ">}}")
        .replace("{{%/*", "{{%")
        .replace("*/%}}", "%}}")
    )
