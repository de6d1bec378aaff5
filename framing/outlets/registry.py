"""The outlet registry: who publishes news, under which names and web domains, of which
type, with the public fact its state affiliation rests on (`resources/outlets/registry.csv`).

A user adds an outlet by adding a row to `outlets.csv` in their data directory; those rows
are read on top of the shipped ones (a row with a shipped outlet's name replaces it).
Rows that cannot be used are skipped with a warning that names the file, line and reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

COLUMNS = ("outlet", "aliases", "domains", "outlet_type", "group", "country", "state_affiliation", "source")
REQUIRED = ("outlet", "outlet_type")
OUTLET_TYPES = (
    "state news agency",
    "state broadcaster",
    "public-service broadcaster",
    "private media",
    "wire agency",
    "independent exile media",
    "government or intergovernmental body",
    "blog or aggregator",
)
STATE_TYPES = frozenset({"state news agency", "state broadcaster"})
#: The groups the figures compare; every other outlet is `other`.
GROUPS = ("BelTA", "TASS", "RT-style", "blog", "other")
#: Host prefixes that do not change the publisher.
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
#: Blog hosts: the publisher is the sub-domain (the blog), not the host.
BLOG_HOSTS = ("wordpress.com", "blogspot.com", "substack.com", "medium.com", "livejournal.com", "tumblr.com")


@dataclass(frozen=True)
class OutletEntry:
    outlet: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    outlet_type: str
    group: str
    country: str = ""
    state_affiliation: str = ""
    source: str = ""


@dataclass(frozen=True)
class Registry:
    entries: tuple[OutletEntry, ...]
    warnings: tuple[str, ...] = field(default=())
    fingerprint: str = ""  # sha256 of a user's rows ("" for the shipped registry alone)

    def __post_init__(self) -> None:
        by_domain: dict[str, OutletEntry] = {}
        for entry in self.entries:
            for domain in entry.domains:
                by_domain.setdefault(domain, entry)
        names: dict[str, OutletEntry] = {}
        for entry in self.entries:
            for name in (entry.outlet, *entry.aliases):
                names.setdefault(name, entry)
        object.__setattr__(self, "_by_domain", by_domain)
        object.__setattr__(self, "_by_name", names)
        object.__setattr__(self, "_by_folded_name", {n.casefold(): e for n, e in reversed(list(names.items()))})
        # Made once: the evidence finders ask for it several times per article.
        object.__setattr__(self, "_alias_pattern", _alternation(tuple(names)))

    def by_host(self, host: str) -> OutletEntry | None:
        """The outlet whose domain is `host` or a parent domain of it (longest match)."""
        parts = host.lower().rstrip(".").split(".")
        for start in range(len(parts) - 1):
            entry = self._by_domain.get(".".join(parts[start:]))  # type: ignore[attr-defined]
            if entry is not None:
                return entry
        return None

    def by_name(self, name: str) -> OutletEntry | None:
        """The outlet with this name or alias (exact spelling first, then ignoring case)."""
        name = name.strip()
        return self._by_name.get(name) or self._by_folded_name.get(name.casefold())  # type: ignore[attr-defined]

    def alias_pattern(self) -> str:
        """One alternation of every name and alias, longest first (for structured places:
        datelines, copyright and source lines, site names)."""
        return self._alias_pattern  # type: ignore[attr-defined]


def _alternation(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))


def publisher_host(host: str) -> str:
    """The host that names a publisher: without 'www.'-like prefixes; on a blog host, the blog."""
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_registry(text: str, *, name: str) -> tuple[list[OutletEntry], list[str]]:
    """Rows of a registry file, and a warning for each row that cannot be used."""
    entries, warnings = [], []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        return [], [f"{name}: no column {', '.join(missing)}: file skipped"]
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            warnings.append(f"{name} line {line}: wrong number of cells: row skipped")
            continue
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        empty = [c for c in REQUIRED if not values[c]]
        if empty:
            warnings.append(f"{name} line {line}: empty {', '.join(empty)}: row skipped")
            continue
        if values["outlet_type"] not in OUTLET_TYPES:
            warnings.append(f"{name} line {line}: unknown outlet_type {values['outlet_type']!r}: row skipped")
            continue
        group = values["group"] or ("blog" if values["outlet_type"] == "blog or aggregator" else "other")
        entries.append(
            OutletEntry(
                outlet=values["outlet"],
                aliases=_split(values["aliases"]),
                domains=tuple(d.lower().removeprefix("www.") for d in _split(values["domains"])),
                outlet_type=values["outlet_type"],
                group=group if group in GROUPS else "other",
                country=values["country"],
                state_affiliation=values["state_affiliation"],
                source=values["source"],
            )
        )
    return entries, warnings


def _domain_conflicts(entries: list[OutletEntry], name: str) -> list[str]:
    owner: dict[str, str] = {}
    warnings = []
    for entry in entries:
        for domain in entry.domains:
            if domain in owner and owner[domain] != entry.outlet:
                warnings.append(f"{name}: domain {domain} is claimed by {owner[domain]} and {entry.outlet}; first kept")
            owner.setdefault(domain, entry.outlet)
    return warnings


@cache
def shipped_registry() -> Registry:
    """The registry shipped with framing."""
    text = files("framing.resources").joinpath("outlets/registry.csv").read_text(encoding="utf-8")
    entries, warnings = parse_registry(text, name="registry.csv")
    return Registry(tuple(entries), tuple(warnings + _domain_conflicts(entries, "registry.csv")))


def load_registry(user_file: str | Path | None = None) -> Registry:
    """The shipped registry with a user's rows on top (`outlets.csv` in the data directory).
    A user file that cannot be read or parsed never stops a run: it gives warnings."""
    shipped = shipped_registry()
    if user_file is None or not Path(user_file).is_file():
        return shipped
    path = Path(user_file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Registry(shipped.entries, (*shipped.warnings, f"{path.name}: cannot be read ({exc}): file skipped"))
    user, warnings = parse_registry(text, name=path.name)
    replaced = {e.outlet for e in user}
    merged = [*user, *(e for e in shipped.entries if e.outlet not in replaced)]
    warnings += _domain_conflicts(merged, path.name)
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Registry(tuple(merged), (*shipped.warnings, *warnings), fingerprint)


def registry_for(data_dir: str | Path) -> Registry:
    """The registry for a corpus: the shipped rows plus a user's `outlets.csv` in the data
    directory or one level up (for one article file: its folder's); each warning about a
    user row is printed to stderr once."""
    import sys

    from framing.ingest import find_outlet_rows

    folder = Path(data_dir)
    user_file = find_outlet_rows(folder.parent if folder.is_file() else folder)
    registry = load_registry(user_file)
    for warning in registry.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return registry
