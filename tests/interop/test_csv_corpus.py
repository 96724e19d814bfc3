"""CSV formats: every fact of every row of the corpus samples."""

from __future__ import annotations

import pytest

from netcare_desktop.core.record import (
    Address,
)
from netcare_desktop.interop.csvformats import (
    detect_format,
    read_csv,
)
from tests.interop.csv_helpers import (
    SAMPLES,
    expect,
    facts,
    read_sample,
)

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
def test_header_and_detection_of_samples(samples_dir, name):
    fmt, _ = EXPECTED[name]
    result = read_sample(samples_dir, name)
    raw = (samples_dir / "csv" / name).read_text(encoding="utf-8-sig").splitlines()
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
