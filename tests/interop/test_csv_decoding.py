"""CSV formats on our own small fixtures: decoding and broken files."""

from __future__ import annotations

import pytest

from netcare_desktop.interop.csvformats import (
    CsvResult,
    read_csv,
    suggest_mapping,
)
from tests.interop.csv_helpers import (
    expect,
    facts,
)

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
