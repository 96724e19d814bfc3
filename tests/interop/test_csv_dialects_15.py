"""Issue 15: every common CSV dialect is read, and every cell NetCare does not map survives.

Thunderbird's export (comma, semicolon, tab; UTF-8, UTF-16 with BOM, Shift-JIS; English,
German, French or any translation by its layout), khard's CSV (not Google's), common
English column names mapped by name, empty files said to be empty, and the cells NetCare
has no field for (LinkedIn's Connected On, "Club role") kept through the store and both
exports. The fixtures are under tests/fixtures/issue15/csv (see tests/fixtures/SOURCES.md).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.interop.csvformats import detect_format, read_csv
from netcare_desktop.interop.exporter import export
from netcare_desktop.store import contacts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "csv"
NOW = datetime(2026, 12, 3, 12)


def _read(name: str, guess: bool = True):
    return read_csv((FIXTURES / name).read_bytes(), name, guess=guess)


def _person(rec) -> tuple:
    return (
        rec.given_name,
        rec.family_name,
        rec.display_name,
        [e.value for e in rec.emails],
        [(p.value, p.label) for p in rec.phones],
        rec.organization,
        (rec.birthday_year, rec.birthday_month, rec.birthday_day),
    )


ADA = (
    "Ada",
    "Lovelace",
    "Ada Lovelace",
    ["ada@example.org", "ada@home.example"],
    [("+44 20 7946 0958", "Work"), ("+44 20 7946 0999", "Fax"), ("+44 7700 900123", "Mobile")],
    "Analytical Engines Ltd",
    (1815, 12, 10),
)
GRACE = ("Grace", "Hopper", "Grace Hopper", ["grace@example.com"], [], "US Navy", (None, 12, 9))


# -- Thunderbird --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["thunderbird-comma.csv", "thunderbird-semicolon-de.csv", "thunderbird-tab-utf16-fr.csv"],
)
def test_thunderbird_in_every_delimiter_encoding_and_language(name):
    result = _read(name, guess=False)  # a known format: no mapping, in the window too
    assert result.format == "thunderbird" and not result.needs_mapping
    assert result.issues == []
    assert [_person(r) for r in result.records] == [ADA, GRACE]
    ada, grace = result.records
    assert ada.nickname == "Countess" and ada.title == "Analyst" and ada.department == "Engines"
    (home,) = ada.addresses
    assert (home.label, home.street, home.locality, home.postal_code, home.country) == (
        "Home",
        "12 St James's Square",
        "London",
        "SW1Y 4JH",
        "United Kingdom",
    )
    assert [(u.value, u.label) for u in ada.urls] == [("https://engines.example", "Work")]
    assert ada.notes == "Met at the Royal Society"
    # Its custom field and screen name, whatever the language of the header:
    assert [(x.name, x.value) for x in ada.extras] == [
        ("X-IM", "ada.l"),
        ("X-CUSTOM1", "Poetical science"),
    ]
    (work,) = grace.addresses
    assert (work.label, work.locality, work.region, work.country) == (
        "Work",
        "Arlington",
        "VA",
        "USA",
    )


def test_thunderbird_in_a_local_code_page():
    result = _read("thunderbird-shift-jis.csv", guess=False)
    assert result.format == "thunderbird"
    assert result.encoding in ("cp932", "shift_jis")
    assert [(r.family_name, r.given_name, r.organization, r.notes) for r in result.records] == [
        ("山田", "太郎", "株式会社サンプル", "東京の取引先"),
        ("佐藤", "花子", "", "大学の友人"),
    ]
    # The guess is said, so a person can tell why the names look as they do.
    assert [i.message for i in result.issues] == [
        f"read as {result.encoding} (the code page was guessed from the bytes)"
    ]


def test_a_translation_nobody_listed_is_read_by_thunderbirds_layout():
    from netcare_desktop.interop.csvformats.sniff import THUNDERBIRD

    header = [f"Campo {i}" for i in range(len(THUNDERBIRD))]
    for i in (0, 1, 4, 5, 6, 9, 10, 11, 16, 22, 27, 28, 29):  # a third left in English
        header[i] = THUNDERBIRD[i].title()
    row = [""] * len(THUNDERBIRD)
    row[0], row[1], row[4], row[26] = "Ada", "Lovelace", "ada@example.org", "Engines"
    data = (",".join(header) + "\r\n" + ",".join(row) + "\r\n").encode()
    (rec,) = read_csv(data, "it.csv").records
    assert (rec.given_name, rec.organization, [e.value for e in rec.emails]) == (
        "Ada",
        "Engines",
        ["ada@example.org"],
    )


def test_one_shared_column_is_no_format():
    # "First Name" and "Notes" are Thunderbird's too, "Job Title" Outlook's: not enough.
    assert detect_format(["First Name", "Last Name", "Job Title", "Notes"]) is None
    assert detect_format(["First Name", "Primary Email"]) is None


# -- khard --------------------------------------------------------------------------------


def test_khard_is_not_mistaken_for_google():
    result = _read("khard.csv", guess=False)
    assert result.format == "khard" and result.issues == []
    ada, grace = result.records
    assert [(e.value, e.label) for e in ada.emails] == [
        ("ada@example.org", "work"),
        ("ada@home.example", "home"),
    ]
    assert [(p.value, p.label) for p in ada.phones] == [
        ("+44 20 7946 0958", "work"),
        ("+44 7700 900123", "cell"),
    ]
    assert (ada.display_name, ada.middle_name, ada.nickname, ada.organization) == (
        "Ada Lovelace",
        "Augusta",
        "Countess",
        "Analytical Engines Ltd",
    )
    assert ada.groups == ["Mathematicians", "Friends"]
    assert ada.notes == "Poetical science"
    assert [(a.label, a.street, a.locality, a.postal_code) for a in ada.addresses] == [
        ("home", "12 St James's Square", "London", "SW1Y 4JH")
    ]
    assert [(x.name, x.value) for x in ada.extras] == [
        ("ANNIVERSARY", "18350708"),
        ("X-ORGANISATION-2", "Royal Society"),  # NetCare has one organization: kept
    ]
    assert (grace.prefix, grace.middle_name, [e.value for e in grace.emails]) == (
        "Rear Admiral",
        "Brewster Murray",
        ["grace@example.com"],
    )
    assert ("ROLE", "Programmer") in [(x.name, x.value) for x in grace.extras]


# -- mapping by column names ----------------------------------------------------------------


def test_common_english_columns_are_mapped_by_their_names():
    result = _read("common-english.csv")
    assert result.format == "generic" and result.guessed and not result.needs_mapping
    assert result.mapping["Email 1 - value"] == "email"
    assert result.mapping["Mobile Phone"] == "phone"
    assert result.mapping["Company"] == "organization"
    ada, grace = result.records
    assert (ada.display_name, ada.given_name, ada.organization, ada.department) == (
        "Ada Lovelace",
        "Ada",
        "Analytical Engines Ltd",
        "Engines",
    )
    assert [e.value for e in ada.emails] == ["ada@example.org"]
    assert [p.value for p in ada.phones] == ["+44 20 7946 0958"]
    assert [u.value for u in ada.urls] == ["https://engines.example"]
    # What no field takes is kept, as the column says it.
    assert ("X-CLUB-ROLE", "Treasurer") in [(x.name, x.value) for x in ada.extras]
    assert ("X-CLUB-ROLE", "Secretary") in [(x.name, x.value) for x in grace.extras]


def test_without_guessing_the_window_still_asks():
    result = _read("common-english.csv", guess=False)
    assert result.needs_mapping and result.records == []


def test_no_known_column_is_refused_with_the_columns_named():
    result = _read("unknown-columns.csv")
    assert result.records == [] and not result.needs_mapping
    (issue,) = result.issues
    assert "'Member', 'Shoe', 'Colour'" in issue.message
    assert "window" in issue.message and "map" in issue.message


# -- nothing to read ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.csv", "bom-only.csv", "utf16-bom-only.csv"])
def test_an_empty_file_says_so(name):
    result = _read(name)
    assert [i.message for i in result.issues] == ["the file is empty: nothing to import"]


def test_a_header_without_rows_says_so():
    result = _read("header-only.csv")
    assert [i.message for i in result.issues] == [
        "the file holds a header but no rows: nothing to import"
    ]


# -- every cell survives: the store, the vCard export, the CSV export -----------------------


def test_linkedin_connected_on_is_kept():
    ada, grace = _read("linkedin-connected-on.csv").records
    assert ("X-LINKEDIN-CONNECTED-ON", "2024-10-09") in [(x.name, x.value) for x in ada.extras]
    # Not a date NetCare can read: kept as written, never dropped.
    assert ("X-LINKEDIN-CONNECTED-ON", "sometime in spring") in [
        (x.name, x.value) for x in grace.extras
    ]


def _export(fmt: str) -> str:
    out = io.StringIO()
    export(fmt, out, NOW)
    return out.getvalue()


def test_unmapped_cells_survive_the_store_and_both_exports(store):
    from netcare_desktop.interop.stream import import_files

    # As `netcare import` reads them: the generic file mapped by its column names.
    names = ("linkedin-connected-on.csv", "common-english.csv")
    import_files([FIXTURES / n for n in names], NOW, region="GB", parallel=False)
    # Ada matched by her email; LinkedIn's Grace has none, so she is a second contact.
    assert contacts.contact_count() == 3
    vcf = _export("vcf")
    assert "X-LINKEDIN-CONNECTED-ON:2024-10-09" in vcf
    assert "X-LINKEDIN-CONNECTED-ON:sometime in spring" in vcf
    assert "X-CLUB-ROLE:Treasurer" in vcf and "X-CLUB-ROLE:Secretary" in vcf
    back = read_csv(_export("csv").encode(), "export.csv")
    kept = {
        (r.given_name, x.name, x.value)
        for r in back.records
        for x in r.extras
        if x.name.startswith(("X-LINKEDIN", "X-CLUB"))
    }
    assert kept == {
        ("Ada", "X-LINKEDIN-CONNECTED-ON", "2024-10-09"),
        ("Grace", "X-LINKEDIN-CONNECTED-ON", "sometime in spring"),
        ("Ada", "X-CLUB-ROLE", "Treasurer"),
        ("Grace", "X-CLUB-ROLE", "Secretary"),
    }
