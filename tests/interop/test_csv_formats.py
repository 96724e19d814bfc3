"""CSV formats: every fact of every row of the corpus samples, plus our own small fixtures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare_desktop.interop.csvformats import (
    FIELDS,
    CsvResult,
    detect_format,
    parse_date,
    read_csv,
    suggest_mapping,
    write_google_csv,
)
from netcare_desktop.interop.record import (
    Address,
    ContactRecord,
    Email,
    Extra,
    Phone,
    Url,
)

SAMPLES = (
    "google-contacts.csv",
    "google-contacts-legacy.csv",
    "linkedin-connections.csv",
    "linkedin-connections-2018.csv",
    "outlook-com.csv",
    "outlook-desktop.csv",
)


def facts(rec: ContactRecord) -> dict:
    """Everything a record says, in a shape that is easy to write down."""
    return {
        "line": rec.line,
        "display_name": rec.display_name,
        "given_name": rec.given_name,
        "middle_name": rec.middle_name,
        "family_name": rec.family_name,
        "prefix": rec.prefix,
        "suffix": rec.suffix,
        "nickname": rec.nickname,
        "organization": rec.organization,
        "department": rec.department,
        "title": rec.title,
        "birthday": (rec.birthday_year, rec.birthday_month, rec.birthday_day),
        "notes": rec.notes,
        "emails": [(e.value, e.label, e.preferred) for e in rec.emails],
        "phones": [(p.value, p.label, p.e164) for p in rec.phones],
        "urls": [(u.value, u.label) for u in rec.urls],
        "addresses": rec.addresses,
        "linkedin_url": rec.linkedin_url,
        "groups": rec.groups,
        "connected_on": rec.connected_on,
        "extras": [(x.name, x.params, x.value) for x in rec.extras],
        "photo_url": rec.photo_url,
        "uid": rec.uid,
    }


def expect(**given: object) -> dict:
    base = facts(ContactRecord())
    unknown = set(given) - set(base)
    assert not unknown, unknown
    base.update(given)
    return base


def read_sample(corpus_dir: Path, name: str) -> CsvResult:
    path = corpus_dir / "csv" / name
    return read_csv(path.read_bytes(), str(path))


# -- the corpus, row by row -------------------------------------------------------------------

EXPECTED: dict[str, tuple[str, list[dict]]] = {
    "google-contacts.csv": (
        "google",
        [
            expect(
                line=2,
                given_name="Hannah",
                family_name="Weiß",
                organization="Blue Yonder Airlines",
                title="Recruiter",
                birthday=(None, 4, 12),
                notes="Met at the Berlin book club.\nLikes climbing, bouldering.",
                groups=["Book club"],
                emails=[
                    ("hannah.weiss@example.de", "Work", True),
                    ("h.weiss@example.net", "Work", False),
                ],
                phones=[("+49 151 2345678", "Mobile", "")],
                urls=[("https://www.linkedin.com/in/hannahweiss", "Profile")],
                linkedin_url="https://www.linkedin.com/in/hannahweiss",
            ),
            expect(
                line=4,
                given_name="Samuel",
                middle_name="J.",
                family_name="Carter",
                suffix="Jr.",
                nickname="Sam",
                organization="Wide World Importers",
                title="Director, Partnerships",
                birthday=(1984, 11, 2),
                groups=["starred"],
                emails=[("sam.carter@example.com", "Home", True)],
                phones=[("(415) 555-0132", "Work", ""), ("415.555.0199", "Mobile", "")],
                addresses=[
                    Address(
                        label="Work",
                        street="1 Market St",
                        locality="San Francisco",
                        region="CA",
                        postal_code="94105",
                        country="US",
                    )
                ],
                extras=[("ANNIVERSARY", {}, "20100619")],
            ),
            expect(
                line=7,
                organization="Volunteer Food Bank",
                groups=["Charity"],
                emails=[("volunteers@example.org", "Other", True)],
            ),
        ],
    ),
    "google-contacts-legacy.csv": (
        "google",
        [
            expect(
                line=2,
                display_name="Ravi Patel",
                given_name="Ravi",
                family_name="Patel",
                birthday=(1990, 5, 17),
                notes="Alumni mentor, IIT class of 2011",
                groups=["Alumni"],
                emails=[("ravi.patel@example.in", "Work", True)],
                phones=[("+91 98765 43210", "Mobile", "")],
                organization="Proseware, Inc.",
                title="Staff Engineer",
                urls=[("https://www.linkedin.com/in/ravipatel", "Profile")],
                linkedin_url="https://www.linkedin.com/in/ravipatel",
            ),
            expect(
                line=3,
                display_name="Claire Dupont",
                given_name="Claire",
                family_name="Dupont",
                emails=[("claire.dupont@example.fr", "Home", True)],
                organization="Coho Winery",
                title="Sommelière",
            ),
        ],
    ),
    "linkedin-connections.csv": (
        "linkedin",
        [
            expect(
                line=5,
                given_name="Priya",
                family_name="Raman",
                linkedin_url="https://www.linkedin.com/in/priya-raman-4a1b2c",
                urls=[("https://www.linkedin.com/in/priya-raman-4a1b2c", "LinkedIn")],
                organization="Northwind Traders",
                title="Head of Talent Acquisition",
                connected_on="2024-10-09",
            ),
            expect(
                line=6,
                given_name="Tomás",
                family_name="Ibáñez, MBA",
                linkedin_url="https://www.linkedin.com/in/tom%C3%A1s-ib%C3%A1%C3%B1ez/",
                urls=[("https://www.linkedin.com/in/tom%C3%A1s-ib%C3%A1%C3%B1ez/", "LinkedIn")],
                emails=[("tomas.ibanez@example.org", "", False)],
                organization="Self Employed",
                title="Career Coach",
                connected_on="2023-02-14",
            ),
            expect(
                line=7,
                given_name="Grace 🚀",
                family_name="Okafor",
                linkedin_url="https://www.linkedin.com/in/graceokafor",
                urls=[("https://www.linkedin.com/in/graceokafor", "LinkedIn")],
                organization="Contoso, Ltd.",
                title="VP, Engineering",
                connected_on="2022-03-01",
            ),
            expect(
                line=8,
                given_name="Lin",
                family_name="Chen",  # the file has "Chen " with a trailing space
                linkedin_url="https://www.linkedin.com/in/lin-chen-98765/",
                urls=[("https://www.linkedin.com/in/lin-chen-98765/", "LinkedIn")],
                emails=[("lin.chen@example.com", "", False)],
                connected_on="2019-12-30",
            ),
            expect(
                line=9,
                given_name="Marc-André",
                family_name="Dubois",
                linkedin_url="https://www.linkedin.com/in/madubois",
                urls=[("https://www.linkedin.com/in/madubois", "LinkedIn")],
                organization="Fabrikam",
                title="Product Manager",  # the file has a trailing tab
                connected_on="2025-07-22",
            ),
        ],
    ),
    "linkedin-connections-2018.csv": (
        "linkedin",
        [
            expect(
                line=2,
                given_name="Ana",
                family_name="Souza",
                emails=[("ana.souza@example.com", "", False)],
                organization="Tailspin Toys",
                title="Recruiter",
                connected_on="2018-01-08",
            ),
            expect(
                line=3,
                given_name="Olu",
                family_name="Adeyemi",  # "urn:li:member:123456789" is no email address
                organization="Adventure Works",
                title="Data Scientist",
                connected_on="2017-12-24",
            ),
            expect(
                line=4,
                given_name="Karin",
                family_name="Berg",
                organization="Litware",
                title="Engineering Manager",
                connected_on="2018-03-03",
            ),
        ],
    ),
    "outlook-com.csv": (
        "outlook",
        [
            expect(
                line=2,
                given_name="Beatriz",
                family_name="Lopes",
                emails=[("beatriz.lopes@example.pt", "", False)],
                phones=[("+351 912 345 678", "Mobile", "")],
                title="UX Researcher",
                organization="Margie's Travel",
                birthday=(1992, 8, 30),
                notes="Running club, Sunday 8am",
            ),
            expect(
                line=3,
                given_name="Noah",
                family_name="Schmidt",
                emails=[("noah.schmidt@example.ch", "", False), ("noah@example.org", "", False)],
                phones=[("+41 44 668 18 00", "Business", "")],
                title="CTO",
                organization="Alpine Ski House",
            ),
        ],
    ),
    "outlook-desktop.csv": (
        "outlook",
        [
            expect(
                line=2,
                prefix="Dr.",
                given_name="Ingrid",
                family_name="Johansson",
                organization="Lucerne Publishing",
                department="Editorial",
                title="Editor-in-Chief",
                addresses=[
                    Address(
                        label="Business",
                        street="Kungsgatan 12",
                        locality="Stockholm",
                        postal_code="111 43",
                        country="Sweden",
                    )
                ],
                phones=[("+46 8 123 456 78", "Business", ""), ("+46 70 123 45 67", "Mobile", "")],
                birthday=(1975, 3, 22),
                groups=["Book club", "Mentors"],
                emails=[("ingrid.johansson@example.se", "", False)],
                notes="Introduced by Hannah, 2024.\nPrefers phone over email.",
                urls=[("https://lucernepublishing.example", "")],
            ),
            expect(
                line=4,
                given_name="Kenji",
                family_name="Watanabe",
                organization="Trey Research",
                title="Research Lead",
                emails=[("kenji@example.jp", "", False)],
            ),
        ],
    ),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_row_of_every_sample(corpus_dir, name):
    fmt, rows = EXPECTED[name]
    path = corpus_dir / "csv" / name
    result = read_csv(path.read_bytes(), str(path))
    assert result.format == fmt
    assert result.needs_mapping is False
    assert result.issues == []
    assert [facts(r) for r in result.records] == rows
    assert all(r.source == str(path) for r in result.records)


@pytest.mark.parametrize("name", SAMPLES)
def test_header_and_detection_of_samples(corpus_dir, name):
    fmt, _ = EXPECTED[name]
    result = read_sample(corpus_dir, name)
    raw = (corpus_dir / "csv" / name).read_text(encoding="utf-8-sig").splitlines()
    header_line = next(
        ln for ln in raw if ln.replace('"', "").startswith(("First", "Name", "Title"))
    )
    assert result.header == header_line.replace('"', "").split(",")
    assert detect_format(result.header) == fmt
    # Tolerant of a BOM, surrounding spaces and case.
    messy = ["\ufeff " + result.header[0].upper()] + [f"  {h.lower()} " for h in result.header[1:]]
    assert detect_format(messy) == fmt


def test_unknown_headers_are_not_detected():
    assert detect_format([]) is None
    assert detect_format(["Name", "Email", "Phone"]) is None
    assert detect_format(["First Name", "Last Name", "Title", "Company"]) is None


# -- decoding ---------------------------------------------------------------------------------

GENERIC_HEADER = "Name,Email,Notes\r\n"


def _names(result: CsvResult) -> list[str]:
    return [r.display_name for r in result.records]


def test_utf8_bom_and_cp1252_fallback():
    mapping = {"Name": "display_name", "Email": "email", "Notes": "notes"}
    bom = ("\ufeff" + GENERIC_HEADER + "Zoë Čapek,zoe@example.cz,naïve ☕\r\n").encode("utf-8")
    result = read_csv(bom, "bom.csv", mapping)
    assert result.header == ["Name", "Email", "Notes"]
    assert _names(result) == ["Zoë Čapek"]
    assert result.records[0].notes == "naïve ☕"

    cp1252 = (
        GENERIC_HEADER + "René Müller,rene@example.fr,costs 5 \x80 \x93ok\x94 \x81\r\n"
    ).encode("latin-1")
    result = read_csv(cp1252, "cp1252.csv", mapping)
    assert _names(result) == ["René Müller"]
    # 0x80 is the euro sign in Windows-1252; 0x81 is undefined there and kept as Latin-1.
    assert result.records[0].notes == "costs 5 € “ok” \x81"
    assert result.issues == []


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le-nobom", "utf-32"])
def test_utf16_and_utf32(codec):
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Jürgen,Groß,https://www.linkedin.com/in/jg,jg@example.de,Ärzte AG,Arzt,01 Mar 2022\r\n"
    )
    if codec == "utf-16-be":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    elif codec == "utf-16-le-nobom":  # Excel's "Unicode text" has a BOM; some tools do not
        data = text.encode("utf-16-le")
    else:
        data = text.encode(codec)
    result = read_csv(data, "u.csv")
    assert result.format == "linkedin"
    assert [facts(r) for r in result.records] == [
        expect(
            line=2,
            given_name="Jürgen",
            family_name="Groß",
            linkedin_url="https://www.linkedin.com/in/jg",
            urls=[("https://www.linkedin.com/in/jg", "LinkedIn")],
            emails=[("jg@example.de", "", False)],
            organization="Ärzte AG",
            title="Arzt",
            connected_on="2022-03-01",
        )
    ]


def test_tab_and_semicolon_separated():
    tsv = "First Name\tLast Name\tE-mail Address\tJob Title\r\nAda\tLovelace\tada@example.org\tCountess\r\n"
    result = read_csv(tsv.encode("utf-16"), "outlook.txt")
    assert result.format == "outlook"
    assert [(r.given_name, r.title, r.emails[0].value) for r in result.records] == [
        ("Ada", "Countess", "ada@example.org")
    ]
    ssv = "Vorname;Nachname;E-Mail-Adresse;Firma\r\nJörg;Schmidt;js@example.de;Muster GmbH\r\n"
    result = read_csv(ssv.encode("cp1252"), "de.csv")
    assert result.format == "generic" and result.needs_mapping
    assert result.header == ["Vorname", "Nachname", "E-Mail-Adresse", "Firma"]
    mapping = suggest_mapping(result.header)
    assert mapping == {
        "Vorname": "given_name",
        "Nachname": "family_name",
        "E-Mail-Adresse": "email",
        "Firma": "organization",
    }
    result = read_csv(ssv.encode("cp1252"), "de.csv", mapping)
    assert [(r.given_name, r.family_name, r.organization) for r in result.records] == [
        ("Jörg", "Schmidt", "Muster GmbH")
    ]


# -- broken files -----------------------------------------------------------------------------

OUTLOOK_HEAD = "First Name,Last Name,E-mail Address,Job Title,Notes\r\n"


def test_multiline_cells_give_the_start_line_of_rows_and_issues():
    data = (
        OUTLOOK_HEAD
        + 'Ann,Lee,ann@example.com,Chef,"one\r\ntwo\r\nthree"\r\n'  # lines 2-4
        + "Bob,Ray,bob@example.com,Cook\r\n"  # line 5: one column short
        + 'Cy,Ng,cy@example.com,Baker,"a\nb"\r\n'  # lines 6-7
        + ",,,,just a note\r\n"  # line 8: no name, email or phone
        + 'Di,Ho,di@example.com,"Maker, ""Chief""",x,EXTRA\r\n'  # line 9: one column too many
        + "Ed,Fu,ed@example.com,Dev,\r\n"  # line 10
    ).encode()
    result = read_csv(data, "o.csv")
    assert result.format == "outlook"
    assert [(r.line, r.given_name, r.notes) for r in result.records] == [
        (2, "Ann", "one\ntwo\nthree"),
        (6, "Cy", "a\nb"),
        (10, "Ed", ""),
    ]
    assert [(i.line, i.skipped) for i in result.issues] == [(5, True), (8, True), (9, True)]
    assert all(i.path == "o.csv" for i in result.issues)
    assert "4 columns" in result.issues[0].message and "5" in result.issues[0].message
    assert "no name, email or phone" in result.issues[1].message


