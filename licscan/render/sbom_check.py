"""The official libraries' verdict on an SBOM file (`licscan validate`).

licscan writes its SBOMs with its own code (the tests hold every document byte for byte
against the libraries' writers); this module lets a user, or a CI job, ask the libraries
themselves about any CycloneDX JSON, SPDX 2 JSON or SPDX 3 JSON-LD document, licscan's or
not: cyclonedx-python-lib's strict JSON schema validator, spdx-tools' parser and full
validation, spdx-python-model's JSON-LD deserializer. Each library is imported only for the
documents of its format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from licscan.errors import InputError

MAX_PROBLEMS = 50  # listed per document; the count says how many more there are
MAX_PROBLEM_CHARS = 400  # a library's message is cut there (SPDX 3 lists whole vocabularies)


@dataclass(frozen=True)
class SbomVerdict:
    """What the format's library says of one document: valid when `problems` is empty."""

    format: str  # "CycloneDX 1.6", "SPDX-2.3", "SPDX 3.0.1"
    library: str  # the library (and version) that judged it
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def check_sbom(data: bytes, label: str = "the document") -> SbomVerdict:
    """The verdict of the library of the document's format. InputError for bytes that are
    not JSON or not a CycloneDX, SPDX 2 or SPDX 3 document."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(
            f"{label} is not JSON ({error}): give a CycloneDX or SPDX JSON file"
        ) from None
    if isinstance(document, dict) and document.get("bomFormat") == "CycloneDX":
        return _cyclonedx(data, document)
    if isinstance(document, dict) and str(document.get("spdxVersion", "")).startswith("SPDX-2"):
        return _spdx2(document)
    if isinstance(document, dict) and "spdx.org/rdf/3" in json.dumps(document.get("@context")):
        return _spdx3(document)
    raise InputError(
        f"{label} is neither CycloneDX JSON (bomFormat), SPDX 2 JSON (spdxVersion) nor "
        "SPDX 3 JSON-LD (@context): licscan validates those three"
    )


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return f"{distribution} {version(distribution)}"


def _cyclonedx(data: bytes, document: dict[str, Any]) -> SbomVerdict:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator, JsonValidationError

    spec = str(document.get("specVersion", ""))
    library = _version("cyclonedx-python-lib")
    try:
        schema = SchemaVersion.from_version(spec)
    except (ValueError, KeyError):
        return SbomVerdict(f"CycloneDX {spec}", library, (f"unknown specVersion {spec!r}",))
    found = JsonStrictValidator(schema).validate_str(data.decode("utf-8"), all_errors=True)
    errors: list[object] = []
    if isinstance(found, JsonValidationError):
        errors = [found]
    elif found is not None:
        errors = list(found)
    return SbomVerdict(f"CycloneDX {spec}", library, _listed(_schema_error(e) for e in errors))


def _schema_error(error: object) -> str:
    """`$.components[0].type: 'nope' is not one of [...]`: where, and what the schema says."""
    found = getattr(error, "data", None)  # jsonschema's ValidationError
    message, where = getattr(found, "message", None), getattr(found, "json_path", None)
    if isinstance(message, str) and isinstance(where, str):
        return f"{where}: {message}"
    return str(error)


def _spdx2(document: dict[str, Any]) -> SbomVerdict:
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    spec = str(document.get("spdxVersion"))
    library = _version("spdx-tools")
    try:
        parsed = JsonLikeDictParser().parse(document)  # type: ignore[no-untyped-call]
    except SPDXParsingError as error:
        problems = error.get_messages()  # type: ignore[no-untyped-call]
        return SbomVerdict(spec, library, _listed(problems))
    messages = validate_full_spdx_document(parsed, spec)
    return SbomVerdict(spec, library, _listed(m.validation_message for m in messages))


def _spdx3(document: dict[str, Any]) -> SbomVerdict:
    from spdx_python_model.bindings import v3_0_1 as spdx3

    library = _version("spdx-python-model")
    objects = spdx3.SHACLObjectSet()
    try:
        spdx3.JSONLDDeserializer().deserialize_data(document, objects)
    except Exception as error:  # the bindings raise many kinds of error on bad input
        return SbomVerdict("SPDX 3.0.1", library, _listed([f"{type(error).__name__}: {error}"]))
    if not list(objects.foreach_type(spdx3.SpdxDocument)):
        return SbomVerdict("SPDX 3.0.1", library, ("no SpdxDocument element",))
    return SbomVerdict("SPDX 3.0.1", library, ())


def _listed(messages: Any) -> tuple[str, ...]:
    found = [_cut(" ".join(str(m).split())) for m in messages]
    if len(found) > MAX_PROBLEMS:
        found = [*found[:MAX_PROBLEMS], f"... and {len(found) - MAX_PROBLEMS:,} more"]
    return tuple(found)


def _cut(message: str) -> str:
    return (
        message if len(message) <= MAX_PROBLEM_CHARS else message[: MAX_PROBLEM_CHARS - 3] + "..."
    )
