"""Exports (issue 15, item 5): GDELT 2.0 Events and Mentions, GKG 2.1, Parquet, CSV, JSON Lines, read
back with the codebooks' column layouts (written out here, independently of newsgraph/export) and
every field checked on real output of a store built from the example and constructed articles."""
import csv
import io
import json
import re
from datetime import datetime

import pytest
from pyarrow import parquet
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.export import export_store
from newsgraph.model import Duplicate
from newsgraph.store import Store
from tests_support import meeting_report

# GDELT 2.0 Event Database Codebook V2.0 (2015-02-19): the event table and the mentions table
ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
         "Type1Code", "Type2Code", "Type3Code"]
GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_EVENT_COLUMNS = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
                       + [f"Actor1{c}" for c in ACTOR] + [f"Actor2{c}" for c in ACTOR]
                       + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                          "NumMentions", "NumSources", "NumArticles", "AvgTone"]
                       + [f"{side}Geo_{c}" for side in ("Actor1", "Actor2", "Action") for c in GEO]
                       + ["DATEADDED", "SOURCEURL"])
GDELT_MENTION_COLUMNS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
                         "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
                         "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
                         "MentionDocTranslationInfo", "Extras"]
# GDELT Global Knowledge Graph Codebook V2.1 (2015-02-19)
GDELT_GKG_COLUMNS = ["GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
                     "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS",
                     "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS",
                     "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE",
                     "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
                     "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML"]

CAMEO_ACTOR = re.compile(r"^([A-Z]{3})+$")
STAMP = re.compile(r"^\d{14}$")
runner = CliRunner()


REPORTS = [meeting_report("Biden met Putin in Geneva on Wednesday for their first summit.", "met", "apnews",
                          "2021-06-16"),
           meeting_report("Putin and Biden held talks in Geneva, their first summit.", "held talks", "reuters",
                          "2021-06-16")]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, seed):
    path = str(tmp_path_factory.mktemp("export") / "export.duckdb")
    with Store(path) as store:
        store.save_many([seed, *REPORTS])
        store.record_duplicate(Duplicate("f00d" * 4, REPORTS[0].id, "near", 0.95, "feeds/yahoo.xml#entry1", "yahoo",
                                         None))
    return path


def exported(path: str, format_name: str) -> str:
    out = io.StringIO()
    export_store(path, format_name, stdout=out)
    return out.getvalue()


def rows(path: str, format_name: str, columns: list[str]) -> list[dict]:
    lines = exported(path, format_name).splitlines()
    assert lines and all(len(line.split("\t")) == len(columns) for line in lines)
    return [dict(zip(columns, line.split("\t"))) for line in lines]


def texts(path: str) -> dict[str, str]:
    with Store.for_reading(path) as store:
        return {url or origin: text for url, origin, text in
                store.connection.execute("SELECT url, origin, text FROM articles").fetchall()}


def assert_day(value: str, form: str = "%Y%m%d") -> None:
    datetime.strptime(value, form)


def test_the_codebook_layouts_have_the_codebook_counts():
    assert (len(GDELT_EVENT_COLUMNS), len(GDELT_MENTION_COLUMNS), len(GDELT_GKG_COLUMNS)) == (61, 16, 27)
    from newsgraph.export.gdelt_events import GDELT_EVENT_COLUMNS as ours
    from newsgraph.export.gdelt_gkg import GDELT_GKG_COLUMNS as our_gkg
    from newsgraph.export.gdelt_mentions import GDELT_MENTION_COLUMNS as our_mentions
    assert (ours, our_mentions, our_gkg) == (GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, GDELT_GKG_COLUMNS)


