"""Parse `python/PYTHON.json` of any format version (0-8) into `model.PythonJson`.

Lenient about what changed between versions (`os`/`arch` before `target_triple`, `link_mode`
before `libpython_link_mode`, a single extension object before variant lists, bare-string
links) and strict about shapes: every malformed value becomes one `MetadataError` that names
the field and says what to do, never a `KeyError` or `TypeError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

from licscan.errors import MetadataError
from licscan.model import Core, ExtensionVariant, JSONValue, Link, LinkKind, PythonJson
from licscan.read import DEFAULT_LIMITS, Limits, exceeded, size_text

SUPPORTED_FORMATS = ("0", "1", "2", "3", "4", "5", "6", "7", "8")

# Top-level keys of formats 0-8 (spec 2.2, 2.3): the ones parsed below, then ones known to
# carry nothing licscan needs. Anything else lands in `unknown_keys`.
_KNOWN_TOP_LEVEL = frozenset(
    {
        "version", "python_version", "target_triple", "os", "arch", "build_options",
        "optimizations", "libpython_link_mode", "link_mode", "crt_features", "python_tag",
        "python_platform_tag", "licenses", "license_path", "tcl_library_path",
        "tcl_library_paths", "python_paths", "build_info",
        "python_abi_tag", "python_bytecode_magic_number", "python_config_vars", "python_exe",
        "python_extension_module_loading", "python_flavor", "python_include", "python_stdlib",
        "python_implementation_cache_tag", "python_implementation_hex_version",
        "python_implementation_name", "python_implementation_version",
        "python_major_minor_version", "python_paths_abstract", "python_stdlib_platform_config",
        "python_stdlib_test_packages", "python_suffixes", "python_symbol_visibility",
        "run_tests", "debug", "apple_sdk_canonical_name", "apple_sdk_platform",
        "apple_sdk_version", "apple_sdk_deployment_target",
    }
)  # fmt: skip
_EXTENSION_KEYS = frozenset(
    {
        "variant", "in_core", "required", "init_fn", "links", "objs", "static_lib",
        "shared_lib", "licenses", "license_paths", "license_path", "license_public_domain",
    }
)  # fmt: skip
_LINK_KEYS = frozenset({"name", "path_static", "path_dynamic", "system", "framework"})

_REPORT = (
    "re-download the archive; if it is an unmodified python-build-standalone archive, "
    "report the file to licscan"
)


def parse_python_json(
    data: bytes,
    *,
    member: str = "python/PYTHON.json",
    allow_unknown_format: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> PythonJson:
    """Parse the bytes of a PYTHON.json; `member` names the file in error messages.

    A format version other than 0-8 is refused unless `allow_unknown_format`, in which case
    the file is read with the same rules (fields licscan knows must still have their shape).
    """
    top = _load(data, member, limits)
    fields = _Fields(top, "", member)
    fmt = _format_version(top, member)
    if fmt not in SUPPORTED_FORMATS and not allow_unknown_format:
        raise MetadataError(
            f"{member} format version {fmt!r} is not one licscan knows (0-8); upgrade "
            "licscan, or pass --allow-unknown-format to read it on a best-effort basis"
        )
    python_version = fields.text("python_version")
    if python_version is None:
        raise MetadataError(
            f"{member} has no 'python_version' key, so it is not a python-build-standalone "
            "PYTHON.json; check that the archive is a PBS full archive"
        )
    core, extensions = _build_info(fields.obj("build_info"), member)
    return PythonJson(
        format_version=fmt,
        python_version=python_version,
        target_triple=fields.text("target_triple"),
        os=fields.text("os"),
        arch=fields.text("arch"),
        build_options=fields.text("build_options"),
        optimizations=fields.text("optimizations"),
        libpython_link_mode=fields.text("libpython_link_mode") or fields.text("link_mode"),
        crt_features=fields.texts("crt_features") or (),
        python_tag=fields.text("python_tag"),
        python_platform_tag=fields.text("python_platform_tag"),
        licenses=fields.texts("licenses"),
        license_path=fields.text("license_path"),
        tcl_library_path=fields.text("tcl_library_path"),
        tcl_library_paths=fields.texts("tcl_library_paths"),
        python_paths=MappingProxyType(fields.text_map("python_paths")),
        core=core,
        extensions=extensions,
        unknown_keys=_extra(top, _KNOWN_TOP_LEVEL),
    )


def _load(data: bytes, member: str, limits: Limits = DEFAULT_LIMITS) -> Mapping[str, object]:
    if len(data) > limits.json_bytes:
        raise exceeded(
            member, f"it has {size_text(len(data))}", "json_bytes", limits, MetadataError
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise MetadataError(
            f"{member} is not UTF-8 text (invalid byte at offset {e.start}); the archive may "
            f"be corrupt: {_REPORT}"
        ) from None
    try:
        value: object = json.loads(text)
    except json.JSONDecodeError as e:
        raise MetadataError(
            f"{member} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}); the "
            f"archive may be truncated or corrupt: {_REPORT}"
        ) from None
    except RecursionError:
        raise exceeded(member, "it nests too deeply", "json_depth", limits, MetadataError) from None
    except ValueError as e:
        raise MetadataError(
            f"{member} cannot be read as JSON ({str(e)[:200]}); {_REPORT}"
        ) from None
    _check_shape(value, member, limits)
    if not isinstance(value, dict):
        raise MetadataError(
            f"{member} must hold a JSON object at the top level, got {_kind(value)}; "
            "check that the archive is a python-build-standalone full archive"
        )
    return value


def _check_shape(value: object, member: str, limits: Limits) -> None:
    """Every array and object within json_depth, every string (and key) within string_bytes:
    one walk, without recursion."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if len(item) > limits.string_bytes:
                what = f"a string of {len(item):,} characters"
                raise exceeded(member, what, "string_bytes", limits, MetadataError)
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > limits.json_depth:
            what = "it nests deeper"
            raise exceeded(member, what, "json_depth", limits, MetadataError)
        if isinstance(item, dict):
            pending.extend((key, depth) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        else:
            pending.extend((child, depth + 1) for child in item)


def _format_version(top: Mapping[str, object], member: str) -> str:
    if "version" not in top:
        raise MetadataError(
            f"{member} has no 'version' key, so it is not a python-build-standalone "
            "PYTHON.json; check that the archive is a PBS full archive"
        )
    version = top["version"]
    if isinstance(version, int) and not isinstance(version, bool):
        return str(version)
    if isinstance(version, str):
        return version.strip()
    raise MetadataError(
        f'{member}: version must be a string such as "8", got {_kind(version)}; {_REPORT}'
    )


def _build_info(
    build_info: Mapping[str, object] | None, member: str
) -> tuple[Core, tuple[ExtensionVariant, ...]]:
    if build_info is None:
        return Core(), ()
    info = _Fields(build_info, "build_info", member)
    core = Core()
    core_obj = info.obj("core")
    if core_obj is not None:
        f = _Fields(core_obj, "build_info.core", member)
        core = Core(
            objs=f.texts("objs") or (),
            links=_links(f, member),
            shared_lib=f.text("shared_lib"),
            static_lib=f.text("static_lib"),
        )
    extensions: list[ExtensionVariant] = []
    for name, value in sorted((info.obj("extensions") or {}).items()):
        where = f"build_info.extensions.{name}"
        if isinstance(value, dict):  # very old files: one entry instead of a list
            extensions.append(_variant(name, value, where, member))
        elif isinstance(value, list):
            for i, entry in enumerate(value):
                extensions.append(_variant(name, entry, f"{where}[{i}]", member))
        else:
            raise _type_error(member, where, "a list of variant entries", value)
    return core, tuple(extensions)


def _variant(name: str, value: object, where: str, member: str) -> ExtensionVariant:
    if not isinstance(value, dict):
        raise _type_error(member, where, "an object", value)
    f = _Fields(value, where, member)
    license_paths = f.texts("license_paths")
    singular = f.texts("license_path", allow_str=True)  # the docs' spelling
    if singular is not None:
        known = license_paths or ()
        license_paths = known + tuple(p for p in singular if p not in known)
    return ExtensionVariant(
        extension=name,
        variant=f.text("variant") or "default",
        in_core=f.flag("in_core") or False,
        required=f.flag("required") or False,
        init_fn=f.text("init_fn"),
        links=_links(f, member),
        objs=f.texts("objs") or (),
        static_lib=f.text("static_lib"),
        shared_lib=f.text("shared_lib"),
        licenses=f.texts("licenses"),
        license_paths=license_paths,
        license_public_domain=f.flag("license_public_domain"),
        extra=_extra(value, _EXTENSION_KEYS),
    )


def _links(owner: _Fields, member: str) -> tuple[Link, ...]:
    return tuple(
        _link(value, f"{owner.path('links')}[{i}]", member)
        for i, value in enumerate(owner.items("links"))
    )


def _link(value: object, where: str, member: str) -> Link:
    if isinstance(value, str):  # very old files: a bare library name
        return Link(value, LinkKind.UNSPECIFIED)
    if not isinstance(value, dict):
        raise _type_error(member, where, "an object or a string", value)
    f = _Fields(value, where, member)
    name = f.text("name")
    if name is None:
        raise MetadataError(f"{member}: {where}.name is missing; {_REPORT}")
    static, dynamic = f.text("path_static"), f.text("path_dynamic")
    extra = _extra(value, _LINK_KEYS)
    if static is not None:
        return Link(name, LinkKind.STATIC, static, extra)
    if dynamic is not None:
        return Link(name, LinkKind.DYNAMIC, dynamic, extra)
    if f.flag("framework"):
        return Link(name, LinkKind.FRAMEWORK, None, extra)
    if f.flag("system"):
        return Link(name, LinkKind.SYSTEM, None, extra)
    return Link(name, LinkKind.UNSPECIFIED, None, extra)


class _Fields:
    """Typed reads of one JSON object's keys; errors name the key's path in the file."""

    def __init__(self, obj: Mapping[str, object], where: str, member: str) -> None:
        self._obj, self._where, self._member = obj, where, member

    def path(self, key: str) -> str:
        return f"{self._where}.{key}" if self._where else key

    def _error(self, key: str, expected: str, value: object) -> MetadataError:
        return _type_error(self._member, self.path(key), expected, value)

    def text(self, key: str) -> str | None:
        """A string; absent or null -> None."""
        value = self._obj.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self._error(key, "a string", value)

    def flag(self, key: str) -> bool | None:
        """A boolean; absent or null -> None."""
        value = self._obj.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self._error(key, "true, false or null", value)

    def items(self, key: str) -> list[object]:
        """A list; absent or null -> []."""
        value = self._obj.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        raise self._error(key, "a list", value)

    def texts(self, key: str, *, allow_str: bool = False) -> tuple[str, ...] | None:
        """A list of strings; absent or null -> None, [] -> ()."""
        value = self._obj.get(key)
        if value is None:
            return None
        if allow_str and isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self._error(key, "a list of strings", value)
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self._error(f"{key}[{i}]", "a string", item)
        return tuple(value)

    def obj(self, key: str) -> Mapping[str, object] | None:
        """A JSON object; absent or null -> None."""
        value = self._obj.get(key)
        if value is None or isinstance(value, dict):
            return value
        raise self._error(key, "an object", value)

    def text_map(self, key: str) -> dict[str, str]:
        """An object of strings; absent or null -> {}."""
        value = self.obj(key) or {}
        for k, v in value.items():
            if not isinstance(v, str):
                raise self._error(f"{key}.{k}", "a string", v)
        return {k: cast(str, v) for k, v in sorted(value.items())}


def _extra(obj: Mapping[str, object], known: frozenset[str]) -> Mapping[str, JSONValue]:
    """The keys licscan does not know, kept verbatim (values are what json.loads made)."""
    return MappingProxyType(
        {k: cast(JSONValue, v) for k, v in sorted(obj.items()) if k not in known}
    )


def _type_error(member: str, path: str, expected: str, value: object) -> MetadataError:
    return MetadataError(f"{member}: {path} must be {expected}, got {_kind(value)}; {_REPORT}")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