def test_unterminated_quote_in_the_middle_costs_one_row():
    data = (
        OUTLOOK_HEAD
        + "Ann,Lee,ann@example.com,Chef,ok\r\n"  # line 2
        + 'Bob,"Ray,bob@example.com,Cook,never closed\r\n'  # line 3: broken
        + 'Cy,Ng,cy@example.com,"Head, Bakery","multi\r\nline"\r\n'  # lines 4-5
        + "Di,Ho,di@example.com,Dev,\r\n"  # line 6
    ).encode()
    result = read_csv(data, "o.csv")
    assert [(r.line, r.given_name, r.title, r.notes) for r in result.records] == [
        (2, "Ann", "Chef", "ok"),
        (4, "Cy", "Head, Bakery", "multi\nline"),
        (6, "Di", "Dev", ""),
    ]
    assert [(i.line, i.skipped) for i in result.issues] == [(3, True)]
    assert "quote" in result.issues[0].message


def test_unterminated_quote_on_the_last_row():
    data = (
        OUTLOOK_HEAD + "Ann,Lee,ann@example.com,Chef,ok\n" + 'Bob,Ray,b@x.org,Cook,"oops\n'
    ).encode()
    result = read_csv(data, "o.csv")
    assert [r.given_name for r in result.records] == ["Ann"]
    assert [(i.line, i.skipped) for i in result.issues] == [(3, True)]