def test_gdelt_events_fields_have_the_codebook_formats(store_path):
    events = rows(store_path, "gdelt-events", GDELT_EVENT_COLUMNS)
    with Store.for_reading(store_path) as store:
        assert len(events) == store.connection.execute("SELECT count(*) FROM corpus_events").fetchone()[0] > 5
    for row in events:
        assert int(row["GLOBALEVENTID"]) > 0
        assert_day(row["SQLDATE"])
        assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        assert re.fullmatch(r"\d{4}\.\d{4}", row["FractionDate"]) and row["FractionDate"][:4] == row["Year"]
        for side in ("Actor1", "Actor2"):
            assert row[f"{side}Code"] == "" or CAMEO_ACTOR.match(row[f"{side}Code"])
            assert re.fullmatch(r"([A-Z]{3})?", row[f"{side}CountryCode"]) and row[f"{side}Geo_Type"] == "0"
            assert row[f"{side}Name"] == row[f"{side}Name"].upper()
        assert row["Actor1Code"] or row["Actor2Code"]
        assert row["IsRootEvent"] in ("0", "1")
        assert re.fullmatch(r"\d{3,4}", row["EventCode"]) and row["EventCode"].startswith(row["EventBaseCode"])
        assert re.fullmatch(r"\d{3}", row["EventBaseCode"]) and row["EventBaseCode"].startswith(row["EventRootCode"])
        assert re.fullmatch(r"\d{2}", row["EventRootCode"]) and row["QuadClass"] in "1234"
        assert -10.0 <= float(row["GoldsteinScale"]) <= 10.0
        assert 1 <= int(row["NumSources"]) <= int(row["NumArticles"]) <= int(row["NumMentions"])
        assert row["AvgTone"] == "" or -100.0 <= float(row["AvgTone"]) <= 100.0  # constructed reports have no tone
        assert row["ActionGeo_Type"] in "01345"
        assert re.fullmatch(r"([A-Z]{2})?", row["ActionGeo_CountryCode"])
        if row["ActionGeo_Lat"]:
            assert -90 <= float(row["ActionGeo_Lat"]) <= 90 and -180 <= float(row["ActionGeo_Long"]) <= 180
        assert STAMP.match(row["DATEADDED"]) and row["SOURCEURL"]
    assert any(row["AvgTone"] for row in events)  # the seed's events: the tone stage's article_tone
    (geneva,) = [row for row in events if row["ActionGeo_FullName"] == "Geneva"]
    assert (geneva["Actor1Code"], geneva["Actor1CountryCode"], geneva["Actor1Type1Code"]) == ("USAGOV", "USA", "GOV")
    assert (geneva["Actor2Code"], geneva["Actor2Name"], geneva["EventCode"]) == ("RUSGOV", "VLADIMIR PUTIN", "043")
    assert (geneva["SQLDATE"], geneva["FractionDate"]) == ("20210616", "2021.4575")
    assert (geneva["NumMentions"], geneva["NumArticles"], geneva["NumSources"]) == ("3", "3", "3")  # 2 + a copy
    assert (geneva["ActionGeo_CountryCode"], geneva["ActionGeo_Type"]) == ("SZ", "4")  # FIPS 10-4 of Switzerland
    assert geneva["SOURCEURL"] == "https://apnews.example/geneva" and geneva["IsRootEvent"] == "1"


def test_gdelt_mentions_fields_have_the_codebook_formats_and_offsets_inside_the_text(store_path):
    mentions = rows(store_path, "gdelt-mentions", GDELT_MENTION_COLUMNS)
    event_ids = {row["GLOBALEVENTID"] for row in rows(store_path, "gdelt-events", GDELT_EVENT_COLUMNS)}
    documents = texts(store_path)
    own = [row for row in mentions if row["InRawText"] == "1"]
    assert len(own) >= 8 and len(mentions) == len(own) + 1  # the duplicate's copy of one meeting report
    for row in mentions:
        assert row["GLOBALEVENTID"] in event_ids and row["MentionType"] == "1"
        assert STAMP.match(row["EventTimeDate"]) and STAMP.match(row["MentionTimeDate"])
        assert int(row["SentenceID"]) >= 1 and 0 <= int(row["Confidence"]) <= 100
        length = int(row["MentionDocLen"])
        for column in ("Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset"):
            assert -1 <= int(row[column]) < length
        assert int(row["ActionCharOffset"]) >= 0
    for row in own:
        text = documents[row["MentionIdentifier"]]
        assert int(row["MentionDocLen"]) == len(text)
    (apnews,) = [row for row in own if row["MentionIdentifier"] == "https://apnews.example/geneva"]
    text = documents[apnews["MentionIdentifier"]]
    assert text[int(apnews["ActionCharOffset"]):].startswith("met")
    assert text[int(apnews["Actor1CharOffset"]):].startswith("Biden")
    assert text[int(apnews["Actor2CharOffset"]):].startswith("Putin")
    assert (apnews["SentenceID"], apnews["MentionSourceName"], apnews["MentionTimeDate"]) == \
        ("1", "apnews", "20210616000000")
    (copy,) = [row for row in mentions if row["InRawText"] == "0"]
    assert (copy["MentionSourceName"], copy["MentionIdentifier"]) == ("yahoo", "feeds/yahoo.xml#entry1")


