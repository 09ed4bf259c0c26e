"""URLs as inputs: `https://...`, `s3://...` or any other fsspec protocol, streamed.

The file is opened with fsspec and its file object handed to the reader like stdin: read once,
front to back, never copied to disk. The PBS asset name (release, platform) is the URL's last
path segment (`%2B` read as `+`). Messages name the URL without its query string or user info
(a signed URL's query is a credential). fsspec is an extra (`pip install 'licscan[urls]'`;
`s3://` also needs `s3fs`, `licscan[s3]`): without it, or without a protocol's package, on an
HTTP error, a timeout or a connection cut short, reading fails with one `InputError` line.
A folder URL of a protocol that lists folders (not http) stands for the archives under it.

`LICSCAN_URL_TIMEOUT` (seconds, default 60) bounds connecting and each wait for data over HTTP.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from licscan.errors import InputError, LicscanError
from licscan.read.streams import Readable

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")  # two letters at least: not C:\ or C://
_HTTP = ("http", "https")
DEFAULT_TIMEOUT = 60.0
INSTALL_HINT = "pip install 'licscan[urls]'"


def is_url(argument: str) -> bool:
    """Whether an argument is a URL (`scheme://...`) rather than a path; an existing file
    of that name stays a path."""
    return bool(_URL.match(argument)) and not os.path.exists(argument)


def display_url(url: str) -> str:
    """The URL as messages and reports name it: no user info, query or fragment."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def url_name(url: str) -> str:
    """The file name in a URL: its last path segment, percent-decoded ("" for none)."""
    path = urlsplit(url).path.rstrip("/")
    return unquote(path.rsplit("/", 1)[-1])


def timeout() -> float:
    raw = os.environ.get("LICSCAN_URL_TIMEOUT", "")
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        value = DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


class _Guarded:
    """A remote file's reads, whose failures (a connection cut short, a timeout, a protocol
    error: fsspec and its backends raise many kinds) become one `InputError` line."""

    def __init__(self, raw: Any, label: str) -> None:
        self._raw, self._label = raw, label

    def read(self, size: int = -1, /) -> bytes:
        try:
            data = self._raw.read(size)
        except LicscanError:
            raise
        except Exception as exc:
            raise InputError(f"cannot read {self._label}: {describe(exc)}") from exc
        return bytes(data)


def describe(exc: BaseException) -> str:
    """A backend's exception in a few plain words (no reprs, no tracebacks)."""
    name = type(exc).__name__
    if isinstance(exc, FileNotFoundError) and exc.__cause__ is not None:
        return describe(exc.__cause__)  # fsspec's wrapper of the real reason
    status = getattr(exc, "status", None) or getattr(exc, "code", None)
    if isinstance(status, int) and 100 <= status < 600:
        reason = getattr(exc, "message", "") or ""
        return f"HTTP {status} {reason}".strip()
    if isinstance(exc, TimeoutError) or "Timeout" in name:
        return "timed out (no data for a while; LICSCAN_URL_TIMEOUT sets the seconds)"
    if isinstance(exc, FileNotFoundError):
        return "not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if "Connector" in name:  # aiohttp: refused, unreachable, no such host
        reason = getattr(getattr(exc, "os_error", None), "strerror", None)
        return f"cannot connect ({reason})" if reason else "cannot connect"
    if "Payload" in name or "Disconnected" in name or isinstance(exc, ConnectionError):
        return "the connection closed before the whole file came"
    text = " ".join(str(exc).split())[:200]
    return f"{text} ({name})" if text else name


def _filesystem(url: str, label: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{label}: reading URLs needs fsspec: {INSTALL_HINT}") from None
    scheme = urlsplit(url).scheme.lower()
    options: dict[str, Any] = {}
    if scheme in _HTTP:
        try:
            import aiohttp
        except ImportError:
            raise InputError(
                f"{label}: reading {scheme} URLs needs aiohttp: {INSTALL_HINT}"
            ) from None
        seconds = timeout()
        options["client_kwargs"] = {
            "timeout": aiohttp.ClientTimeout(total=None, sock_connect=seconds, sock_read=seconds)
        }
    try:
        return fsspec.core.url_to_fs(url, **options)  # type: ignore[no-any-return]
    except ImportError as exc:  # the protocol's package (s3fs, gcsfs, ...) is not installed
        package = getattr(exc, "name", None)
        hint = f"pip install {package}" if package else "install fsspec's package for it"
        if scheme == "s3":
            hint = "pip install 'licscan[s3]'"
        raise InputError(
            f"{label}: the {scheme}:// protocol needs another package: {hint}"
        ) from None
    except ValueError:  # fsspec knows no such protocol
        raise InputError(
            f"{label}: unknown URL protocol {scheme}:// (fsspec has no file system for it)"
        ) from None
    except LicscanError:
        raise
    except Exception as exc:
        raise InputError(f"cannot open {label}: {describe(exc)}") from exc


def expand_url(url: str, is_archive_name: Callable[[str], bool]) -> list[str]:
    """A folder URL (`s3://bucket/releases/`, not http) as the URLs of the archives under it,
    sorted; any other URL as itself (reading it reports what is wrong)."""
    if urlsplit(url).scheme.lower() in _HTTP:
        return [url]
    try:
        fs, path = _filesystem(url, display_url(url))
        if not fs.isdir(path):
            return [url]
        names = sorted(p for p in fs.find(path) if is_archive_name(p.rsplit("/", 1)[-1]))
    except Exception:  # no fsspec, no protocol package, no access: reading says so
        return [url]
    return [fs.unstrip_protocol(name) for name in names] or [url]


@contextmanager
def open_url(url: str) -> Iterator[tuple[Readable, int]]:
    """The URL's bytes as a stream, with its size (0 when the server does not say)."""
    label = display_url(url)
    fs, path = _filesystem(url, label)
    scheme = urlsplit(url).scheme.lower()
    try:
        if scheme not in _HTTP and fs.isdir(path):
            local = f": give its path, {path}" if scheme == "file" else ""
            raise InputError(
                f"{label} is a folder with no archive under it (.tar.zst, .tar.gz, .tgz, .tar); "
                f"an unpacked installation is read from a local path, not a URL{local}"
            )
        # http: a plain streamed GET (no range requests); others: fsspec's read-ahead blocks
        # (size=-1: no HEAD request first, whose errors fsspec reports all as "not found")
        streamed: dict[str, Any] = {"block_size": 0, "size": -1} if scheme in _HTTP else {}
        raw = fs.open(path, "rb", **streamed)
    except LicscanError:
        raise
    except Exception as exc:
        raise InputError(f"cannot read {label}: {describe(exc)}") from exc
    size = getattr(raw, "size", None)
    if not isinstance(size, int) or size < 0:  # http: the response's Content-Length
        size = getattr(getattr(raw, "r", None), "content_length", None)
    try:
        yield _Guarded(raw, label), size if isinstance(size, int) and size > 0 else 0
    finally:
        with suppress(Exception):  # closing a connection that failed already
            raw.close()