def test_line_endings_cr_only_and_mixed():
    data = (
        OUTLOOK_HEAD.replace("\r\n", "\r") + "Ann,Lee,a@x.org,Chef,\rBob,Ray,b@x.org,Cook,\n"
    ).encode()
    result = read_csv(data, "o.csv")
    assert [(r.line, r.given_name) for r in result.records] == [(2, "Ann"), (3, "Bob")]


def test_blank_lines_and_trailing_empty_columns_are_fine():
    data = (
        OUTLOOK_HEAD + "\r\nAnn,Lee,a@x.org,Chef,,,\r\n\r\n,,,,\r\nBob,Ray,b@x.org,Cook,"
    ).encode()
    result = read_csv(data, "o.csv")
    assert [(r.line, r.given_name) for r in result.records] == [(3, "Ann"), (6, "Bob")]
    assert result.issues == []


def test_empty_and_headerless_input():
    for data in (b"", b"\r\n\r\n", b"\xef\xbb\xbf"):
        result = read_csv(data, "e.csv")
        assert result.format == "generic" and result.records == []
        assert result.needs_mapping is False  # there is nothing to map
        assert [(i.line, i.skipped) for i in result.issues] == [(1, False)]


def test_bad_values_cost_the_value_only():
    data = (
        b"First Name,Last Name,E-mail Address,E-mail 2 Address,Job Title,Birthday,Anniversary\r\n"
        b"Ann,Lee,not-an-address,ann@example.com,Chef,31/31/1999,0/0/00\r\n"
    )
    result = read_csv(data, "o.csv")
    [rec] = result.records
    assert [e.value for e in rec.emails] == ["ann@example.com"]
    assert rec.birthday_month is None
    assert [(i.line, i.skipped) for i in result.issues] == [(2, False), (2, False)]
    assert "not-an-address" in result.issues[0].message
    assert "31/31/1999" in result.issues[1].message


