"""Typer's parameter coercion without pydantic for the plain types licscan's commands take.

Recent typer releases coerce every command-line value through a pydantic `TypeAdapter`:
importing pydantic and building one adapter per parameter costs about 0.08 s of CPU on every
run, a fifth of a `scan --json` of a small archive. licscan's parameters are `str`, `bool`,
`Path` and lists of them; for a value of the expected shape this module gives typer the same
result without pydantic (a `str` stays itself, a bool flag stays a bool, a path goes through
typer's own `coerce_cli_path`, a list is coerced item by item). Anything else - another type, a
custom parser, a value of an unexpected shape, an error - goes to typer's own coercion, built
only then (an option left out is never coerced), so values and error messages are typer's own.
With a typer that has no such layer (older releases), `install` does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

_MARK = "__licscan_fast__"


def install() -> None:
    """Route typer's coercion of plain parameters around pydantic (idempotent)."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_path
    except ImportError:  # a typer without the pydantic layer: nothing to do
        return
    original: Any = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, _MARK, False):
        return

    class PlainRuntimeParam(RuntimeParam):
        """Coerces str / bool / Path (and lists of them); defers all else to typer's own
        runtime parameter, built when first needed (a `--jobs` left out builds none: typer
        coerces no missing value)."""

        def _full(self) -> Any:
            built = self.__dict__.get("_built")
            if built is None:
                built = original(self.__dict__["_descriptor"])
                object.__setattr__(self, "_built", built)
            return built

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation: Any = self.annotation
            if not self.__dict__["_plain"]:
                return self._full()._coerce_value(value, param, ctx)
            if get_origin(annotation) is list:
                (item_type,) = get_args(annotation)
                items = value if isinstance(value, (list, tuple)) else [value]
                done = [self._leaf(item_type, item, param, ctx) for item in items]
                if all(item is not _NO for item in done):
                    return done
            else:
                result = self._leaf(annotation, value, param, ctx)
                if result is not _NO:
                    return result
            return self._full()._coerce_value(value, param, ctx)

        def _leaf(self, annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
            if annotation is str and isinstance(value, str):
                return value
            if annotation is bool and isinstance(value, bool):
                return value
            info = self.parameter_info
            if annotation is Path and isinstance(value, str) and value and not info.allow_dash:
                path_type = info.path_type or Path
                if path_type is Path:
                    return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            return _NO

    def build(descriptor: Any) -> Any:
        if descriptor.file_annotation is not None:  # typer builds no adapter for these
            return original(descriptor)
        fast = PlainRuntimeParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
        )
        object.__setattr__(fast, "_descriptor", descriptor)
        plain = descriptor.parameter_info.parser is None and _plain(descriptor.annotation)
        object.__setattr__(fast, "_plain", plain)
        return fast

    setattr(build, _MARK, True)
    setattr(core, "build_runtime_param", build)  # noqa: B010 - typer's module, not ours


_NO = object()
_LEAVES = (str, bool, Path)


def _plain(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        args = get_args(annotation)
        return len(args) == 1 and args[0] in _LEAVES
    return annotation in _LEAVES
