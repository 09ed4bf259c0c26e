"""What changed between two judged distributions (`licscan diff OLD NEW`, issue #11).

`diff_reports(old, new)` compares one installation with another: components added, removed
or changed (version, declared or concluded license, shipping), findings new and gone (by
`(id, component)`), the policy violations NEW has and OLD had not, and the license ids of
shipped code (concluded) that NEW has and OLD had not. `pair_reports` pairs the
installations of two inputs by (Python minor version, target triple); an installation
without a counterpart is compared with nothing (every component added, or removed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from licscan.judge.categories import canonical_id, terms
from licscan.model import Component, Finding, Inventory, Report, Shipping

FindingKey = tuple[str, str | None]  # (finding id, component key)
CHANGED_FIELDS = ("version", "declared", "concluded", "shipping")


@dataclass(frozen=True)
class Side:
    """Which installation one side of a diff is, and how it fared under the policy."""

    file_name: str
    sha256: str
    root: str
    python_version: str | None
    target_triple: str | None
    release: str | None  # the PBS release tag, when known
    policy: str
    passed: bool
    max_mtime: int | None = None  # the newest member time: what a deterministic date uses

    @property
    def pairing_key(self) -> tuple[str | None, str | None]:
        """(Python minor version, target triple): what pairs installations of two inputs."""
        return minor(self.python_version), self.target_triple

    @property
    def label(self) -> str:
        where = f" at {self.root}" if self.root not in ("python", "") else ""
        return (
            f"CPython {self.python_version or '?'} {self.target_triple or '?'} "
            f"({self.file_name}{where})"
        )


@dataclass(frozen=True)
class ComponentState:
    """A component as one side has it (what an added or removed row shows)."""

    key: str
    name: str
    kind: str
    version: str | None
    shipping: str
    declared: str  # SPDX expression as declared
    concluded: str  # after licscan's corrections


@dataclass(frozen=True)
class FieldChange:
    field: str  # one of CHANGED_FIELDS
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ComponentChange:
    """A component both sides have, with the fields that differ."""

    key: str
    name: str
    changes: tuple[FieldChange, ...]

    def change(self, field: str) -> FieldChange | None:
        return next((c for c in self.changes if c.field == field), None)


@dataclass(frozen=True)
class NewLicense:
    """A license id of shipped code (concluded) in NEW that no shipped code of OLD has."""

    id: str
    components: tuple[str, ...]  # NEW's component keys that carry it


@dataclass(frozen=True)
class Diff:
    """OLD -> NEW for one installation. `old` or `new` is None for an installation that
    has no counterpart in the other input (it is compared with nothing)."""

    old: Side | None
    new: Side | None
    added: tuple[ComponentState, ...] = ()  # in NEW's order
    removed: tuple[ComponentState, ...] = ()  # in OLD's order
    changed: tuple[ComponentChange, ...] = ()  # in NEW's order
    new_findings: tuple[Finding, ...] = ()  # NEW's, whose (id, component) OLD has not
    gone_findings: tuple[Finding, ...] = ()  # OLD's, whose (id, component) NEW has not
    new_violations: tuple[Finding, ...] = ()  # NEW's violations OLD did not have
    new_licenses: tuple[NewLicense, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing changed (an archive compared with itself)."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.new_findings
            or self.gone_findings
            or self.new_violations
            or self.new_licenses
        )

    def fails(self, *, fail_on_new_license: bool = False) -> bool:
        """NEW brings a violation OLD did not have (or, when asked, a new license id)."""
        return bool(self.new_violations) or (fail_on_new_license and bool(self.new_licenses))


@dataclass(frozen=True)
class Comparison:
    """Every installation of OLD against its counterpart in NEW (usually one pair)."""

    diffs: tuple[Diff, ...]

    @property
    def unpaired_old(self) -> tuple[Side, ...]:
        return tuple(d.old for d in self.diffs if d.new is None and d.old is not None)

    @property
    def unpaired_new(self) -> tuple[Side, ...]:
        return tuple(d.new for d in self.diffs if d.old is None and d.new is not None)

    @property
    def empty(self) -> bool:
        return all(d.empty for d in self.diffs)

    def fails(self, *, fail_on_new_license: bool = False) -> bool:
        return any(d.fails(fail_on_new_license=fail_on_new_license) for d in self.diffs)


def minor(version: str | None) -> str | None:
    """`3.10.9` -> `3.10`."""
    return ".".join(version.split(".")[:2]) if version else None


def side(report: Report) -> Side:
    inv = report.inventory
    return Side(
        file_name=inv.archive.file_name,
        sha256=inv.archive.sha256,
        root=inv.archive.root,
        python_version=inv.python_version,
        target_triple=inv.target_triple,
        release=inv.release.tag,
        policy=report.verdict.policy_name,
        passed=report.verdict.passed,
        max_mtime=inv.archive.max_mtime,
    )


def _state(component: Component) -> ComponentState:
    return ComponentState(
        key=component.key,
        name=component.name,
        kind=component.kind.value,
        version=component.version,
        shipping=component.shipping.value,
        declared=component.declared.expression,
        concluded=component.concluded.expression,
    )


def _changes(old: ComponentState, new: ComponentState) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in CHANGED_FIELDS
        if getattr(old, name) != getattr(new, name)
    )


def _key(finding: Finding) -> FindingKey:
    return finding.id, finding.component


def _shipped_licenses(inventory: Inventory | None) -> dict[str, list[str]]:
    """License id -> component keys, over the concluded licenses of code the archive carries
    (bundled or build-only; not what the system provides)."""
    found: dict[str, list[str]] = {}
    for c in inventory.components if inventory else ():
        if c.shipping is Shipping.SYSTEM:
            continue
        for term in terms(c.concluded.expression):
            keys = found.setdefault(canonical_id(term.id), [])
            if c.key not in keys:
                keys.append(c.key)
    return found


def _components(report: Report | None) -> tuple[Component, ...]:
    return report.inventory.components if report else ()


def _findings(report: Report | None) -> tuple[Finding, ...]:
    return report.verdict.findings if report else ()


def _violations(report: Report | None) -> tuple[Finding, ...]:
    return report.verdict.violations if report else ()


def diff_reports(old: Report | None, new: Report | None) -> Diff:
    """OLD -> NEW for one installation; None for a side that has no installation."""
    old_states = {c.key: _state(c) for c in _components(old)}
    new_states = {c.key: _state(c) for c in _components(new)}
    changed = []
    for key, state in new_states.items():
        if key in old_states and (changes := _changes(old_states[key], state)):
            changed.append(ComponentChange(key, state.name, changes))
    old_keys = {_key(f) for f in _findings(old)}
    new_keys = {_key(f) for f in _findings(new)}
    old_violations = {_key(f) for f in _violations(old)}
    old_licenses = _shipped_licenses(old.inventory if old else None)
    return Diff(
        old=side(old) if old else None,
        new=side(new) if new else None,
        added=tuple(s for k, s in new_states.items() if k not in old_states),
        removed=tuple(s for k, s in old_states.items() if k not in new_states),
        changed=tuple(changed),
        new_findings=tuple(f for f in _findings(new) if _key(f) not in old_keys),
        gone_findings=tuple(f for f in _findings(old) if _key(f) not in new_keys),
        new_violations=tuple(f for f in _violations(new) if _key(f) not in old_violations),
        new_licenses=tuple(
            NewLicense(lic, tuple(keys))
            for lic, keys in sorted(_shipped_licenses(new.inventory if new else None).items())
            if lic not in old_licenses
        ),
    )


def pair_reports(old: Sequence[Report], new: Sequence[Report]) -> Comparison:
    """Pair the installations of two inputs and diff each pair.

    One installation on each side: they are a pair whatever their versions (3.9 -> 3.10).
    Otherwise by (Python minor version, target triple), in the order of their paths; an
    installation left without a counterpart gets a Diff with the other side None."""
    if len(old) == 1 and len(new) == 1:
        return Comparison((diff_reports(old[0], new[0]),))
    waiting = list(new)
    diffs: list[Diff] = []
    for report in old:
        match = _take(waiting, side(report).pairing_key)
        diffs.append(diff_reports(report, match))
    diffs += [diff_reports(None, report) for report in waiting]
    return Comparison(tuple(diffs))


def _take(reports: list[Report], key: tuple[str | None, str | None]) -> Report | None:
    for index, report in enumerate(reports):
        if side(report).pairing_key == key:
            return reports.pop(index)
    return None


def new_license_ids(diffs: Iterable[Diff]) -> tuple[str, ...]:
    """Every new license id over several diffs, sorted, once each."""
    return tuple(sorted({lic.id for d in diffs for lic in d.new_licenses}))