# -- Outlook details --------------------------------------------------------------------------


def test_outlook_dates_zero_and_two_digit_years():
    data = (
        b"First Name,Last Name,E-mail Address,Job Title,Birthday,Anniversary\r\n"
        b"Ann,Lee,a@x.org,Chef,0/0/00,1/1/4501\r\n"
        b"Bob,Ray,b@x.org,Cook,3/22/75,6/19/2010\r\n"
        b"Cy,Ng,c@x.org,Dev,2/29/1604,\r\n"
    )
    result = read_csv(data, "o.csv")
    assert result.issues == []
    got = [
        (r.birthday_year, r.birthday_month, r.birthday_day, [(x.name, x.value) for x in r.extras])
        for r in result.records
    ]
    assert got == [
        (None, None, None, []),
        (1975, 3, 22, [("ANNIVERSARY", "20100619")]),
        (None, 2, 29, []),
    ]


def test_outlook_every_kind_of_column():
    header = [
        "Title",
        "First Name",
        "Middle Name",
        "Last Name",
        "Suffix",
        "Nickname",
        "E-mail Address",
        "E-mail Type",
        "E-mail Display Name",
        "E-mail 2 Address",
        "E-mail 2 Type",
        "E-mail 2 Display Name",
        "Home Phone",
        "Car Phone",
        "Business Fax",
        "Assistant's Phone",
        "Job Title",
        "Department",
        "Company",
        "Home Street",
        "Home Street 2",
        "Home City",
        "Home State",
        "Home Postal Code",
        "Home Country/Region",
        "Home Address PO Box",
        "Other City",
        "Web Page",
        "Personal Web Page",
        "Categories",
        "Spouse",
        "Hobby",
        "Gender",
        "Priority",
        "Sensitivity",
        "Private",
        "Given Yomi",
    ]
    row = [
        "Prof.",
        "Ann",
        "B.",
        "Lee",
        "PhD",
        "Annie",
        "/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=ann",
        "EX",
        "Ann Lee (ann.lee@example.com)",
        "ann@home.example",
        "SMTP",
        "Ann Lee (ann@home.example)",
        "+1 555 0100",
        "+1 555 0101",
        "+1 555 0102",
        "+1 555 0103",
        "Professor",
        "Physics",
        "Uni",
        "1 Elm St",
        "Apt 2",
        "Springfield",
        "IL",
        "62701",
        "United States of America",
        "PO 9",
        "Paris",
        "https://www.linkedin.com/in/annlee",
        "https://ann.example",
        "Friends; Work ;Friends",
        "Sam Lee",
        "Chess, Go",
        "Female",
        "Normal",
        "Private",
        "False",
        "アン",
    ]
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([header, row])
    result = read_csv(out.getvalue().encode(), "o.csv")
    assert result.format == "outlook" and result.issues == []
    assert [facts(r) for r in result.records] == [
        expect(
            line=2,
            prefix="Prof.",
            given_name="Ann",
            middle_name="B.",
            family_name="Lee",
            suffix="PhD",
            nickname="Annie",
            emails=[("ann.lee@example.com", "", False), ("ann@home.example", "", False)],
            phones=[
                ("+1 555 0100", "Home", ""),
                ("+1 555 0101", "Car", ""),
                ("+1 555 0102", "Business Fax", ""),
                ("+1 555 0103", "Assistant", ""),
            ],
            title="Professor",
            department="Physics",
            organization="Uni",
            addresses=[
                Address(
                    label="Home",
                    po_box="PO 9",
                    street="1 Elm St\nApt 2",
                    locality="Springfield",
                    region="IL",
                    postal_code="62701",
                    country="United States of America",
                ),
                Address(label="Other", locality="Paris"),
            ],
            urls=[("https://www.linkedin.com/in/annlee", ""), ("https://ann.example", "Personal")],
            linkedin_url="https://www.linkedin.com/in/annlee",
            groups=["Friends", "Work"],
            extras=[
                ("X-PHONETIC-FIRST-NAME", {}, "アン"),
                ("RELATED", {"VALUE": ["text"], "TYPE": ["Spouse"]}, "Sam Lee"),
                ("X-HOBBY", {}, "Chess\\, Go"),
                ("X-GENDER", {}, "Female"),
                ("X-SENSITIVITY", {}, "Private"),
            ],
        )
    ]


