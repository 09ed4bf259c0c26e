"""The typed model passed between the pipeline's stages (frozen dataclasses).

read -> pbs -> inventory -> judge -> render: every stage takes and returns these types;
no stage reaches back into an earlier one. One module per stage it describes.
"""

from licscan.model.archive import (
    ArchiveContents,
    BinaryFacts,
    CodeMatch,
    Container,
    Member,
    MemberKind,
)
from licscan.model.base import JSONValue, StrEnum
from licscan.model.inventory import (
    IDENTIFICATION_THRESHOLD,
    UNKNOWN_LICENSE,
    ArchiveSummary,
    BinaryEvidence,
    BuildOnlyVariant,
    Component,
    ComponentKind,
    Correction,
    FileStatus,
    Inventory,
    License,
    LicenseDirEntry,
    LicenseFile,
    LinkUse,
    MemberHash,
    Shipping,
    SystemLibrary,
)
from licscan.model.pbs import (
    AssetName,
    Core,
    ExtensionVariant,
    Flavor,
    Link,
    LinkKind,
    PythonJson,
    ReleaseInfo,
    ReleaseSource,
)
from licscan.model.verdict import (
    Finding,
    Report,
    Severity,
    Verdict,
    Waiver,
)

__all__ = [
    "IDENTIFICATION_THRESHOLD",
    "UNKNOWN_LICENSE",
    "ArchiveContents",
    "ArchiveSummary",
    "AssetName",
    "BinaryEvidence",
    "BinaryFacts",
    "BuildOnlyVariant",
    "CodeMatch",
    "Component",
    "ComponentKind",
    "Container",
    "Core",
    "Correction",
    "ExtensionVariant",
    "FileStatus",
    "Finding",
    "Flavor",
    "Inventory",
    "JSONValue",
    "License",
    "LicenseDirEntry",
    "LicenseFile",
    "Link",
    "LinkKind",
    "LinkUse",
    "Member",
    "MemberHash",
    "MemberKind",
    "PythonJson",
    "ReleaseInfo",
    "ReleaseSource",
    "Report",
    "Severity",
    "Shipping",
    "StrEnum",
    "SystemLibrary",
    "Verdict",
    "Waiver",
]
