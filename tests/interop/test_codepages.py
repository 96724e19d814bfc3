"""Issue 15, any code page: vCard 2.1 files without CHARSET in local code pages.

The fixtures (tests/fixtures/issue15/codepages/, written by make_codepages.py beside them)
are what Outlook and phones write in Greek, Cyrillic, Hebrew, Arabic, Central European
and East Asian locales: 2.1, no CHARSET, quoted-printable notes.  Read as Windows-1252
(the old way) every name was mojibake ("ÂáããÝëçò" for "Βαγγέλης").
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from netcare_desktop.interop import codepages
from netcare_desktop.interop.reading import read_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "codepages"
_spec = importlib.util.spec_from_file_location("make_codepages", FIXTURES / "make_codepages.py")
assert _spec and _spec.loader
make_codepages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_codepages)
PEOPLE = make_codepages.PEOPLE


def test_the_fixtures_are_what_the_generator_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(make_codepages, "OUT", tmp_path)
    make_codepages.main()
    for written in tmp_path.iterdir():
        assert written.read_bytes() == (FIXTURES / written.name).read_bytes(), written.name
    assert b"CHARSET" not in (FIXTURES / "cp1251.vcf").read_bytes()


@pytest.mark.parametrize("cp", sorted(PEOPLE))
def test_a_phones_file_in_a_local_code_page_reads_as_written(cp):
    report, records = read_file(FIXTURES / f"{cp}.vcf")
    people = PEOPLE[cp]
    assert [r.display_name for r in records] == [p[2] for p in people]
    assert [(r.family_name, r.given_name) for r in records] == [(p[0], p[1]) for p in people]
    assert [r.addresses[0].locality for r in records] == [p[3] for p in people]
    assert [r.notes for r in records] == [p[4] for p in people]  # quoted-printable too
    assert report.encoding == cp
    assert report.encoding_certain
    label = codepages.label(cp)
    assert report.issues[0].message == f"read as {label}, no CHARSET in the file"


@pytest.mark.parametrize("cp", sorted(PEOPLE))
def test_one_card_with_one_name_still_reads_as_written(cp):
    """Where detectors alone fail: a few bytes. The script of the text decides."""
    report, records = read_file(FIXTURES / f"{cp}-short.vcf")
    family, given, full = PEOPLE[cp][0][:3]
    assert [(r.display_name, r.family_name, r.given_name) for r in records] == [
        (full, family, given)
    ]
    assert report.encoding == cp
    assert report.issues[0].message.startswith(f"read as {codepages.label(cp)}")


def _card(*lines: bytes) -> bytes:
    return b"\r\n".join([b"BEGIN:VCARD", b"VERSION:2.1", *lines, b"END:VCARD"]) + b"\r\n"


def test_an_explicit_charset_wins_over_the_guess(tmp_path):
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        _card(
            "N:Παπαδόπουλος;Βαγγέλης".encode("cp1253"),
            "FN:Βαγγέλης Παπαδόπουλος".encode("cp1253"),
            b"TITLE;CHARSET=ISO-8859-1:" + "Ingénieur".encode("latin-1"),
            b"ORG;CHARSET=WINDOWS-1251:" + "Газпром".encode("cp1251"),
        )
    )
    report, [rec] = read_file(path)
    assert rec.display_name == "Βαγγέλης Παπαδόπουλος"
    assert (rec.title, rec.organization) == ("Ingénieur", "Газпром")
    assert report.encoding == "cp1253"


def test_a_utf8_file_stays_utf8_and_says_nothing(tmp_path):
    path = tmp_path / "utf8.vcf"
    path.write_bytes(_card("FN:Jiří Dvořák".encode(), "NOTE:Екатерина, ΒΑΓΓΈΛΗΣ, 山田".encode()))
    report, [rec] = read_file(path)
    assert rec.display_name == "Jiří Dvořák"
    assert rec.notes == "Екатерина, ΒΑΓΓΈΛΗΣ, 山田"
    assert report.encoding == "" and report.issues == []


def test_the_person_can_say_which_code_page(tmp_path):
    """The preview's "Read as:" and `netcare import --encoding`: the choice wins."""
    path = tmp_path / "short.vcf"
    path.write_bytes(_card("FN:Екатерина Смирнова".encode("koi8-r"), b"TEL:+44 7700 900123"))
    report, [rec] = read_file(path, encoding="koi8_r")
    assert rec.display_name == "Екатерина Смирнова"
    assert report.encoding == "koi8-r"
    assert report.issues[0].message == "read as KOI8-R (Cyrillic), as chosen"
    _, [wrong] = read_file(path, encoding="cp1251")
    assert wrong.display_name != "Екатерина Смирнова"


def test_an_uncertain_guess_names_its_alternatives():
    """Two Hebrew words are also plausible KOI8-R capitals: the guess says so."""
    found = codepages.guess("דוד כהן".encode("cp1255"))
    assert found.codec == "cp1255"
    assert not found.certain and "koi8-r" in found.alternatives
    assert "it could also be KOI8-R (Cyrillic)" in found.describe()


@pytest.mark.parametrize(
    "text",
    [
        "Βαγγέλης Παπαδόπουλος",
        "Екатерина Смирнова",
        "Jiří Dvořák",
        "דוד כהן",
        "山田太郎",
        "王小明",
        "François Müller",
        "محمد أحمد",
    ],
)
def test_mojibake_is_judged_wrong(text):
    """A decoding that mixes scripts in one word, gives C1 controls, or Latin accents of no
    one language scores below the right one."""
    cp = {"Β": "cp1253", "Е": "cp1251", "J": "cp1250", "ד": "cp1255", "山": "cp932"}.get(
        text[0], {"王": "gb18030", "F": "cp1252", "م": "cp1256"}.get(text[0], "")
    )
    data = text.encode(cp)
    right = codepages.score(data.decode(cp), cp)
    assert right is not None
    for other in ("cp1252", "cp1251", "cp1253", "koi8-r", "cp932", "gb18030"):
        try:
            decoded = data.decode(other)
        except UnicodeDecodeError:
            continue
        if decoded != text:
            wrong = codepages.score(decoded, other)
            assert wrong is None or wrong < right, (other, decoded)


def test_c1_controls_rule_a_code_page_out():
    assert codepages.score("Ð\x9fÑ\x80", "iso8859-1") is None


def test_csv_helper_decodes_a_whole_file():
    text, found = codepages.decode_8bit("Name,City\nЕкатерина Смирнова,Москва\n".encode("cp1251"))
    assert text.startswith("Name,City\nЕкатерина") and found is not None
    assert found.codec == "cp1251"
    assert codepages.decode_8bit("Jiří".encode())[1] is None