# -- Google details ---------------------------------------------------------------------------


def test_google_multi_values_labels_and_leftovers():
    header = (
        "First Name,Last Name,Labels,Photo,E-mail 1 - Label,E-mail 1 - Value,"
        "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,"
        "Address 1 - Street,Address 1 - City,Website 1 - Label,Website 1 - Value,"
        "Event 1 - Label,Event 1 - Value,Relation 1 - Label,Relation 1 - Value,"
        "Custom Field 1 - Label,Custom Field 1 - Value,IM 1 - Label,IM 1 - Service,IM 1 - Value,"
        "Phonetic Last Name,Sensitivity"
    )
    row = (
        'Ann,Lee,"* myContacts ::: * My Contacts ::: Friends ::: * starred ::: Friends",'
        "https://lh3.googleusercontent.com/a/photo,"
        "* Home ::: Work,a@x.org ::: b@y.org,"
        "Mobile ::: * Home,1 ::: 2,"
        'Home ::: Work,"Line 1\nTown ::: Other place",Line 1 ::: ,Town ::: ,'
        "Blog,https://blog.example ::: https://linkedin.com/in/ann,"
        "Graduation ::: Connected on LinkedIn,2001-06-01 ::: 2019-05-04,"
        "Mother,Jo Lee,"
        "Shoe size,38,"
        "Work,Skype,ann.lee,"
        "リー,Normal"
    )
    result = read_csv(f"{header}\n{row}\n".encode(), "g.csv")
    assert result.format == "google" and result.issues == []
    assert [facts(r) for r in result.records] == [
        expect(
            line=2,
            given_name="Ann",
            family_name="Lee",
            groups=["Friends", "starred"],
            photo_url="https://lh3.googleusercontent.com/a/photo",
            emails=[("a@x.org", "Home", True), ("b@y.org", "Work", False)],
            phones=[("1", "Mobile", ""), ("2", "Home", "")],
            addresses=[
                Address(label="Home", street="Line 1", locality="Town"),
                Address(label="Work", street="Other place"),
            ],
            urls=[("https://blog.example", "Blog"), ("https://linkedin.com/in/ann", "Blog")],
            linkedin_url="https://linkedin.com/in/ann",
            connected_on="2019-05-04",
            extras=[
                ("X-PHONETIC-LAST-NAME", {}, "リー"),
                ("X-EVENT", {"TYPE": ["Graduation"]}, "2001-06-01"),
                ("RELATED", {"VALUE": ["text"], "TYPE": ["Mother"]}, "Jo Lee"),
                ("X-CUSTOM-FIELD", {"TYPE": ["Shoe size"]}, "38"),
                ("X-IM", {"TYPE": ["Work"], "X-SERVICE-TYPE": ["Skype"]}, "ann.lee"),
            ],
        )
    ]


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1990-05-17", (1990, 5, 17)),
        ("--04-12", (None, 4, 12)),
        ("--0412", (None, 4, 12)),
        ("19900517", (1990, 5, 17)),
        ("3/22/1975", (1975, 3, 22)),
        ("3/22/75", (1975, 3, 22)),
        ("1/8/18, 6:14 PM", (2018, 1, 8)),
        ("12/24/17, 9:02 AM", (2017, 12, 24)),
        ("09 Oct 2024", (2024, 10, 9)),
        ("9-Oct-2024", (2024, 10, 9)),
        ("Oct 9, 2024", (2024, 10, 9)),
        ("22.03.1975", (1975, 3, 22)),
        ("1604-02-29", (None, 2, 29)),
        ("0/0/00", None),
        ("1/1/4501", None),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_date(text, parsed):
    assert parse_date(text) == parsed


