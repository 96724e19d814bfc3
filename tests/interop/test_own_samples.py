"""The readers on this project's own samples (tests/fixtures/samples, written by
tests/fixtures/make_samples.py): what each file must read as, record by record. These run
everywhere, also in a clone without ../shared/corpus; the real-world files are checked the
same way in test_vcard_corpus.py and test_csv_formats.py where the corpus is present."""

from __future__ import annotations

import dataclasses

import pytest

from netcare_desktop.core.record import ContactRecord
from netcare_desktop.interop.csvformats import read_csv
from netcare_desktop.interop.vcard import collect, iter_vcards, read_vcards
from tests.fixtures.make_samples import JPEG, PNG
from tests.samples import OWN_SAMPLES


def brief(rec: ContactRecord) -> dict:
    """What a record says, leaving out empty fields, where it was read and the photo."""
    out = {}
    for field in dataclasses.fields(rec):
        value = getattr(rec, field.name)
        if field.name in ("source", "photo", "photo_mime") or value in ("", [], None, 0, ()):
            continue
        if isinstance(value, list):
            value = [_as_tuple(x) if dataclasses.is_dataclass(x) else x for x in value]
        out[field.name] = value
    return out


# Fields added after these expectations were written (issue 15), left out at their default so
# that only a value that has one shows: a phone's, URL's or address's PREF, a property's group.
_LATER = {"group": "", "preferred": False}


def _as_tuple(x) -> tuple:
    names = [f.name for f in dataclasses.fields(x)]
    values = list(dataclasses.astuple(x))
    while names and names[-1] in _LATER and values[-1] == _LATER[names[-1]]:
        if type(x).__name__ == "Email" and names[-1] == "preferred":
            break
        names.pop()
        values.pop()
    return tuple(values)


def read(rel: str):
    raw = (OWN_SAMPLES / rel).read_bytes()
    return read_vcards(raw, rel) if rel.endswith(".vcf") else read_csv(raw, rel)


