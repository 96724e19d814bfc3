"""CSV formats on our own small fixtures: Outlook and Google details, dates."""

from __future__ import annotations

import pytest

from netcare_desktop.core.record import (
    Address,
)
from netcare_desktop.interop.csvformats import (
    parse_date,
    read_csv,
)
from tests.interop.csv_helpers import (
    expect,
    facts,
)

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
                ("X-LINKEDIN-CONNECTED-ON", {}, "2019-05-04"),  # issue 15: the store keeps it
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