@pytest.mark.parametrize(
    "text", ["soon", "2/30/1990", "13/13/13", "--13-01", "32 Oct 2024", "x/y/z"]
)
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


# -- generic CSV ------------------------------------------------------------------------------


def test_suggest_mapping_by_header_names():
    header = [
        "Full Name",
        "First Name",
        "Last Name",
        "Middle Name",
        "Prefix",
        "Suffix",
        "Nickname",
        "E-mail",
        "Email Address",
        "Work Email",
        "Mobile",
        "Work Phone",
        "Phone 2",
        "Company",
        "Department",
        "Job Title",
        "Website",
        "LinkedIn Profile",
        "Notes",
        "Date of Birth",
        "Tags",
        "Favourite colour",
        "",
    ]
    assert suggest_mapping(header) == {
        "Full Name": "display_name",
        "First Name": "given_name",
        "Last Name": "family_name",
        "Middle Name": "middle_name",
        "Prefix": "prefix",
        "Suffix": "suffix",
        "Nickname": "nickname",
        "E-mail": "email",
        "Email Address": "email",
        "Work Email": "email",
        "Mobile": "phone",
        "Work Phone": "phone",
        "Phone 2": "phone",
        "Company": "organization",
        "Department": "department",
        "Job Title": "title",
        "Website": "url",
        "LinkedIn Profile": "linkedin_url",
        "Notes": "notes",
        "Date of Birth": "birthday",
        "Tags": "groups",
        "Favourite colour": "ignore",
        "": "ignore",
    }
    assert set(suggest_mapping(header).values()) <= set(FIELDS)


GENERIC = (
    "Full Name,E-mail,Work Email,Mobile,Phone,Company,Role,Website,LinkedIn,Birthday,Tags,Notes,Shoe\r\n"
    "Ann Lee,ann@x.org,ann@work.example; a2@work.example,+1 555,020 7946,ACME,CEO,"
    'https://ann.example,https://www.linkedin.com/in/annlee,--02-29,"VIP; Friends, Golf","Hi\r\nthere",42\r\n'
    "Bob Ray,<bob@x.org>,,,,,,,,someday,,,\r\n"
    ",,,,,,,,,,,,only a shoe size\r\n"
)


