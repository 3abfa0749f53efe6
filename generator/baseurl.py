"""Is `base_url` an address a site can be published at? `aiblog build` and `aiblog deploy`
refuse one that certainly is not (`aiblog serve` previews under any address).

What counts:
- **a placeholder**: a host label or path segment that is one of the words `aiblog init`
  and templates write for the author to replace (`USERNAME`, `REPOSITORY`, …, any case),
  a host that is an example of aiblog's docs (`you.github.io`, `user.github.io`), or a
  `<…>`/`{…}` template slot. An error for `build` and `deploy`, from site.yml or from
  `--base-url` alike.
- **no host** (`https:///blog/`, `/blog/` given as `--base-url`): an error for both too,
  since feeds, the sitemap and canonical links need an absolute address.
- **a domain reserved for documentation** (RFC 2606/6761: example.com, example.net,
  example.org and their subdomains; the .example, .test, .invalid and .localhost TLDs;
  localhost): an error for `deploy` only. A local build there is harmless (tests and
  previews use example.org), but a deployed site's every absolute link would point at
  an address that can never be it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.config import load_config
from generator.errors import Diagnostics
from generator.yamlload import key_lines

PLACEHOLDER_WORDS = frozenset(
    {
        "username",
        "user-name",
        "your-username",
        "yourusername",
        "your-name",
        "yourname",
        "repository",
        "your-repository",
        "your-repo",
        "repo-name",
    }
)
DOC_EXAMPLE_HOSTS = frozenset({"you.github.io", "user.github.io"})
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "localhost")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")
EXAMPLE = "https://<user>.github.io/<repository>/"


def placeholder_problem(url: str) -> str | None:
    """Why `url` cannot be any site's address (a placeholder, or no host), or None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not a full address (https:// and a host): give one, e.g. {EXAMPLE}"
    if any(slot in url for slot in "<>{}"):
        return f"{url} is a template, not an address: fill in the parts in <…> or {{…}}"
    host = parts.hostname.lower()
    netloc_host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0]  # as written: USERNAME
    words = [*netloc_host.split("."), *(unquote(s) for s in parts.path.split("/") if s)]
    placeholders = [w for w in words if w.lower() in PLACEHOLDER_WORDS]
    if placeholders or host in DOC_EXAMPLE_HOSTS:
        named = ", ".join(placeholders) if placeholders else host
        return f"{url} is a placeholder ({named}): set the address the site is published at, e.g. {EXAMPLE}"
    return None


def reserved_domain(url: str) -> str | None:
    """The reserved-for-documentation domain `url` is on, or None."""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    if host.rsplit(".", 1)[-1] in RESERVED_TLDS:
        return host
    return next((d for d in RESERVED_DOMAINS if host == d or host.endswith("." + d)), None)


def publish_problem(url: str) -> str | None:
    """Why `url` cannot be deployed to: `placeholder_problem`, or a reserved domain."""
    if problem := placeholder_problem(url):
        return problem
    if domain := reserved_domain(url):
        return (
            f"{url} is on {domain}, a domain reserved for documentation: a deployed site's "
            "links and feeds would point there; set the address the site is published at"
        )
    return None


@dataclass(frozen=True)
class Refusal:
    """One line for the author, and whether the fault is in a flag (usage, exit 2) or in
    site.yml (content, exit 1)."""

    text: str
    usage: bool


def check_base_url(site_dir: Path, override: str | None, deploying: bool = False) -> Refusal | None:
    """Refuse a placeholder or hostless base_url: `override` (`--base-url`) when given,
    else site.yml's, reported at its line. `deploying` also refuses documentation domains.
    A site.yml that cannot be read is left to the build, which reports why."""
    check = publish_problem if deploying else placeholder_problem
    if override is not None:
        problem = check(override)
        return Refusal(f"--base-url: {problem}", usage=True) if problem else None
    config = load_config(site_dir, Diagnostics())
    if config is None or (problem := check(config.base_url)) is None:
        return None
    line = base_url_line(site_dir)
    where = f"site.yml:{line}" if line else "site.yml"
    return Refusal(f"{where}: `base_url`: {problem}", usage=False)


def base_url_line(site_dir: Path) -> int | None:
    """The line of `base_url` in site.yml, for messages about it."""
    try:
        text = (site_dir / "site.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return key_lines(text).get("base_url")
