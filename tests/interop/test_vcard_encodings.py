"""The vCard reader on small inline cards: character encodings, several cards, broken ones."""

from __future__ import annotations

import dataclasses

import pytest

from netcare_desktop.core.record import ContactRecord
from netcare_desktop.interop.vcard import (
    collect,
    iter_vcards,
    read_vcards,
)
from tests.interop.vcard_helpers import (
    BOM,
    SAMPLE_FILES,
    both_ways,
    clean,
    one,
    read,
    vcf,
)
from tests.samples import UNTERMINATED

# -- encodings -----------------------------------------------------------------------------------

TEXT_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jörg Müller 山田\r\nNOTE:ß\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + TEXT_CARD.encode("utf-16-le"),
        b"\xfe\xff" + TEXT_CARD.encode("utf-16-be"),
        TEXT_CARD.encode("utf-16-le"),
        TEXT_CARD.encode("utf-16-be"),
        b"\xef\xbb\xbf" + TEXT_CARD.encode("utf-8"),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf8-bom"],
)
def test_utf16_and_boms(data):
    rec = clean(data)
    assert rec.display_name == "Jörg Müller 山田"
    assert rec.notes == "ß"
    assert rec.line == 1


def test_utf16_issue_lines_count_lines():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nGARBAGE\r\nEND:VCARD\r\n"
    result = read(b"\xff\xfe" + text.encode("utf-16-le"))
    assert [i.line for i in result.issues] == [4]


def _anywhere(rec: ContactRecord) -> ContactRecord:
    """The record without where it was read (file and line)."""
    return dataclasses.replace(rec, source="", line=0)


def test_files_joined_with_cat_read_as_each_file_alone(samples_dir, tmp_path):
    """`cat *.vcf > all.vcf` of files that each start with a BOM (as Windows tools write
    them), two of them without a final line break: the BOMs inside are an encoding
    artifact, not data. No issue for them, no card lost or merged into another."""
    names = [n for n in SAMPLE_FILES if "utf16" not in n and "unparsable" not in n]
    names.append(UNTERMINATED[samples_dir])  # its last card is open: last, as alone
    parts = [(samples_dir / n).read_bytes() for n in names]
    assert sum(not p.endswith((b"\n", b"\r")) for p in parts) >= 2
    joined = tmp_path / "all.vcf"
    joined.write_bytes(b"".join(p if p.startswith(BOM) else BOM + p for p in parts))
    records, messages = [], []
    for name, raw in zip(names, parts, strict=True):
        alone = read_vcards(raw, name)
        records += [_anywhere(r) for r in alone.records]
        messages += [i.message for i in alone.issues]

    result = read_vcards(joined.read_bytes(), str(joined))
    assert result == collect(iter_vcards(joined.read_bytes(), str(joined), fast=False))
    assert [_anywhere(r) for r in result.records] == records
    assert sorted(i.message for i in result.issues) == sorted(messages)
    # What the import report shows for that file: the files' own issues, nothing more.
    from netcare_desktop.interop.importer import read_file

    report, imported = read_file(joined)
    assert sorted(i.message for i in report.issues) == sorted(messages)
    assert len(imported) == len(records)


def test_utf16_files_joined_with_cat(samples_dir):
    raw = next((samples_dir / n).read_bytes() for n in SAMPLE_FILES if "utf16" in n)
    alone = read_vcards(raw, "a.vcf")
    twice = read_vcards(raw + raw, "a.vcf")
    assert alone.records and twice.issues == alone.issues * 2
    assert [_anywhere(r) for r in twice.records] == [_anywhere(r) for r in alone.records] * 2


def test_a_bom_inside_a_value_is_data_and_kept():
    """Only a BOM that starts a line (before BEGIN:VCARD or a property name) is dropped:
    one inside a value, a folded line or a quoted-printable one stays where it was."""
    rec = both_ways(
        vcf(
            "FN:\ufeffLeading",
            "NOTE:one\ufefftwo",
            "TITLE:folded",
            " \ufeffon",
            "\ufeffTEL:+1 202 555 0100",  # before a property name: not data, the number is kept
            "ORG;ENCODING=QUOTED-PRINTABLE:Acme=",
            "\ufeffInc",
            version="2.1",
        )
    )
    assert rec.display_name == "\ufeffLeading"
    assert rec.notes == "one\ufefftwo"
    assert rec.title == "folded\ufeffon"
    assert [p.value for p in rec.phones] == ["+1 202 555 0100"]
    assert rec.organization == "Acme\ufeffInc"


def test_cards_joined_on_one_line_by_cat_stay_two():
    """A file without a final line break, then the next: END:VCARD[BOM]BEGIN:VCARD."""
    first = vcf("FN:First", "EMAIL:first@example.org").rstrip(b"\r\n")
    second = vcf("FN:Second", "EMAIL:second@example.org")
    for glue in (BOM, b""):
        result = read(BOM + first + glue + second)
        assert result.issues == []
        assert [r.display_name for r in result.records] == ["First", "Second"]
        assert [r.emails[0].value for r in result.records] == [
            "first@example.org",
            "second@example.org",
        ]


def test_charset_shift_jis_raw_bytes():
    data = vcf(
        b"N;CHARSET=SHIFT_JIS:" + "山田;太郎;;;".encode("shift_jis"),
        b"FN;CHARSET=SHIFT_JIS:" + "山田 太郎".encode("shift_jis"),
        version="2.1",
    )
    rec = clean(data)
    assert (rec.family_name, rec.given_name, rec.display_name) == ("山田", "太郎", "山田 太郎")


