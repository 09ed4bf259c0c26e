"""SPDX normalization: ids as written -> one AND expression, problems reported not dropped."""

from __future__ import annotations

from licscan.spdx import PUBLIC_DOMAIN_REF, expression_ids, merge, normalize


def test_deprecated_gpl_id_is_upgraded_and_reported() -> None:
    lic = normalize(["GPL-3.0", "X11"])
    assert lic.expression == "GPL-3.0-only AND X11"
    assert lic.deprecated == (("GPL-3.0", "GPL-3.0-only"),)
    assert lic.written == ("GPL-3.0", "X11")


def test_several_ids_are_a_conjunction_not_a_choice() -> None:
    assert normalize(["Python-2.0", "CNRI-Python"]).expression == "CNRI-Python AND Python-2.0"
    assert " OR " not in normalize(["Apache-2.0", "OpenSSL"]).expression


def test_absent_keys_mean_unknown_and_empty_list_means_none() -> None:
    assert normalize(None).expression == "NOASSERTION"
    assert not normalize(None).known
    assert normalize([]).expression == "NONE"


def test_public_domain_is_a_documented_license_ref() -> None:
    lic = normalize([], public_domain=True)
    assert lic.expression == PUBLIC_DOMAIN_REF
    assert lic.public_domain


def test_invalid_id_is_kept_as_license_ref_and_reported() -> None:
    lic = normalize(["Foo Bar", "MIT"])
    assert lic.invalid == ("Foo Bar",)
    assert lic.expression == "LicenseRef-PBS-Foo-Bar AND MIT"


def test_merge_combines_known_declarations_and_ignores_unknown() -> None:
    merged = merge([normalize(["MIT"]), normalize(None), normalize(["Zlib", "MIT"])])
    assert merged.expression == "MIT AND Zlib"
    assert expression_ids(merged.expression) == ("MIT", "Zlib")
    assert merge([normalize(None)]).expression == "NOASSERTION"