def test_generic_needs_a_mapping():
    result = read_csv(GENERIC.encode(), "people.csv")
    assert result.format == "generic"
    assert result.needs_mapping is True
    assert result.records == [] and result.issues == []
    assert result.header[:3] == ["Full Name", "E-mail", "Work Email"]


def test_generic_with_the_suggested_mapping():
    mapping = suggest_mapping(read_csv(GENERIC.encode(), "people.csv").header)
    assert mapping["Role"] == "title" and mapping["Shoe"] == "ignore"
    result = read_csv(GENERIC.encode(), "people.csv", mapping)
    assert result.format == "generic" and result.needs_mapping is False
    assert [facts(r) for r in result.records] == [
        expect(
            line=2,
            display_name="Ann Lee",
            emails=[
                ("ann@x.org", "", False),
                ("ann@work.example", "Work", False),
                ("a2@work.example", "Work", False),
            ],
            phones=[("+1 555", "Mobile", ""), ("020 7946", "", "")],
            organization="ACME",
            title="CEO",
            urls=[("https://ann.example", ""), ("https://www.linkedin.com/in/annlee", "LinkedIn")],
            linkedin_url="https://www.linkedin.com/in/annlee",
            birthday=(None, 2, 29),
            groups=["VIP", "Friends", "Golf"],
            notes="Hi\nthere",
        ),
        expect(line=4, display_name="Bob Ray", emails=[("bob@x.org", "", False)]),
    ]
    assert [(i.line, i.skipped) for i in result.issues] == [(4, False), (5, True)]
    assert "someday" in result.issues[0].message


def test_generic_with_a_hand_made_mapping():
    data = b"Who,Mail,Mail,Misc\nAnn,a@x.org,b@x.org,x\n"
    mapping = {"Who": "given_name", "Mail": "email", "Misc": "no-such-field", "Absent": "notes"}
    result = read_csv(data, "p.csv", mapping)
    assert [(r.given_name, [e.value for e in r.emails]) for r in result.records] == [
        ("Ann", ["a@x.org", "b@x.org"])
    ]
    assert [(i.line, i.skipped) for i in result.issues] == [(1, False)]
    assert "no-such-field" in result.issues[0].message


def test_known_formats_ignore_a_mapping(corpus_dir):
    path = corpus_dir / "csv" / "outlook-com.csv"
    plain = read_csv(path.read_bytes(), "o.csv")
    mapped = read_csv(path.read_bytes(), "o.csv", {"First Name": "notes"})
    assert mapped.format == "outlook"
    assert [facts(r) for r in mapped.records] == [facts(r) for r in plain.records]


# -- writing ----------------------------------------------------------------------------------


def test_google_header_is_googles_current_one(corpus_dir):
    sample = (corpus_dir / "csv" / "google-contacts.csv").read_text(encoding="utf-8-sig")
    assert write_google_csv([]) == sample.splitlines()[0] + "\r\n"


def test_round_trip_of_every_sample_record(corpus_dir):
    records = [r for name in SAMPLES for r in read_sample(corpus_dir, name).records]
    assert len(records) == 17
    text = write_google_csv(records)
    back = read_csv(text.encode("utf-8"), "back.csv")
    assert back.format == "google" and back.issues == []
    strip = [{**facts(r), "line": 0} for r in records]
    assert [{**facts(r), "line": 0} for r in back.records] == strip


def test_round_trip_of_a_rich_record():
    rec = ContactRecord(
        display_name="Dr. Ann B. Lee",
        given_name="Ann",
        middle_name="B.",
        family_name="Lee",
        prefix="Dr.",
        suffix="PhD",
        nickname="Annie",
        organization="ACME, Inc.",
        department="R&D",
        title='Head; of "things"',
        birthday_month=2,
        birthday_day=29,
        notes="Line 1\nLine 2, with comma\n\n::: not a separator here",
        emails=[
            Email("a@x.org", "Work", True),
            Email("b@x.org", "Home"),
            Email("c@x.org"),
        ],
        phones=[Phone("+44 20 7946 0000", "Work"), Phone("07700 900000", "Mobile"), Phone("1")],
        urls=[Url("https://ann.example", "Home")],
        linkedin_url="https://www.linkedin.com/in/annlee",
        addresses=[
            Address("Home", "PO 1", "Flat 2", "1 High St\nSecond line", "London", "", "N1", "UK"),
            Address("Work", locality="Paris", country="France"),
        ],
        groups=["starred", "Book club", "Team, A"],
        connected_on="2020-01-31",
        photo_url="https://example.com/p.jpg",
        extras=[
            Extra("ANNIVERSARY", {}, "20100619"),
            Extra("X-EVENT", {"TYPE": ["Graduation"]}, "--06-01"),
            Extra("RELATED", {"VALUE": ["text"], "TYPE": ["Spouse"]}, "Sam Lee"),
            Extra("X-CUSTOM-FIELD", {"TYPE": ["Shoe size"]}, "38\\, EU"),
            Extra("X-HOBBY", {}, "Chess\\, Go"),
            Extra("item1.X-ABDATE", {"TYPE": ["pref", "Work; day"]}, "2001-01-01"),
            Extra("X-PHONETIC-FIRST-NAME", {}, "アン"),
        ],
    )
    text = write_google_csv([rec, ContactRecord(given_name="Bo")])
    header = text.splitlines()[0].split(",")
    assert "E-mail 3 - Value" in header and "Phone 3 - Value" in header
    assert "Address 2 - Country" in header and "Event 3 - Value" in header
    assert "Event 4 - Value" not in header and "Address 3 - Country" not in header
    assert "Custom Field 3 - Value" in header and "Website 2 - Value" in header
    back = read_csv(text.encode(), "back.csv")
    assert back.format == "google" and back.issues == []
    expected = facts(rec)
    expected["urls"] = [*expected["urls"], ("https://www.linkedin.com/in/annlee", "LinkedIn")]
    got = facts(back.records[0])
    # Extras come back grouped by the kind of column they were written to.
    assert got["extras"] == [expected["extras"][i] for i in (6, 0, 1, 2, 3, 4, 5)]
    got["extras"] = expected["extras"] = []
    assert {**got, "line": 0} == {**expected, "line": 0}
    assert [facts(r)["given_name"] for r in back.records] == ["Ann", "Bo"]