def test_charset_windows_1252_raw_bytes():
    data = vcf(
        b"FN;CHARSET=Windows-1252:" + "Jörg – “Café”".encode("cp1252"),
        b"ORG;CHARSET=windows-1252:" + "Bäckerei €uro".encode("cp1252"),
        version="2.1",
    )
    rec = clean(data)
    assert rec.display_name == "Jörg – “Café”"
    assert rec.organization == "Bäckerei €uro"


def test_charset_latin1_quoted_printable():
    data = vcf(b"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=F6rg M=FCller", version="2.1")
    assert clean(data).display_name == "Jörg Müller"


@pytest.mark.parametrize(
    ("charset", "text", "codec"),
    [
        ("ISO-8859-1", "Café – €uro", "cp1252"),  # Western Outlook: 0x80-0x9F are cp1252
        ("SHIFT_JIS", "髙橋 ①", "cp932"),  # Japanese phones: NEC/IBM extensions
        ("GB2312", "王喆", "gbk"),  # Chinese: GBK characters under the GB2312 label
    ],
    ids=["latin1-is-cp1252", "shiftjis-is-cp932", "gb2312-is-gbk"],
)
def test_charset_labels_read_as_the_superset_writers_use(charset, text, codec):
    """A declared charset is read as the encoding that writers really use under that
    label (as the WHATWG Encoding Standard does), not as mojibake or C1 controls."""
    data = vcf(f"FN;CHARSET={charset}:".encode() + text.encode(codec), "TEL:1", version="2.1")
    rec = one(data)
    assert rec.display_name == text


def test_utf8_first_then_windows_1252_per_value():
    data = vcf(
        "FN:Jörg Müller",  # UTF-8
        b"NOTE:Caf\xe9 \x80 5",  # raw Windows-1252, no CHARSET
        b"ORG:M\xfcller GmbH",
        version="2.1",
    )
    rec = one(data)
    assert rec.display_name == "Jörg Müller"
    assert rec.notes == "Café € 5"
    assert rec.organization == "Müller GmbH"


def test_one_stray_byte_costs_only_itself_and_is_reported():
    data = vcf(
        "FN:Stray",
        b"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=80",
        "TEL:1",
        version="2.1",
    )
    result = read(data)
    (rec,) = result.records
    assert rec.display_name == "Stray"
    assert rec.organization in ("ÑÑ", "")  # the good bytes, or the value left out
    assert "Ã" not in rec.organization and "\ufffd" not in rec.organization
    assert [i.line for i in result.issues] == [4]


@pytest.mark.parametrize(
    "line",
    [b"ORG;CHARSET=idna:xn--", b"ORG;CHARSET=UTF-8\x00:abc", b"ORG;CHARSET=punycode:a\\x"],
    ids=["idna", "nul-in-charset", "punycode"],
)
def test_an_unusable_charset_costs_only_its_value(line):
    """A CHARSET that names a codec which cannot decode text must not end the file."""
    data = vcf("FN:First") + vcf("FN:Middle", line, "TEL:2") + vcf("FN:Third")
    result = read(data)
    assert result.cards == 3
    assert [r.display_name for r in result.records] == ["First", "Middle", "Third"]
    assert [p.value for p in result.records[1].phones] == ["2"]
    assert all(i.line == 8 and not i.skipped for i in result.issues)


# -- several cards, broken ones -------------------------------------------------------------------


def test_a_broken_middle_card_costs_only_its_broken_parts():
    data = (
        vcf("FN:First", "TEL:1")
        + vcf(
            "FN:Middle",
            "THIS LINE HAS NO COLON",
            "PHOTO;ENCODING=b:@@@not base64@@@",
            "EMAIL:middle@example.com",
        )
        + vcf("FN:Third", "TEL:3")
    )
    result = read(data)
    assert result.cards == 3
    assert [r.display_name for r in result.records] == ["First", "Middle", "Third"]
    middle = result.records[1]
    assert [e.value for e in middle.emails] == ["middle@example.com"]
    lines = sorted(i.line for i in result.issues)
    assert 9 in lines and 10 in lines
    assert all(6 <= n <= 12 for n in lines)
    assert not any(i.skipped for i in result.issues)


def test_a_middle_card_without_identity_is_skipped_and_reported():
    data = vcf("FN:First") + vcf("NOTE:only a note", "X-FOO:bar") + vcf("FN:Third")
    result = read(data)
    assert result.cards == 3
    assert [r.display_name for r in result.records] == ["First", "Third"]
    assert [(i.line, i.skipped) for i in result.issues] == [(5, True)]


def test_missing_end_before_the_next_card():
    data = b"BEGIN:VCARD\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n"
    result = read(data)
    assert [r.display_name for r in result.records] == ["A", "B"]
    assert len(result.issues) == 1 and result.issues[0].line in (1, 2, 3)
    assert "END" in result.issues[0].message


def test_missing_end_at_the_end_of_the_file():
    result = read(b"BEGIN:VCARD\nVERSION:4.0\nFN:Unterminated\n")
    assert [r.display_name for r in result.records] == ["Unterminated"]
    assert len(result.issues) == 1 and "END" in result.issues[0].message


def test_missing_begin_at_the_start_and_between_cards():
    data = (
        b"VERSION:3.0\r\nFN:NoBegin\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nFN:Normal\r\nEND:VCARD\r\n"
        b"FN:Orphan\r\nEMAIL:o@example.com\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert [r.display_name for r in result.records] == ["NoBegin", "Normal", "Orphan"]
    assert sorted(i.line for i in result.issues) == [1, 7]
    assert all("BEGIN" in i.message for i in result.issues)


def test_lowercase_and_mixed_case_keywords():
    rec = clean(b"begin:vcard\nfn:ian geiser\nNote:mixed\nversion:2.1\nend:vcard\n")
    assert (rec.display_name, rec.notes) == ("ian geiser", "mixed")
