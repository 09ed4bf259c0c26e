"""Policies at the library level: loading and validating TOML, violations, waivers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from licscan.errors import PolicyError
from licscan.judge.policy import (
    Policy,
    apply_policy,
    default_policy,
    license_denied,
    load_policy,
    parse_policy,
)
from licscan.model import (
    ArchiveSummary,
    Component,
    ComponentKind,
    Container,
    Finding,
    Flavor,
    Inventory,
    License,
    NoticeSettings,
    ReleaseInfo,
    ReleaseSource,
    Severity,
    Shipping,
    Waiver,
)
from licscan.resources import data_dir

TODAY = date(2026, 9, 1)

GPL = Finding("gpl-in-interpreter", Severity.ERROR, "readline", "GPL", license="GPL-3.0-only")
SLEEPYCAT = Finding("source-offer", Severity.WARNING, "bdb", "Sleepycat", license="Sleepycat")
LGPL = Finding("weak-copyleft", Severity.WARNING, "lib:intl", "LGPL", license="LGPL-2.1-or-later")
UNREFERENCED = Finding("license-file-unreferenced", Severity.INFO, None, "LICENSE.x.txt")
ALL = (GPL, SLEEPYCAT, LGPL, UNREFERENCED)


def violations(policy: Policy, findings: tuple[Finding, ...] = ALL) -> set[str]:
    verdict = apply_policy(findings, policy, today=TODAY)
    return {f.id for f in verdict.violations}


def test_default_policy_fails_on_gpl_in_the_interpreter_only() -> None:
    policy = default_policy()
    assert policy.name == "default" and policy.fail_on is Severity.ERROR
    assert policy.deny == () and policy.waivers == ()
    assert violations(policy) == {"gpl-in-interpreter"}
    assert apply_policy((SLEEPYCAT, LGPL), policy, today=TODAY).status == "needs review"


def test_deny_copyleft_covers_sleepycat_and_lgpl() -> None:
    assert violations(Policy("x", deny=("Copyleft",))) == {
        "gpl-in-interpreter",
        "source-offer",
        "weak-copyleft",
    }
    assert violations(Policy("x", deny=("Copyleft Limited",), fail_on=Severity.ERROR)) == {
        "gpl-in-interpreter",
        "weak-copyleft",
    }


def test_allow_overrides_deny_but_not_fail_on() -> None:
    policy = parse_policy('deny = ["Copyleft"]\nallow = ["Sleepycat", "GPL-3.0-only"]')
    assert violations(policy) == {"weak-copyleft", "gpl-in-interpreter"}  # GPL is an error


def test_ids_are_canonical_and_globs_match() -> None:
    policy = parse_policy('deny = ["GPL-3.0", "lgpl-2.1+"]\nfail_on = "info"')
    assert policy.deny == ("GPL-3.0-only", "LGPL-2.1-or-later")
    glob = Policy("g", deny=("GPL-*",), fail_on=Severity.ERROR)
    build_only = Finding(
        "gpl-build-only", Severity.WARNING, "readline", "m", license="GPL-3.0-only"
    )
    assert violations(glob, (build_only, LGPL)) == {"gpl-build-only"}


def test_an_or_choice_is_not_a_violation() -> None:
    policy = Policy("g", deny=("GPL-*",))
    assert not license_denied(policy, "MIT OR GPL-2.0-only")
    assert license_denied(policy, "MIT AND GPL-2.0-only")
    assert license_denied(Policy("u", deny=("Unknown",)), "NOASSERTION")


def test_fail_on_warning() -> None:
    assert violations(Policy("w", fail_on=Severity.WARNING)) == {
        "gpl-in-interpreter",
        "source-offer",
        "weak-copyleft",
    }


def test_a_waiver_marks_the_finding_and_keeps_it() -> None:
    waiver = Waiver("readline", "gpl-in-interpreter", "legal approved (LEGAL-1)", "2026-09-01")
    verdict = apply_policy(ALL, Policy("d", waivers=(waiver,)), today=TODAY)
    waived = [f for f in verdict.findings if f.id == "gpl-in-interpreter"]
    assert len(waived) == 1 and waived[0].waiver == waiver and waived[0].violates_policy
    assert verdict.passed and verdict.violations == () and verdict.expired_waivers == ()


def test_an_expired_waiver_does_not_waive_and_says_so() -> None:
    waiver = Waiver("readline", "gpl-in-interpreter", "legal approved", "2026-08-31")
    verdict = apply_policy(ALL, Policy("d", waivers=(waiver,)), today=TODAY)
    assert not verdict.passed
    assert verdict.expired_waivers == (waiver,)
    gpl = next(f for f in verdict.findings if f.id == "gpl-in-interpreter")
    assert gpl.waiver is None
    assert "waiver expired on 2026-08-31 and no longer applies: legal approved" in gpl.evidence


def test_a_star_waiver_matches_distribution_wide_findings() -> None:
    waiver = Waiver("*", "license-file-unreferenced", "known PBS behaviour")
    verdict = apply_policy(ALL, Policy("i", fail_on=Severity.INFO, waivers=(waiver,)), today=TODAY)
    unreferenced = next(f for f in verdict.findings if f.id == "license-file-unreferenced")
    assert unreferenced.waiver == waiver
    assert "license-file-unreferenced" not in {f.id for f in verdict.violations}


def _inventory(*components: Component) -> Inventory:
    summary = ArchiveSummary("a", "a", Container.ZSTD_TAR, "0" * 64, 1, 1, None)
    return Inventory(
        summary,
        Flavor.FULL,
        "3.12.1",
        None,
        None,
        ReleaseInfo(ReleaseSource.UNKNOWN),
        None,
        None,
        components,
    )


def _component(key: str, expression: str, shipping: Shipping = Shipping.BUNDLED) -> Component:
    license = License(expression, (expression,))
    return Component(key, key, ComponentKind.LIBRARY, shipping, license, license)


def test_with_the_inventory_any_denied_shipped_license_fails() -> None:
    inventory = _inventory(
        _component("openssl-3", "Apache-2.0"),
        _component("libedit", "Apache-2.0", Shipping.SYSTEM),
        _component("zlib", "Zlib"),
        _component("bdb", "Sleepycat"),
    )
    policy = Policy("no-apache", deny=("Apache-2.0", "Sleepycat"))
    verdict = apply_policy((SLEEPYCAT,), policy, today=TODAY, inventory=inventory)
    denied = [f for f in verdict.findings if f.id == "denied-license"]
    assert [(f.component, f.severity) for f in denied] == [("openssl-3", Severity.ERROR)]
    assert "which policy 'no-apache' denies (Apache-2.0)" in denied[0].message
    assert {f.id for f in verdict.violations} == {"denied-license", "source-offer"}
    unset = apply_policy((), Policy("d"), today=TODAY, inventory=inventory).findings
    assert [(f.id, f.severity) for f in unset] == [
        ("source-offer-not-configured", Severity.WARNING)
    ]
    offered = Policy("d", notice=NoticeSettings(offer_from="ACME", offer_url="https://a.example/"))
    assert apply_policy((), offered, today=TODAY, inventory=inventory).findings == ()


def test_the_example_policy_loads_and_waives_sleepycat() -> None:
    policy = load_policy(data_dir() / "policy.example.toml")
    assert policy.name == "no-copyleft" and "Copyleft" in policy.deny
    assert policy.waivers[0] == Waiver(
        "bdb",
        "source-offer",
        "We publish the Berkeley DB 6.0.19 source at https://example.com/sources/ (LEGAL-123).",
        "2027-06-30",
    )
    assert violations(policy) == {"gpl-in-interpreter", "weak-copyleft"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\nfail_on = error', "is not valid TOML: Invalid value (at line 2"),
        ('fail_on = "fatal"', "fail_on = 'fatal' is not a severity; use one of error, warning"),
        ('colour = "red"', "unknown key colour; the keys are name, fail_on, deny"),
        ('deny = "GPL"', "deny must be a list of strings"),
        ('allow = ["GPL3"]', "allow[0] = 'GPL3' is neither an SPDX license id nor a category"),
        ('name = ""', "name must be a non-empty string"),
        ("waivers = 1", "waivers must be an array of tables"),
        ('[[waivers]]\ncomponent = "bdb"\nfinding = "source-offer"', "waiver #1 needs reason"),
        ('[[waivers]]\nfinding = "source-offer"\nreason = "r"', "waiver #1 needs component"),
        ('[[waivers]]\ncomponent = "bdb"\nreason = "r"', "waiver #1 needs finding"),
        (
            '[[waivers]]\ncomponent = "b"\nfinding = "gpl"\nreason = "r"',
            "finding = 'gpl' is not a finding id",
        ),
        (
            '[[waivers]]\ncomponent = "b"\nfinding = "source-offer"\nreason = "r"\nowner = "me"',
            "waiver #1: unknown key owner",
        ),
        (
            '[[waivers]]\ncomponent = "b"\nfinding = "source-offer"\nreason = "r"\n'
            'expires = "next year"',
            "expires = 'next year' is not a date; write it as 2026-12-31",
        ),
        (
            '[[waivers]]\ncomponent = "b"\nfinding = "source-offer"\nreason = "r"\n'
            "expires = 2026-01-01T10:00:00",
            "has a time",
        ),
    ],
)
def test_malformed_policies_are_rejected_with_a_clear_message(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert caught.value.exit_code == 2


def test_policy_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        load_policy(tmp_path / "missing.toml")
    with pytest.raises(PolicyError, match="is a directory"):
        load_policy(tmp_path)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'name = "\xff"')
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_policy(binary)


def test_name_defaults_to_the_file_name_and_dates_may_be_strings(tmp_path: Path) -> None:
    path = tmp_path / "release-gate.toml"
    path.write_text(
        '[[waivers]]\ncomponent = "bdb"\nfinding = "source-offer"\n'
        'reason = "ok"\nexpires = "2027-01-31"\n',
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert policy.name == "release-gate"
    assert policy.waivers == (Waiver("bdb", "source-offer", "ok", "2027-01-31"),)
