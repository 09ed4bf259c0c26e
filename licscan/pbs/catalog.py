"""The component catalog: what PBS bundles, by release (`data/components.json`) plus the
hand-kept link-name aliases and runtimes PBS never annotates (`data/link-aliases.json`)."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from licscan.resources import data_dir

Run = tuple[str, str, Any]  # (first release, last release, value)


@dataclass(frozen=True)
class Condition:
    """A target: substrings its triple has (any) and lacks (all), the minor it is below."""

    triple_has: tuple[str, ...] = ()
    triple_lacks: tuple[str, ...] = ()
    python_below: str | None = None

    def holds(self, triple: str | None, python_version: str | None) -> bool | None:
        """True or False for a known target, None when the triple or version is unknown."""
        if triple is None:
            return None
        if self.triple_has and not any(s in triple for s in self.triple_has):
            return False
        if any(s in triple for s in self.triple_lacks):
            return False
        if self.python_below is None:
            return True
        if python_version is None:
            return None
        found, below = python_minor(python_version), python_minor(self.python_below)
        return None if found is None or below is None else found < below


@dataclass(frozen=True)
class Alternate:
    """A second download of a component at the same releases, built for some targets only
    (`libffi-3.3` for musl, `tcl-8612` for Windows below 3.14): when it applies, its runs."""

    download: str
    when: tuple[Condition, ...]
    versions: tuple[Run, ...]

    def applies(self, triple: str | None, python_version: str | None) -> bool | None:
        """True when a condition holds, False when none can, None when it depends on what
        is not known."""
        answers = [c.holds(triple, python_version) for c in self.when]
        if True in answers:
            return True
        return None if None in answers else False


def python_minor(version: str | None) -> tuple[int, int] | None:
    """`3.10.0b4` -> (3, 10); None for what names no minor."""
    parts = (version or "").split(".")
    try:
        return int(parts[0]), int("".join(ch for ch in parts[1] if ch.isdigit()))
    except (IndexError, ValueError):
        return None


@dataclass(frozen=True)
class CatalogComponent:
    """A library PBS bundles (data/components.json): names, license files, per-release runs."""

    key: str
    name: str
    library_names: tuple[str, ...]
    license_files: tuple[str, ...]
    licenses: tuple[Run, ...]  # value: (ids, public_domain)
    versions: tuple[Run, ...]
    family: str | None = None  # "openssl" for the OpenSSL/LibreSSL keys
    alternates: tuple[Alternate, ...] = ()

    def licenses_at(self, tag: str | None) -> tuple[tuple[str, ...], bool]:
        """License ids and public-domain flag at a release (nearest run when outside)."""
        ids, public_domain = _nearest(self.licenses, tag)
        return tuple(ids), bool(public_domain)


@dataclass(frozen=True)
class Runtime:
    """A C or compiler runtime PBS links but does not annotate, with the license licscan assumes."""

    key: str
    name: str
    license: str
    license_member_hint: str
    why: str


def _nearest(runs: Sequence[Run], tag: str | None) -> Any:
    if tag is not None:
        for first, last, value in runs:
            if first <= tag <= last:
                return value
        before = [run for run in runs if run[1] < tag]
        if before:
            return before[-1][2]
    return runs[0][2] if tag is not None and runs else runs[-1][2]


def _at(runs: Sequence[Run], tag: str) -> Any:
    return next((value for first, last, value in runs if first <= tag <= last), None)


def _values_in(runs: Sequence[Run], earliest: str, latest: str) -> list[Any]:
    found: list[Any] = []
    for first, last, value in runs:
        if first <= latest and last >= earliest and value not in found:
            found.append(value)
    return found


class Catalog:
    """Queries over the bundled catalog data."""

    def __init__(self, data: Mapping[str, Any], aliases: Mapping[str, Any]) -> None:
        self.releases: tuple[str, ...] = tuple(data["releases"])
        families = {k: v for k, v in aliases["families"].items()}
        self.components: dict[str, CatalogComponent] = {
            key: CatalogComponent(
                key=key,
                name=entry["name"],
                library_names=tuple(entry["library_names"]),
                license_files=tuple(entry["license_files"]),
                licenses=tuple((r[0], r[1], (tuple(r[2][0]), r[2][1])) for r in entry["licenses"]),
                versions=tuple(tuple(r) for r in entry["versions"]),
                family=next((f for f, keys in families.items() if key in keys), None),
                alternates=tuple(
                    Alternate(
                        download=a["download"],
                        when=tuple(
                            Condition(
                                triple_has=tuple(c.get("triple_has", ())),
                                triple_lacks=tuple(c.get("triple_lacks", ())),
                                python_below=c.get("python_below"),
                            )
                            for c in a["when"]
                        ),
                        versions=tuple(tuple(r) for r in a["versions"]),
                    )
                    for a in entry.get("alternates", ())
                ),
            )
            for key, entry in data["components"].items()
        }
        self.python: dict[str, tuple[Run, ...]] = {
            minor: tuple(tuple(r) for r in runs) for minor, runs in data["python"].items()
        }
        self.packages: dict[str, tuple[Run, ...]] = {
            name: tuple(tuple(r) for r in runs) for name, runs in data["packages"].items()
        }
        self.runtime_versions: dict[str, tuple[Run, ...]] = {
            name: tuple(tuple(r) for r in runs) for name, runs in data["runtimes"].items()
        }
        self._aliases = [(re.compile(a["pattern"]), a["component"]) for a in aliases["links"]]
        self.macro_link = re.compile(aliases["msbuild_macro"])
        self.runtimes = {
            key: Runtime(key=key, **value) for key, value in aliases["runtimes"].items()
        }

    def by_library_name(self, name: str) -> tuple[str, ...]:
        """Component keys a link name may mean (PBS matches every entry's library_names)."""
        keys = [c.key for c in self.components.values() if name in c.library_names]
        keys += [component for pattern, component in self._aliases if pattern.fullmatch(name)]
        return tuple(sorted(set(keys)))

    def by_license_file(self, file_name: str) -> tuple[str, ...]:
        return tuple(
            sorted(c.key for c in self.components.values() if file_name in c.license_files)
        )

    def family(self, family: str) -> tuple[str, ...]:
        return tuple(sorted(c.key for c in self.components.values() if c.family == family))

    def existed_at(self, key: str, tag: str) -> bool:
        return any(first <= tag <= last for first, last, _ in self.components[key].versions)

    def versions_in(
        self,
        key: str,
        earliest: str,
        latest: str,
        *,
        triple: str | None = None,
        python_version: str | None = None,
    ) -> list[str]:
        """The versions the component had in the release window, on this target: where an
        alternate download applies, its version; where the target is unknown, both."""
        entry = self.components.get(key)
        if entry is None:
            runs = self.runtime_versions.get(key, ())
            return [str(v) for v in _values_in(runs, earliest, latest) if v is not None]
        if not entry.alternates:
            return [str(v) for v in _values_in(entry.versions, earliest, latest) if v is not None]
        found: list[Any] = []
        for tag in self.releases_between(earliest, latest) or (earliest,):
            values = [_at(entry.versions, tag)]
            for alternate in entry.alternates:
                applies = alternate.applies(triple, python_version)
                value = _at(alternate.versions, tag) if applies is not False else None
                if value is not None:
                    values = [value] if applies else [*values, value]
            found += [v for v in values if v is not None and v not in found]
        return [str(v) for v in found]

    def releases_between(self, earliest: str, latest: str) -> tuple[str, ...]:
        lo = bisect.bisect_left(self.releases, earliest)
        hi = bisect.bisect_right(self.releases, latest)
        return self.releases[lo:hi]

    def releases_with(self, runs: Sequence[Run], value: str) -> tuple[str, ...]:
        tags: list[str] = []
        for first, last, v in runs:
            if v == value:
                tags.extend(self.releases_between(first, last))
        return tuple(sorted(tags))


@cache
def load_catalog() -> Catalog:
    folder = data_dir()
    data = json.loads((folder / "components.json").read_text(encoding="utf-8"))
    aliases = json.loads((folder / "link-aliases.json").read_text(encoding="utf-8"))
    return Catalog(data, aliases)
