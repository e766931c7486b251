"""docs/output.md is the output contract: every field it lists is checked against real output."""
import json
import re
from pathlib import Path

import pytest

from newsgraph.model import article_from_json, to_json

DOC = Path(__file__).resolve().parents[1] / "docs" / "output.md"
SECTIONS = {"Article": None, "Entity": "entities", "Quote": "quotes", "Event": "events", "Amount": "amounts"}


def contract_fields() -> dict[str, list[tuple[str, str]]]:
    """Section -> [(field path, type)] from the tables of docs/output.md."""
    fields, section = {}, None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+)", line)
        if heading:
            section = heading.group(1)
        row = re.match(r"\| `([^`]+)` \| ([^|]+) \|", line)
        if row and section in SECTIONS:
            fields.setdefault(section, []).append((row.group(1), row.group(2).strip()))
    return fields


def type_ok(value, kind: str) -> bool:
    nullable = kind.endswith(" or null")
    kind = kind.removesuffix(" or null")
    if value is None:
        return nullable
    checks = {"str": lambda v: isinstance(v, str), "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
              "bool": lambda v: isinstance(v, bool), "list": lambda v: isinstance(v, list),
              "object": lambda v: isinstance(v, dict),
              "[s, e]": lambda v: isinstance(v, list) and len(v) == 2 and v[0] <= v[1],
              "list of str": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
              "list of [s, e]": lambda v: isinstance(v, list) and all(len(x) == 2 for x in v),
              "list of actor": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v)}
    return checks[kind](value)


def values_at(record: dict, path: str) -> list:
    """All values at a dotted path; ``name[]`` walks every element of a list."""
    values = [record]
    for part in path.split("."):
        key, each = part.removesuffix("[]"), part.endswith("[]")
        values = [v[key] for v in values if v is not None]
        if each:
            values = [x for v in values for x in v]
    return values


@pytest.fixture(scope="module")
def output(seed):
    return json.loads(json.dumps(to_json(seed)))


def test_the_contract_page_lists_every_section():
    assert set(contract_fields()) == set(SECTIONS)


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_documented_field_is_in_real_output_with_its_type(output, section):
    records = [output] if SECTIONS[section] is None else output[SECTIONS[section]]
    assert records, f"the seed gives no {section}"
    for record in records:
        for path, kind in contract_fields()[section]:
            for value in values_at(record, path):
                assert type_ok(value, kind), f"{section}.{path} = {value!r} is not {kind}"


def test_output_has_no_undocumented_top_level_fields(output):
    documented = {path.split(".")[0].removesuffix("[]") for fields in contract_fields().values() for path, _ in fields}
    for section, key in SECTIONS.items():
        records = [output] if key is None else output[key]
        for record in records:
            assert set(record) <= documented, f"{section} has undocumented fields {set(record) - documented}"


def test_every_offset_points_into_the_text(output):
    text = output["text"]
    for quote in output["quotes"]:
        assert text[slice(*quote["span"])] == quote["text"]
        for start, end in quote["mentions"]:
            assert 0 <= start < end <= len(text)
    for event in output["events"]:
        assert text[slice(*event["trigger"])] == event["text"]
        assert event["sentence"][0] <= event["trigger"][0] < event["trigger"][1] <= event["sentence"][1]
    for amount in output["amounts"]:
        assert text[slice(*amount["span"])] == amount["text"]


def test_json_round_trips_through_the_model(output):
    assert to_json(article_from_json(output)) == output


def test_the_documented_store_queries_run_and_answer(seed):
    from newsgraph.store import Store
    sql = re.search(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S).group(1)
    queries = [q.strip() for q in re.sub(r"--[^\n]*", "", sql).split(";") if q.strip()]
    with Store() as store:
        store.save(seed)
        answers = [store.connection.execute(q).fetchall() for q in queries]
    assert len(queries) == 2
    assert ("Mark Rutte", "state") in {row[:2] for row in answers[0]}
    assert ("Mark Rutte", "040", "Donald Trump", "asserted", False) in answers[1]
