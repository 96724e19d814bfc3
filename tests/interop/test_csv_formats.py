"""CSV formats on our own small fixtures: generic CSV and its mapping, writing, robustness."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcare_desktop.core.record import (
    Address,
    ContactRecord,
    Email,
    Extra,
    Phone,
    Url,
)
from netcare_desktop.interop.csvformats import (
    FIELDS,
    read_csv,
    suggest_mapping,
    write_google_csv,
)
from tests.interop.csv_helpers import (
    SAMPLES,
    expect,
    facts,
    read_sample,
)

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
            extras=[("X-SHOE", {}, "42")],  # issue 15: an unmapped cell is kept
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


def test_known_formats_ignore_a_mapping(samples_dir):
    path = samples_dir / "csv" / "outlook-com.csv"
    plain = read_csv(path.read_bytes(), "o.csv")
    mapped = read_csv(path.read_bytes(), "o.csv", {"First Name": "notes"})
    assert mapped.format == "outlook"
    assert [facts(r) for r in mapped.records] == [facts(r) for r in plain.records]


# -- writing ----------------------------------------------------------------------------------


def test_google_header_is_googles_current_one(samples_dir):
    sample = (samples_dir / "csv" / "google-contacts.csv").read_text(encoding="utf-8-sig")
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
    # Issue 15: the Connected on LinkedIn event also comes back as the extra the store keeps.
    connected = ("X-LINKEDIN-CONNECTED-ON", {}, "2020-01-31")
    assert got["extras"] == [
        *(expected["extras"][i] for i in (6, 0, 1)),
        connected,
        *(expected["extras"][i] for i in (2, 3, 4, 5)),
    ]
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
def test_never_raises_on_mutated_samples(samples_dir, name, mutations):
    data = bytearray((samples_dir / "csv" / name).read_bytes())
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