def test_written_labels_and_birthdays():
    rec = ContactRecord(
        given_name="Ann",
        birthday_year=1990,
        birthday_month=5,
        birthday_day=7,
        groups=["starred", "Friends"],
        emails=[Email("a@x.org", "Work", True)],
    )
    text = write_google_csv([rec, ContactRecord(given_name="Bo", birthday_month=1, birthday_day=2)])
    lines = text.splitlines()
    assert ",1990-05-07,," in lines[1]
    assert "* myContacts ::: * starred ::: Friends,* Work,a@x.org" in lines[1]
    assert ",--01-02,," in lines[2] and "* myContacts," in lines[2]


# -- robustness -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(data):
    result = read_csv(data, "fuzz.csv")
    assert result.format in ("linkedin", "google", "outlook", "generic")
    read_csv(data, "fuzz.csv", {"a": "email", "b": "birthday", "c": "groups"})


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.sampled_from(SAMPLES),
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1, exclude_max=True),
            st.sampled_from(["insert", "delete", "replace"]),
            st.sampled_from([b'"', b",", b"\r", b"\n", b"\x00", b"\xff", b":::", b"\xc3", b"x"]),
        ),
        max_size=8,
    ),
)
def test_never_raises_on_mutated_samples(corpus_dir, name, mutations):
    data = bytearray((corpus_dir / "csv" / name).read_bytes())
    for where, how, what in mutations:
        i = int(where * (len(data) + 1))
        if how == "insert":
            data[i:i] = what
        elif how == "delete":
            del data[i : i + len(what)]
        else:
            data[i : i + len(what)] = what
    result = read_csv(bytes(data), "m.csv")
    for rec in result.records:
        assert rec.has_identity()
        assert rec.line >= 1
    for issue in result.issues:
        assert issue.line >= 1
    if result.records:
        read_csv(write_google_csv(result.records).encode(), "w.csv")


def test_module_is_pure_python():
    code = (
        "import sys, netcare_desktop.interop.csvformats\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'peewee')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_mapping_targets_are_the_contacts_fields_in_the_order_the_dialog_shows():
    """FIELDS comes from core.fields: every text field of a contact but the photo link can
    be a column's target, in the order the mapping dialog has always listed them."""
    from netcare_desktop.core.fields import TEXT_FIELDS

    assert FIELDS == (
        *(f for f in TEXT_FIELDS if f not in ("notes", "linkedin_url", "photo_url")),
        "email",
        "phone",
        "url",
        "linkedin_url",
        "notes",
        "birthday",
        "groups",
        "ignore",
    )
    assert FIELDS[:10] == (
        "display_name",
        "given_name",
        "family_name",
        "middle_name",
        "prefix",
        "suffix",
        "nickname",
        "organization",
        "department",
        "title",
    )
    assert set(TEXT_FIELDS) - set(FIELDS) == {"photo_url"}


def test_every_text_field_target_fills_that_field():
    from netcare_desktop.core.fields import TEXT_FIELDS

    targets = [f for f in FIELDS if f in TEXT_FIELDS]
    header = [f"col {f}" for f in targets]
    row = [f"v-{f}" for f in targets]
    data = (",".join(header) + "\r\n" + ",".join(row) + "\r\n").encode()
    mapping = dict(zip(header, targets, strict=True))
    (rec,) = read_csv(data, "g.csv", mapping).records
    assert {f: getattr(rec, f) for f in targets} == {f: f"v-{f}" for f in targets}
