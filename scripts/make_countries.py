"""Refresh newsgraph/lexicons/countries.tsv from pycountry, keeping every hand-written column.

Usage: python scripts/make_countries.py

For each ISO 3166-1 country it (re)writes the generated column ``iso_names`` (pycountry's name,
official name and common name, minus the inverted "Iran, Islamic Republic of" forms) and fills
``name`` only where no hand-written name exists yet. ``aliases``, ``demonyms``, ``capitals``,
``seats`` and ``comment`` are never touched, and rows for codes pycountry does not know (Kosovo,
XKX) are kept. The header comment block is kept as it is. Rows come out sorted by code.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pycountry

PATH = Path(__file__).resolve().parent.parent / "newsgraph" / "lexicons" / "countries.tsv"
COLUMNS = ("code", "name", "iso_names", "aliases", "demonyms", "capitals", "seats", "comment")


def read_existing(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The header comment lines and the rows by code of the current file (empty when absent)."""
    if not path.exists():
        return [], {}
    comments, rows = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            comments.append(line)
            continue
        values = line.split("\t")
        if values[0] == "code":
            continue
        row = dict(zip(COLUMNS, values + [""] * (len(COLUMNS) - len(values))))
        rows[row["code"]] = row
    return comments, rows


def without_parenthesis(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def iso_names(country) -> list[str]:
    """pycountry's names for one country, without the inverted comma forms."""
    names = []
    for attribute in ("name", "official_name", "common_name"):
        value = getattr(country, attribute, None)
        if value and ", " not in value:
            value = without_parenthesis(value)
            if value not in names:
                names.append(value)
    return names


def default_name(country) -> str:
    common = getattr(country, "common_name", None)
    return common or without_parenthesis(country.name)


def refreshed_rows(rows: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    for country in pycountry.countries:
        row = rows.setdefault(country.alpha_3, {column: "" for column in COLUMNS} | {"code": country.alpha_3})
        row["name"] = row["name"] or default_name(country)
        row["iso_names"] = "|".join(name for name in iso_names(country) if name != row["name"])
    return rows


def write(path: Path, comments: list[str], rows: dict[str, dict[str, str]]) -> None:
    lines = comments + ["\t".join(COLUMNS)]
    lines += ["\t".join(rows[code][column] for column in COLUMNS) for code in sorted(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    comments, rows = read_existing(PATH)
    write(PATH, comments, refreshed_rows(rows))
    print(f"wrote {len(rows)} rows to {PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