# file -> (issues as (line, message), records as brief() shows them)
EXPECTED = {
    "csv/google-contacts-legacy.csv": (
        [],
        [
            {
                "line": 2,
                "display_name": "Anders Nygaard",
                "given_name": "Anders",
                "family_name": "Nygaard",
                "organization": "Fjord Ferries",
                "title": "Captain",
                "birthday_year": 1971,
                "birthday_month": 12,
                "birthday_day": 3,
                "notes": "Sailing club treasurer",
                "emails": [("anders.nygaard@example.no", "Home", True)],
                "phones": [("+47 412 34 567", "Mobile", "")],
                "groups": ["Sailing"],
            },
        ],
    ),
    "csv/google-contacts.csv": (
        [],
        [
            {
                "line": 2,
                "given_name": "Tevita",
                "family_name": "Fifita",
                "organization": "Tailwind Kayaks",
                "title": "Guide",
                "birthday_month": 9,
                "birthday_day": 14,
                "notes": "Paddling partner.\nAsk about the Tonga trip, 2025.",
                "emails": [
                    ("tevita@example.to", "Work", True),
                    ("t.fifita@example.net", "Work", False),
                ],
                "phones": [("+676 771 2345", "Mobile", "")],
                "groups": ["Paddling"],
            },
            {
                "line": 4,
                "given_name": "Marisol",
                "family_name": "Vega",
                "middle_name": "A.",
                "suffix": "PhD",
                "nickname": "Sol",
                "organization": "Lumen, Inc.",
                "title": "Director, Data",
                "birthday_year": 1988,
                "birthday_month": 2,
                "birthday_day": 29,
                "emails": [("marisol.vega@example.mx", "Home", True)],
                "phones": [("+52 55 5555 0123", "Work", "")],
                "urls": [("https://www.linkedin.com/in/marisolvega", "Profile")],
                "addresses": [
                    ("Work", "", "", "Av. Reforma 222", "Ciudad de México", "", "06600", "Mexico")
                ],
                "linkedin_url": "https://www.linkedin.com/in/marisolvega",
                "groups": ["starred"],
            },
        ],
    ),
    "csv/linkedin-connections-2018.csv": (
        [],
        [
            {
                "line": 2,
                "given_name": "Bjorn",
                "family_name": "Eklund",
                "organization": "Tundra Labs",
                "title": "Researcher",
                "emails": [("bjorn.eklund@example.se", "", False)],
                "connected_on": "2018-05-02",
                "extras": [("X-LINKEDIN-CONNECTED-ON", {}, "2018-05-02")],  # issue 15
            },
        ],
    ),
    "csv/linkedin-connections.csv": (
        [],
        [
            {
                "line": 5,
                "given_name": "Chidi",
                "family_name": "Nwosu",
                "organization": "Fabrikam Solar",
                "title": "Operations Lead",
                "emails": [("chidi.nwosu@example.org", "", False)],
                "urls": [("https://www.linkedin.com/in/chidi-nwosu", "LinkedIn")],
                "linkedin_url": "https://www.linkedin.com/in/chidi-nwosu",
                "connected_on": "2023-06-04",
                "extras": [("X-LINKEDIN-CONNECTED-ON", {}, "2023-06-04")],  # issue 15
            },
            {
                "line": 6,
                "given_name": "Rosa",
                "family_name": "Quispe",
                "organization": "Andes Robotics, S.A.",
                "title": "CTO",
                "urls": [("https://www.linkedin.com/in/rosa-quispe-12ab34", "LinkedIn")],
                "linkedin_url": "https://www.linkedin.com/in/rosa-quispe-12ab34",
                "connected_on": "2025-01-17",
                "extras": [("X-LINKEDIN-CONNECTED-ON", {}, "2025-01-17")],  # issue 15
            },
        ],
    ),
    "csv/outlook-com.csv": (
        [],
        [
            {
                "line": 2,
                "given_name": "Yusuf",
                "family_name": "Demir",
                "organization": "Bosphorus Design",
                "title": "Architect",
                "birthday_year": 1985,
                "birthday_month": 6,
                "birthday_day": 1,
                "notes": "Runs the Thursday design crit",
                "emails": [("yusuf.demir@example.com.tr", "", False)],
                "phones": [("+90 532 555 01 23", "Mobile", "")],
            },
        ],
    ),
    "csv/outlook-desktop.csv": (
        [],
        [
            {
                "line": 2,
                "given_name": "Leilani",
                "family_name": "Kahale",
                "prefix": "Ms.",
                "organization": "Koa Health",
                "title": "Nurse Manager",
                "notes": "Food bank, Saturdays.\nPrefers text.",
                "emails": [("leilani@example.org", "", False)],
                "phones": [("+1 808 555 0147", "Mobile", "")],
                "addresses": [("Business", "", "", "", "Honolulu", "", "", "United States")],
                "groups": ["Volunteers", "Mentors"],
            },
        ],
    ),
    "synthetic/cp1252-raw-2.1.vcf": (
        [],
        [
            {
                "line": 1,
                "display_name": "Amélie Lefèvre",
                "given_name": "Amélie",
                "family_name": "Lefèvre",
                "notes": "Owes me 20 € – and a coffee",
                "phones": [("+33 6 12 34 56 78", "mobile", "")],
            },
        ],
    ),
    "synthetic/latin1-qp-2.1.vcf": (
        [],
        [
            {
                "line": 1,
                "display_name": "François Châtelet",
                "given_name": "François",
                "family_name": "Châtelet",
                "emails": [("francois.chatelet@example.fr", "", False)],
            },
        ],
    ),
    "synthetic/utf16le-bom.vcf": (
        [],
        [
            {
                "line": 1,
                "display_name": "Søren Ålund",
                "given_name": "Søren",
                "family_name": "Ålund",
                "emails": [("soren.alund@example.dk", "", False)],
            },
        ],
    ),
    "synthetic/utf8-bom-3.0.vcf": (
        [],
        [
            {
                "line": 1,
                "display_name": "Gülşen Yıldız",
                "given_name": "Gülşen",
                "family_name": "Yıldız",
                "title": "Architektin",
                "emails": [("gulsen@example.com.tr", "home", False)],
            },
        ],
    ),
    "vcards/android-2.1-qp.vcf": (
        [],
        [
            {
                "line": 1,
                "display_name": "Jürgen Müller",
                "given_name": "Jürgen",
                "family_name": "Müller",
                "organization": "Bäckerei Sonnenschein",
                "notes": "Line one\nLine two, with a comma",
                "emails": [("juergen.mueller@example.de", "home", False)],
                "phones": [("+49 170 1234567", "mobile", "", True), ("+49 30 901820", "work", "")],
            },
            {
                "line": 18,
                "display_name": "Zofia Kowalska",
                "given_name": "Zofia",
                "family_name": "Kowalska",
                "emails": [("zofia.k@example.pl", "", False)],
                "phones": [("+48 22 123 45 67", "home", "")],
                "addresses": [("home", "", "", "ul. Długa 5", "Kraków", "", "31-147", "Poland")],
            },
        ],
    ),
    "vcards/apple-ios-3.0.vcf": (
        [],
        [
            {
                "line": 1,
                "uid": "own-apple-1",
                "display_name": "Chidi Emeka Nwosu",
                "given_name": "Chidi",
                "family_name": "Nwosu",
                "middle_name": "Emeka",
                "organization": "Fabrikam Solar",
                "department": "Field Operations",
                "title": "Operations Lead",
                "birthday_month": 7,
                "birthday_day": 19,
                "notes": "Sings bass, met at the 2023 choir festival.\nAsk about the solar farm.",
                "emails": [
                    ("chidi.nwosu@example.org", "work", True),
                    ("chidi@example.net", "Choir", False, "item2"),
                ],
                "phones": [("+44 7700 900123", "mobile", "", True)],
                "urls": [("https://www.linkedin.com/in/chidi-nwosu", "HomePage", True, "item3")],
                "addresses": [
                    (
                        "home",
                        "",
                        "",
                        "12 Rope Walk",
                        "Bristol",
                        "",
                        "BS1 6ZZ",
                        "United Kingdom",
                        True,
                        "item4",
                    )
                ],
                "linkedin_url": "https://www.linkedin.com/in/chidi-nwosu",
                "extras": [
                    ("item4.X-ABADR", {}, "gb"),
                    ("X-ABUID", {}, "5C1D1E2F-0A0B-4C4D-8E8F-101112131415\\:ABPerson"),
                ],
            },
            {
                "line": 33,
                "uid": "own-apple-2",
                "display_name": "Harbourside Print Shop",
                "organization": "Harbourside Print Shop",
                "phones": [("+44 117 496 0321", "work", "", True)],
                "extras": [("X-ABSHOWAS", {}, "COMPANY")],
            },
        ],
    ),
    "vcards/evolution-3.0.vcf": (
        [],
        [
            {
                "line": 1,
                "uid": "pas-id-65E2F0A100000001",
                "display_name": "Tomás O'Brien",
                "given_name": "Tomás",
                "family_name": "O'Brien",
                "organization": "Contoso, Ltd.",
                "department": "Research; Development",
                "notes": "Prefers calls before noon.\n"
                "Co-author of the 2021 paper, with Maja Lindqvist.",
                "emails": [("tomas.obrien@example.ie", "work", False)],
                "phones": [("+353 1 555 0142", "work", "")],
                "extras": [
                    ("X-EVOLUTION-FILE-AS", {}, "O'Brien\\, Tomás"),
                    ("X-EVOLUTION-BLOG-URL", {}, "https://tomas.example/blog"),
                ],
            },
        ],
    ),
    "vcards/nextcloud-4.0.vcf": (
        [],
        [
            {
                "line": 1,
                "uid": "7b0c7a3e-0c4e-4d7e-9a51-2f3c8e6d9b10",
                "display_name": "Aiyana Redcloud",
                "given_name": "Aiyana",
                "family_name": "Redcloud",
                "nickname": "Ana, Yana",
                "birthday_month": 2,
                "birthday_day": 3,
                "notes": "Folded note about the pottery fair in Taos that goes on long enough that it "
                "has to be folded in the middle of a word.",
                "emails": [("aiyana@example.com", "work", True)],
                "phones": [("+1-505-555-0142", "mobile", "")],
                "urls": [("https://aiyana.example/portfolio", "")],
                "addresses": [
                    ("work", "", "Suite 4", "120 Canyon Road", "Santa Fe", "NM", "87501", "USA")
                ],
                "groups": ["Alumni", "Book club"],
                "extras": [
                    (
                        "X-NETCARE-ADR",
                        {"LABEL": ['Suite 4\n120 Canyon Road\nSanta Fe, NM 87501\n"Old Town"']},
                        ";Suite 4;120 Canyon Road;Santa Fe;NM;87501;USA",
                    ),
                    ("IMPP", {}, "xmpp:aiyana@chat.example"),
                ],
            },
        ],
    ),
    "vcards/outlook-2.1.vcf": (
        [],
        [
            {
                "line": 1,
                "display_name": "Maja Lindqvist",
                "given_name": "Maja",
                "family_name": "Lindqvist",
                "organization": "Northwind Health",
                "department": "Cardiology",
                "title": "Head of Research",
                "birthday_year": 1979,
                "birthday_month": 3,
                "birthday_day": 22,
                "notes": "Met at the Lund conference, 2022.\nInterested in mentoring, not hiring.",
                "emails": [("maja.lindqvist@example.se", "", True)],
                "phones": [("+46 46 17 10 00", "work", ""), ("+46 70 765 43 21", "mobile", "")],
                "urls": [("https://northwindhealth.example", "work")],
                "addresses": [
                    ("work", "", "", "Sandgatan 19", "Lund", "", "223 62", "Sweden", True)
                ],
                "extras": [
                    ("LABEL", {"TYPE": ["WORK", "PREF"]}, "Sandgatan 19\\nLund 223 62\\nSweden"),
                    ("X-MS-OL-DEFAULT-POSTAL-ADDRESS", {}, "2"),
                    (
                        "X-MS-OL-DESIGN",
                        {},
                        "<card "
                        'xmlns="http://schemas.microsoft.com/office/outlook/12/electronicbusinesscards" '
                        'ver="1.0" layout="left" bgcolor="ffffff"></card>',
                    ),
                    ("REV", {}, "20240115T093000Z"),
                ],
            },
        ],
    ),
    "vcards/photo-only-2.1.vcf": (
        [(1, "card has no name, email or phone; skipped")],
        [],
    ),
    "vcards/unparsable-open-last-card.vcf": (
        [
            (5, "no ':' in 'this line is not a property'; line ignored"),
            (8, "END:VCARD missing at the end of the file; card closed"),
        ],
        [
            {
                "line": 1,
                "display_name": "Priya Natarajan",
                "given_name": "Priya",
                "family_name": "Natarajan",
                "emails": [("priya.n@example.in", "", False)],
            },
            {
                "line": 8,
                "display_name": "Wen Zhao",
                "given_name": "Wen",
                "family_name": "Zhao",
                "phones": [("+86 10 5555 0188", "mobile", "")],
            },
        ],
    ),
}

