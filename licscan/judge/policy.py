"""Policies: which findings fail a run (`licscan check`), from a small TOML file.

A finding violates a policy when its severity is at least `fail_on`, or when it is about
shipped code whose license cannot be complied with without a denied id or category (an OR
choice is honoured; `allow` overrides `deny`). Waivers mark findings as waived; they never
remove them, and an expired waiver waives nothing.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

from licscan.errors import PolicyError, UsageError
from licscan.judge.categories import (
    COPYLEFT,
    COPYLEFT_LIMITED,
    Term,
    canonical_id,
    categories,
    classify,
    is_known_id,
    satisfiable,
    terms,
)
from licscan.judge.disputes import dispute_findings, parse_readings
from licscan.judge.findings import FINDING_IDS, sort_findings
from licscan.judge.offer import offer_findings
from licscan.model import (
    Finding,
    Inventory,
    NoticeSettings,
    Severity,
    Shipping,
    Verdict,
    Waiver,
)
from licscan.read import DEFAULT_LIMITS, Limits
from licscan.resources import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_KEYS = ("name", "fail_on", "deny", "allow", "waivers", "notice", "disputes", "limits")
_WAIVER_KEYS = ("component", "finding", "reason", "expires")
_NOTICE_TEXT_KEYS = ("distributor", "offer_from", "offer_contact", "offer_url")
_NOTICE_KEYS = (*_NOTICE_TEXT_KEYS, "offer_years")
_ID_GLOB = re.compile(r"[A-Za-z0-9.+*?-]+")
_NO_LICENSE = ("NOASSERTION", "NONE")


@dataclass(frozen=True)
class Policy:
    """What fails a run: severities from `fail_on` up, denied licenses; and the waivers."""

    name: str
    deny: tuple[str, ...] = ()  # SPDX ids, globs (GPL-*) or categories (Copyleft)
    allow: tuple[str, ...] = ()  # same forms; never a violation by license
    fail_on: Severity = Severity.ERROR
    waivers: tuple[Waiver, ...] = ()
    source: str = ""  # file the policy came from
    notice: NoticeSettings = field(default_factory=NoticeSettings)  # [notice]: the source offer
    disputes: tuple[tuple[str, str], ...] = ()  # [disputes]: dispute id -> reading followed
    limits: Limits = DEFAULT_LIMITS  # [limits]: what an input may hold (README "Limits")


# --------------------------------------------------------------------------- loading


@cache
def default_policy() -> Policy:
    """The built-in policy (data/default-policy.toml)."""
    return load_policy(data_dir() / "default-policy.toml")


_MAX_POLICY = 2**20  # bytes: a larger policy file is not one


def load_policy(path: str | Path) -> Policy:
    """Read and validate a TOML policy file; PolicyError says what is wrong and where."""
    file = Path(path)
    if not file.exists():
        raise PolicyError(f"policy file {file} does not exist")
    if file.is_dir():
        raise PolicyError(f"policy file {file} is a directory; give the path of a .toml file")
    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            raise PolicyError(f"policy file {file} is not a regular file")
        with open(file, "rb") as handle:
            raw = handle.read(_MAX_POLICY + 1)
        if len(raw) > _MAX_POLICY:
            raise PolicyError(f"policy file {file} is larger than {_MAX_POLICY:,} bytes")
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError(f"policy file {file} is not UTF-8 text") from None
    except OSError as exc:
        raise PolicyError(f"cannot read policy file {file}: {exc.strerror or exc}") from None
    return parse_policy(text, source=str(file), default_name=file.stem)


def parse_policy(text: str, *, source: str = "<policy>", default_name: str = "policy") -> Policy:
    """A Policy from TOML text (see the README for the format)."""
    try:
        data: dict[str, object] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"policy file {source} is not valid TOML: {exc}") from None
    except RecursionError:
        raise PolicyError(f"policy file {source} is not valid TOML: nested too deeply") from None
    where = f"policy file {source}"
    _no_unknown_keys(data, _KEYS, where)
    name = data.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise PolicyError(f"{where}: name must be a non-empty string")
    return Policy(
        name=name.strip(),
        deny=_entries(data.get("deny", []), "deny", where),
        allow=_entries(data.get("allow", []), "allow", where),
        fail_on=_severity(data.get("fail_on", "error"), where),
        waivers=_waivers(data.get("waivers", []), where),
        source=source,
        notice=_notice(data.get("notice", {}), where),
        disputes=parse_readings(data.get("disputes", {}), where),
        limits=_limits(data.get("limits", {}), where),
    )


def _limits(value: object, where: str) -> Limits:
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: [limits] must be a table of NAME = VALUE")
    try:
        return DEFAULT_LIMITS.with_values(value, where=f"{where} [limits]")
    except UsageError as exc:
        raise PolicyError(str(exc)) from None


def _no_unknown_keys(table: Mapping[str, object], allowed: Sequence[str], where: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise PolicyError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; the keys are {', '.join(allowed)}"
        )


def _severity(value: object, where: str) -> Severity:
    choices = ", ".join(s.value for s in Severity)
    if isinstance(value, str):
        for severity in Severity:
            if value.strip().lower() == severity.value:
                return severity
    raise PolicyError(f"{where}: fail_on = {value!r} is not a severity; use one of {choices}")


def _entries(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise PolicyError(f'{where}: {key} must be a list of strings, e.g. {key} = ["GPL-*"]')
    entries: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise PolicyError(f"{where}: {key}[{index}] must be a non-empty string")
        entries.append(_normalize_entry(item.strip(), f"{where}: {key}[{index}]"))
    return tuple(entries)


def _normalize_entry(entry: str, where: str) -> str:
    for category in categories():
        if entry.lower() == category.lower():
            return category
    if "*" in entry or "?" in entry:
        if _ID_GLOB.fullmatch(entry):
            return entry
    elif is_known_id(entry) or entry.startswith("LicenseRef-"):
        return canonical_id(entry)
    raise PolicyError(
        f"{where} = {entry!r} is neither an SPDX license id nor a category; write an id "
        f"(GPL-3.0-only), a glob (GPL-*) or one of the categories: {', '.join(categories())}"
    )


def _waivers(value: object, where: str) -> tuple[Waiver, ...]:
    if not isinstance(value, list):
        raise PolicyError(f"{where}: waivers must be an array of tables ([[waivers]] sections)")
    waivers: list[Waiver] = []
    for number, item in enumerate(value, start=1):
        at = f"{where}: waiver #{number}"
        if not isinstance(item, dict):
            raise PolicyError(f"{at} must be a table ([[waivers]] with component, finding, reason)")
        _no_unknown_keys(item, _WAIVER_KEYS, at)
        fields: dict[str, str] = {}
        for key in ("component", "finding", "reason"):
            text = item.get(key)
            if not isinstance(text, str) or not text.strip():
                raise PolicyError(f'{at} needs {key} = "..." (a non-empty string)')
            fields[key] = text.strip()
        if fields["finding"] not in FINDING_IDS:
            raise PolicyError(
                f"{at}: finding = {fields['finding']!r} is not a finding id; "
                f"the ids are {', '.join(sorted(FINDING_IDS))}"
            )
        waivers.append(
            Waiver(
                fields["component"],
                fields["finding"],
                fields["reason"],
                _expiry(item.get("expires"), at),
            )
        )
    return tuple(waivers)


def _notice(value: object, where: str) -> NoticeSettings:
    at = f"{where}: [notice]"
    if not isinstance(value, dict):
        raise PolicyError(f"{at} must be a table ([notice] with offer_from, offer_contact, ...)")
    _no_unknown_keys(value, _NOTICE_KEYS, at)
    texts: dict[str, str] = {}
    for key in _NOTICE_TEXT_KEYS:
        text = value.get(key, "")
        if not isinstance(text, str) or (key in value and not text.strip()):
            raise PolicyError(f'{at} {key} must be a non-empty string, e.g. {key} = "..."')
        texts[key] = " ".join(text.split())
    url = texts["offer_url"]
    if url and not re.match(r"https?://\S+$", url):
        raise PolicyError(f"{at} offer_url = {url!r} is not an http(s) URL")
    years = value.get("offer_years", 3)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100:
        raise PolicyError(f"{at} offer_years = {years!r} must be a whole number of years, 1-100")
    return NoticeSettings(**texts, offer_years=years)


def _expiry(value: object, at: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        raise PolicyError(f"{at}: expires = {value} has a time; write a date such as 2026-12-31")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise PolicyError(f"{at}: expires = {value!r} is not a date; write it as 2026-12-31")


# --------------------------------------------------------------------------- applying


def _matches(entry: str, term: Term) -> bool:
    category = classify(term.id)
    if entry in categories():
        return category == entry or (entry == COPYLEFT and category == COPYLEFT_LIMITED)
    current = canonical_id(term.id).lower()
    if "*" in entry or "?" in entry:
        return fnmatch.fnmatchcase(current, entry.lower()) or fnmatch.fnmatchcase(
            term.id.lower(), entry.lower()
        )
    return current == entry.lower()


def denied_by(policy: Policy, term: Term) -> tuple[str, ...]:
    """The deny entries that catch a license term (none when an allow entry covers it)."""
    if any(_matches(entry, term) for entry in policy.allow):
        return ()
    return tuple(entry for entry in policy.deny if _matches(entry, term))


def license_denied(policy: Policy, expression: str) -> bool:
    """True when the expression cannot be complied with without a denied license."""
    if not policy.deny:
        return False
    if expression.strip() in _NO_LICENSE:
        return bool(denied_by(policy, Term(expression.strip())))
    return not satisfiable(expression, lambda term: not denied_by(policy, term))


def _waiver_for(finding: Finding, waivers: Iterable[Waiver]) -> Waiver | None:
    return next(
        (w for w in waivers if w.finding == finding.id and w.component in ("*", finding.component)),
        None,
    )


def apply_policy(
    findings: Iterable[Finding],
    policy: Policy,
    *,
    today: date,
    inventory: Inventory | None = None,
) -> Verdict:
    """Mark violations and waivers. With the inventory, shipped components whose license the
    policy denies and that no finding covers get a `denied-license` finding."""
    items = list(findings)
    if inventory is not None:
        items += _denied_components(inventory, policy, items)
        items += offer_findings(inventory, policy.notice)
        items += dispute_findings(inventory, dict(policy.disputes), policy.name)
    expired = tuple(w for w in policy.waivers if w.expires and w.expires < today.isoformat())
    active = [w for w in policy.waivers if w not in expired]
    judged: list[Finding] = []
    for finding in items:
        violates = finding.severity.rank >= policy.fail_on.rank or (
            finding.license is not None and license_denied(policy, finding.license)
        )
        lapsed = [w for w in expired if _waiver_for(finding, [w])]
        notes = tuple(
            f"waiver expired on {w.expires} and no longer applies: {w.reason}" for w in lapsed
        )
        judged.append(
            replace(
                finding,
                violates_policy=violates,
                waiver=_waiver_for(finding, active),
                evidence=finding.evidence + notes,
            )
        )
    return Verdict(sort_findings(judged), policy.name, expired, policy.notice)


def _denied_components(
    inventory: Inventory, policy: Policy, findings: Sequence[Finding]
) -> list[Finding]:
    covered = {
        f.component for f in findings if f.license is not None and license_denied(policy, f.license)
    }
    found: list[Finding] = []
    for component in inventory.components:
        expression = component.concluded.expression
        if (
            component.shipping is Shipping.SYSTEM
            or component.key in covered
            or not license_denied(policy, expression)
        ):
            continue
        entries = sorted({e for t in _terms_of(expression) for e in denied_by(policy, t)})
        where = "shipped" if component.shipping is Shipping.BUNDLED else "only in build/"
        found.append(
            Finding(
                "denied-license",
                Severity.ERROR,
                component.key,
                f"{component.name} is {where} under {expression}, which policy "
                f"{policy.name!r} denies ({', '.join(entries)}).",
                (f"declared licenses: {', '.join(component.declared.written or ()) or 'none'}",),
                "Remove the component, or allow its license or waive this finding in the policy, "
                "with the reason.",
                expression,
            )
        )
    return found


def _terms_of(expression: str) -> tuple[Term, ...]:
    stripped = expression.strip()
    return (Term(stripped),) if stripped in _NO_LICENSE else terms(expression)
