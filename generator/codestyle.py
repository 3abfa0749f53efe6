"""aiblog's own code highlighting colours: one light and one dark palette, every token at
4.5:1 or better against the code background of the default theme (and against a
highlighted line's background), as WCAG asks of text.

Pygments' stock styles fail that (e.g. "friendly" puts comments at 2.6:1), so tokens are
mapped to a few roles here (comment, keyword, string…) and each role has one colour per
mode. The stylesheet (`static/pygments.css`) gives every token class a CSS variable of its
role and defines those variables once per mode; the page's theme choice (`data-theme` on
<html>, else the system's) picks the mode, as it picks the page palette in style.css. The
backgrounds themselves (`--code-bg`, `--code-hll`) are the theme's, in style.css.
"""

from __future__ import annotations

from dataclasses import dataclass

from pygments.token import STANDARD_TYPES, Token, _TokenType

MODES = ("light", "dark")


@dataclass(frozen=True)
class Role:
    light: str  # foreground colour (#rrggbb) in light mode
    dark: str  # and in dark mode
    italic: bool = False
    bold: bool = False
    light_bg: str = ""  # a background of its own (diff lines), else the code background
    dark_bg: str = ""

    def colour(self, mode: str) -> str:
        return self.light if mode == "light" else self.dark

    def background(self, mode: str) -> str:
        return self.light_bg if mode == "light" else self.dark_bg


# Hues after GitHub's Primer palettes (familiar to readers of code), darkened or lightened
# where needed to pass 4.5:1 on the theme's code backgrounds (#f6f8fa, #1e232b) and on a
# highlighted line (#fff3c4, #3a3421): tests/test_codestyle.py checks every pair.
ROLES: dict[str, Role] = {
    "text": Role("#1f2328", "#e6edf3"),
    "comment": Role("#57606a", "#9ea7b3", italic=True),
    "keyword": Role("#b3261e", "#ff8f87"),
    "string": Role("#0a3069", "#a5d6ff"),
    "constant": Role("#0550ae", "#79c0ff"),
    "function": Role("#6639ba", "#d2a8ff"),
    "type": Role("#8a3a00", "#ffa657"),
    "tag": Role("#116329", "#7ee787"),
    "error": Role("#82071e", "#ffa198", bold=True),
    "deleted": Role("#82071e", "#ffdcd7", light_bg="#ffebe9", dark_bg="#5a1e21"),
    "inserted": Role("#116329", "#aff5b4", light_bg="#dafbe1", dark_bg="#1b4427"),
    "heading": Role("#0550ae", "#79c0ff", bold=True),
    "prompt": Role("#57606a", "#9ea7b3", bold=True),
}

# The most specific entry wins: Comment.Preproc is a keyword, other comments are comments.
TOKEN_ROLES: dict[_TokenType, str] = {
    Token.Comment: "comment",
    Token.Comment.Preproc: "keyword",
    Token.Comment.PreprocFile: "string",
    Token.Keyword: "keyword",
    Token.Keyword.Constant: "constant",
    Token.Keyword.Type: "type",
    Token.Name.Attribute: "constant",
    Token.Name.Builtin: "constant",
    Token.Name.Class: "type",
    Token.Name.Constant: "constant",
    Token.Name.Decorator: "function",
    Token.Name.Entity: "constant",
    Token.Name.Exception: "type",
    Token.Name.Function: "function",
    Token.Name.Label: "type",
    Token.Name.Namespace: "type",
    Token.Name.Property: "constant",
    Token.Name.Tag: "tag",
    Token.Name.Variable: "type",
    Token.Literal: "constant",
    Token.Literal.String: "string",
    Token.Literal.String.Escape: "constant",
    Token.Literal.String.Regex: "tag",
    Token.Literal.String.Symbol: "constant",
    Token.Literal.Number: "constant",
    Token.Operator: "keyword",
    Token.Error: "error",
    Token.Generic.Deleted: "deleted",
    Token.Generic.Inserted: "inserted",
    Token.Generic.Error: "error",
    Token.Generic.Traceback: "error",
    Token.Generic.Heading: "heading",
    Token.Generic.Subheading: "function",
    Token.Generic.Prompt: "prompt",
    Token.Generic.Output: "comment",
}
# Emphasis tokens keep the text colour and change only the face.
_FACES: dict[_TokenType, str] = {
    Token.Generic.Emph: "font-style:italic",
    Token.Generic.Strong: "font-weight:bold",
    Token.Generic.EmphStrong: "font-weight:bold;font-style:italic",
}


def role_of(token: _TokenType) -> str:
    """The role of a token type: its own, else its nearest ancestor's, else "text"."""
    while token is not Token:
        if token in TOKEN_ROLES:
            return TOKEN_ROLES[token]
        token = token.parent
    return "text"


def _variables(mode: str) -> str:
    parts = [f"--hl-{name}:{role.colour(mode)}" for name, role in ROLES.items()]
    parts += [
        f"--hl-{name}-bg:{role.background(mode)}" for name, role in ROLES.items() if role.light_bg
    ]
    return ";".join(parts)


def stylesheet() -> str:
    """The CSS for Pygments' classes (`<pre class="highlight">` from generator.markdown)."""
    by_role: dict[str, list[str]] = {}
    for token, css_class in STANDARD_TYPES.items():
        if css_class and token not in _FACES:
            by_role.setdefault(role_of(token), []).append(css_class)
    lines = [
        "/* aiblog code colours (generator/codestyle.py): every token 4.5:1 or better. */",
        f":root{{{_variables('light')}}}",
        "@media screen and (prefers-color-scheme:dark){"
        f":root:not([data-theme=light]){{{_variables('dark')}}}}}",
        f"@media screen{{:root[data-theme=dark]{{{_variables('dark')}}}}}",
        ".highlight{color:var(--hl-text)}",
    ]
    for name, classes in by_role.items():
        role = ROLES[name]
        selector = ",".join(f".highlight .{c}" for c in sorted(classes))
        rules = [f"color:var(--hl-{name})"]
        if role.light_bg:
            rules.append(f"background:var(--hl-{name}-bg)")
        if role.italic:
            rules.append("font-style:italic")
        if role.bold:
            rules.append("font-weight:bold")
        lines.append(f"{selector}{{{';'.join(rules)}}}")
    for token, face in _FACES.items():
        lines.append(f".highlight .{STANDARD_TYPES[token]}{{{face}}}")
    # Highlighted lines (hl_lines) and line numbers use the theme's variables.
    lines.append(".highlight .hll{background:var(--code-hll);display:block}")
    lines.append(".highlight .linenos{color:var(--hl-comment);user-select:none;font-style:normal}")
    return "\n".join(lines) + "\n"


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