# file -> the photo of each record, in order (None: no photo)
PHOTOS = {
    "vcards/android-2.1-qp.vcf": [(PNG, "image/png"), None],
    "vcards/apple-ios-3.0.vcf": [(JPEG, "image/jpeg"), None],
    "vcards/nextcloud-4.0.vcf": [(PNG, "image/png")],
    "vcards/outlook-2.1.vcf": [(JPEG, "image/jpeg")],
}

FORMATS = {
    "csv/google-contacts.csv": "google",
    "csv/google-contacts-legacy.csv": "google",
    "csv/linkedin-connections.csv": "linkedin",
    "csv/linkedin-connections-2018.csv": "linkedin",
    "csv/outlook-com.csv": "outlook",
    "csv/outlook-desktop.csv": "outlook",
}

MANY = "vcards/google-many-3.0.vcf"


def test_every_own_sample_has_expectations():
    on_disk = sorted(
        str(p.relative_to(OWN_SAMPLES))
        for p in OWN_SAMPLES.rglob("*")
        if p.is_file() and p.suffix in (".vcf", ".csv")
    )
    assert on_disk == sorted([*EXPECTED, MANY])


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_own_sample_reads_as_expected(rel):
    issues, records = EXPECTED[rel]
    result = read(rel)
    assert [(i.line, i.message) for i in result.issues] == issues
    assert [brief(r) for r in result.records] == records
    photos = PHOTOS.get(rel, [None] * len(records))
    assert [(r.photo, r.photo_mime) if r.photo else None for r in result.records] == photos
    if rel in FORMATS:
        assert result.format == FORMATS[rel] and result.needs_mapping is False


def test_many_cards_read_in_order_with_their_repeats():
    result = read(MANY)
    assert result.issues == []
    assert len(result.records) == 243
    assert [r.line for r in result.records] == sorted(r.line for r in result.records)
    first, repeat = result.records[3], result.records[240]
    assert repeat.emails == first.emails and len(repeat.phones) == len(first.phones) + 1


@pytest.mark.parametrize("rel", sorted(r for r in [*EXPECTED, MANY] if r.endswith(".vcf")))
def test_own_vcards_read_the_same_both_ways(rel):
    """The fast path for plain cards and the general reader give the same records."""
    raw = (OWN_SAMPLES / rel).read_bytes()
    assert collect(iter_vcards(raw, rel)) == collect(iter_vcards(raw, rel, fast=False))
