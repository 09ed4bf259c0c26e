"""The exceptions licscan raises: each says what was wrong with the input and what to do."""

from __future__ import annotations


class LicscanError(Exception):
    """Base class: a problem the user can act on. The CLI prints it on one line, exit 2."""

    exit_code = 2


class InputError(LicscanError):
    """The archive or directory given cannot be read as a PBS distribution."""


class ArchiveError(InputError):
    """The container is not a tar archive, is truncated or corrupt, or breaks a safety limit."""


class MetadataError(InputError):
    """PYTHON.json is missing, is not JSON, or does not have the shape of any known format."""


class PolicyError(LicscanError):
    """A policy file cannot be read or is not valid."""


class OutputError(LicscanError):
    """A report could not be written."""


class UsageError(LicscanError):
    """A call or command named something licscan does not have, e.g. an unknown report format."""