def test_gdelt_gkg_fields_have_the_codebook_formats(store_path):
    records = rows(store_path, "gdelt-gkg", GDELT_GKG_COLUMNS)
    documents = texts(store_path)
    assert len(records) == 3 and sum(bool(row["V1.5TONE"]) for row in records) == 1  # the seed has a tone
    for row in records:
        assert re.fullmatch(r"\d{14}-\d+", row["GKGRECORDID"]) and STAMP.match(row["V2.1DATE"])
        assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "1"
        text = documents[row["V2DOCUMENTIDENTIFIER"]]
        for column in ("V2ENHANCEDPERSONS", "V2ENHANCEDORGANIZATIONS", "V2.1ALLNAMES"):
            for block in filter(None, row[column].split(";")):
                name, offset = block.rsplit(",", 1)
                assert text[int(offset):int(offset) + len(name)] == name
        for block in filter(None, row["V2.1QUOTATIONS"].split("#")):
            offset, length, verb, quote = block.split("|")
            assert text[int(offset):int(offset) + int(length)].split() == quote.split()
        assert row["V2.1AMOUNTS"] == "" or row["V2.1AMOUNTS"].endswith(";")
        for block in filter(None, row["V2.1AMOUNTS"].split(";")):
            amount, what, offset = block.split(",")
            float(amount)
            assert 0 <= int(offset) < len(text)
        for column, parts in (("V1LOCATIONS", 7), ("V2ENHANCEDLOCATIONS", 9)):
            for block in filter(None, row[column].split(";")):
                fields = block.split("#")
                assert len(fields) == parts and fields[0] in "12345"
                if fields[-3 if parts == 9 else -2]:
                    float(fields[-3 if parts == 9 else -2])
        tone = row["V1.5TONE"].split(",")  # tone, positive, negative, polarity, activity, self/group, words
        assert tone == [""] or (len(tone) == 7 and all(-100 <= float(x) <= 100 for x in tone[:6]) and int(tone[6]) > 0)
        assert row["V1THEMES"] == ""
        assert row["V2EXTRASXML"].startswith("<PAGE_TITLE>") and row["V2EXTRASXML"].endswith("</PAGE_TITLE>")
    (apnews,) = [row for row in records if row["V2DOCUMENTIDENTIFIER"] == "https://apnews.example/geneva"]
    assert apnews["V1PERSONS"] == "Joe Biden;Vladimir Putin"
    assert apnews["V2.1QUOTATIONS"] == f"{documents['https://apnews.example/geneva'].index('We will')}|19|said|We will talk again,"
    assert apnews["V2.1AMOUNTS"].startswith("2000000000,aid,")
    assert "4#Geneva#SZ#SZ##46.2022#6.1457##" in apnews["V2ENHANCEDLOCATIONS"]
    assert apnews["V2EXTRASXML"] == "<PAGE_TITLE>Summit in Geneva | apnews</PAGE_TITLE>"


