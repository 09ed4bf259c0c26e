"""SPDX normalization: ids as written -> one AND expression, problems reported not dropped."""

from __future__ import annotations

from pathlib import Path

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


def test_one_licensing_object_serves_licscan_spdx_tools_and_cyclonedx() -> None:
    import cyclonedx.spdx
    import license_expression
    import spdx_tools.common.spdx_licensing

    from licscan.spdx import licensing

    shared = licensing()
    assert spdx_tools.common.spdx_licensing.spdx_licensing is shared
    assert vars(cyclonedx.spdx)["__SPDX_EXPRESSION_LICENSING"] is shared
    assert license_expression.get_spdx_licensing() is shared


def test_shared_licensing_knows_what_a_fresh_one_knows(tmp_path: Path) -> None:
    import license_expression

    from licscan.spdx import license_index, licensing

    assert license_index() == license_expression.get_license_index()
    fresh = license_expression.build_spdx_licensing(license_expression.get_license_index())
    assert set(licensing().known_symbols) == set(fresh.known_symbols)
    for text in ("GPL-2.0+", "mit", "Apache-2.0 WITH LLVM-exception", "GPL-3.0 OR BSD-3-Clause"):
        assert str(licensing().parse(text)) == str(fresh.parse(text))
    # another license index is still read from its own file
    index = tmp_path / "index.json"
    index.write_text('[{"license_key": "mit", "spdx_license_key": "MIT"}]')
    other = license_expression.get_spdx_licensing(str(index))
    assert other is not licensing()
    assert set(other.known_symbols) == {"MIT"}