def test_tone_fields_come_from_article_tone_when_the_store_has_it(tmp_path):
    path = str(tmp_path / "tone.duckdb")
    with Store(path) as store:
        store.save_many(REPORTS)
        store.connection.execute("DELETE FROM article_tone")  # the tone stage's table (these records have none)
        store.connection.execute("INSERT INTO article_tone VALUES (?, -1.5, 2.0, 3.5, 5.5, 20.0, 1.25, 40)",
                                 [REPORTS[0].id])
    (apnews,) = [row for row in rows(path, "gdelt-gkg", GDELT_GKG_COLUMNS)
                 if row["V2DOCUMENTIDENTIFIER"].startswith("https://apnews")]
    assert apnews["V1.5TONE"].split(",") == ["-1.500000", "2.000000", "3.500000", "5.500000", "20.000000",
                                             "1.250000", "40"]
    (event,) = rows(path, "gdelt-events", GDELT_EVENT_COLUMNS)
    assert event["AvgTone"] == "-1.500000"  # reuters has no tone row: the mean of the articles that have one
    tones = {row["MentionSourceName"]: row["MentionDocTone"] for row in rows(path, "gdelt-mentions", GDELT_MENTION_COLUMNS)}
    assert tones == {"apnews": "-1.500000", "reuters": ""}


def test_csv_and_jsonl_hold_every_event_with_its_actors(store_path):
    with Store.for_reading(store_path) as store:
        count = store.connection.execute("SELECT count(*) FROM events").fetchone()[0]
    table = list(csv.DictReader(io.StringIO(exported(store_path, "csv"))))
    lines = [json.loads(line) for line in exported(store_path, "jsonl").splitlines()]
    assert len(table) == len(lines) == count
    geneva = [line for line in lines if line["place"] == "Geneva"]
    assert [(g["source"], g["source_codes"], g["target_codes"], g["day"]) for g in geneva] == \
        [("Joe Biden", "USA", "RUS", "2021-06-16")] * 2
    assert geneva[0]["corpus_event_id"] == geneva[1]["corpus_event_id"] and geneva[0]["corpus_event_id"]
    assert {row["event_id"] for row in table} >= {"v1"} and set(table[0]) == set(lines[0])


def test_parquet_has_a_file_per_table_with_its_rows(store_path, tmp_path):
    folder = tmp_path / "tables"
    result = runner.invoke(app, ["export", "--db", store_path, "--format", "parquet", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    with Store.for_reading(store_path) as store:
        for table in ("articles", "events", "corpus_events", "corpus_event_mentions", "duplicates", "schema_version"):
            expected = store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert parquet.read_table(folder / f"{table}.parquet").num_rows == expected


def test_the_cli_writes_to_standard_output_or_a_file(store_path, tmp_path):
    result = runner.invoke(app, ["export", "--db", store_path, "--format", "gdelt-events"])
    assert result.exit_code == 0 and result.stdout == exported(store_path, "gdelt-events")
    out = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", "--db", store_path, "--format", "gdelt-events", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text() == exported(store_path, "gdelt-events")
    assert f"rows (gdelt-events) to {out}" in result.stderr


@pytest.mark.parametrize("arguments, message", [
    (["--format", "gdelt-evnts"], "error: unknown format 'gdelt-evnts': choose one of"),
    ([], "error: give a format with --format"),
    (["--format", "parquet"], "error: parquet writes one file per table: give a folder with --out DIR"),
    (["--format", "csv", "--out", "/nonexistent-folder/x.csv"], "error: cannot write /nonexistent-folder/x.csv"),
    (["--format", "parquet", "--out", "/proc/tables"], "error: cannot write to /proc/tables"),
])
def test_bad_export_input_is_one_line_and_exit_2(store_path, arguments, message):
    result = runner.invoke(app, ["export", "--db", store_path, *arguments])
    assert result.exit_code == 2 and result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_export_of_a_missing_store_is_one_line_and_exit_2(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv"])
    assert result.exit_code == 2 and result.stderr.startswith("error: no store at")
    assert not (tmp_path / "none.duckdb").exists()
