"""The vCard reader on small inline cards: values, escapes and lists, Apple groups, photos
and dates.
"""

from __future__ import annotations

import socket

import pytest

from tests.interop.vcard_helpers import (
    JPEG,
    JPEG64,
    PNG,
    PNG64,
    birthday,
    chunks,
    clean,
    extras,
    read,
    vcf,
)

# -- values, escapes and lists ---------------------------------------------------------------


def test_structured_names_and_escapes():
    rec = clean(
        vcf(
            "N:Doe\\, Jr.;John\\;Paul;;Dr.;",
            "FN:Mustermann, Heiko",
            "TITLE:Director\\, R&D",
            "NOTE:one, two; three\\nfour \\\\ five\\Nsix",
            "URL:http\\://example.com/a\\,b",
        )
    )
    assert (rec.family_name, rec.given_name, rec.prefix) == ("Doe, Jr.", "John;Paul", "Dr.")
    assert rec.display_name == "Mustermann, Heiko"  # an unescaped comma is kept
    assert rec.title == "Director, R&D"
    assert rec.notes == "one, two; three\nfour \\ five\nsix"
    assert [u.value for u in rec.urls] == ["http://example.com/a,b"]


def test_address_components_with_escapes():
    rec = clean(
        vcf(
            "FN:A",
            "ADR;TYPE=home:PO 1;Apt\\; 2;Main St\\, 5\\nBuilding B;City;Region;12345;Country",
        )
    )
    (adr,) = rec.addresses
    assert (adr.label, adr.po_box, adr.extended) == ("home", "PO 1", "Apt; 2")
    assert adr.street == "Main St, 5\nBuilding B"
    assert (adr.locality, adr.region, adr.postal_code, adr.country) == (
        "City",
        "Region",
        "12345",
        "Country",
    )


@pytest.mark.parametrize(
    "line",
    [
        "ADR;TYPE=work:PO Box: 42;;1 Main St;Town;;12345;USA",
        'ADR;LABEL="PO Box 42: 1 Main St";TYPE=work:PO Box: 42;;1 Main St;Town;;12345;USA',
    ],
    ids=["no-label", "quoted-label"],
)
def test_a_colon_in_the_first_address_component(line):
    """Only an unquoted LABEL parameter (Nextcloud) may hold colons before the value."""
    rec = clean(vcf("FN:A", line, version="4.0"))
    (adr,) = rec.addresses
    assert (adr.label, adr.po_box, adr.street, adr.country) == (
        "work",
        "PO Box: 42",
        "1 Main St",
        "USA",
    )


def test_nickname_and_categories_are_lists():
    rec = clean(
        vcf(
            "FN:L",
            "NICKNAME:Bob,Bobby\\,Jr",
            "CATEGORIES:Friends,Work\\,Colleagues",
            "CATEGORIES:Golf",
        )
    )
    assert rec.nickname == "Bob, Bobby,Jr"
    assert rec.groups == ["Friends", "Work,Colleagues", "Golf"]


def test_n_list_component_keeps_an_escaped_comma():
    # "Richter\,James" is one additional name that contains a comma (RFC 6350 §3.4).
    rec = clean(vcf("N:Doe;John;Richter\\,James;;", "FN:J"))
    assert rec.middle_name == "Richter,James"


def test_organisation_units():
    rec = clean(vcf("FN:O", "ORG:ABC\\, Inc.;North American Division;Marketing"))
    assert rec.organization == "ABC, Inc."
    assert "North American Division" in rec.department and "Marketing" in rec.department


def test_linkedin_from_url_and_social_profile():
    rec = clean(vcf("FN:L", "URL:https://www.linkedin.com/in/jane-doe"))
    assert rec.linkedin_url == "https://www.linkedin.com/in/jane-doe"
    rec = clean(vcf("FN:L", "X-SOCIALPROFILE;TYPE=linkedin:https\\://www.linkedin.com/in/jane-doe"))
    assert rec.linkedin_url == "https://www.linkedin.com/in/jane-doe"


# -- Apple groups -------------------------------------------------------------------------------


def test_apple_item_groups_and_labels():
    rec = clean(
        vcf(
            "FN:Apple",
            "item1.EMAIL;type=INTERNET:work@example.com",
            "item1.X-ABLabel:_$!<Work>!$_",
            "item2.TEL:555 2222",
            "item2.X-ABLabel:GRAND_CENTRAL",
            "item3.X-ABLabel:_$!<HomePage>!$_",  # the label before its property
            "item3.URL:http\\://example.com",
            "ITEM4.ADR:;;1 Main St;Town;;;",
            "item4.X-ABLabel:Cottage",
            "item5.X-ABRELATEDNAMES:Jenny",
            "item5.X-ABLabel:_$!<Spouse>!$_",
            "EMAIL;TYPE=home:home@example.com",
        )
    )
    assert [(e.value, e.label) for e in rec.emails] == [
        ("work@example.com", "Work"),
        ("home@example.com", "home"),
    ]
    assert [(p.value, p.label) for p in rec.phones] == [("555 2222", "GRAND_CENTRAL")]
    assert [(u.value, u.label) for u in rec.urls] == [("http://example.com", "HomePage")]
    assert [(a.label, a.street) for a in rec.addresses] == [("Cottage", "1 Main St")]
    # A label whose property NetCare does not model stays with it.
    assert [x.value for x in extras(rec, "item5.X-ABRELATEDNAMES")] == ["Jenny"]
    assert len(extras(rec, "item5.X-ABLABEL")) == 1


# -- photos --------------------------------------------------------------------------------------


def test_photo_base64_with_wrong_type_is_sniffed():
    lines = chunks(PNG64, 60)
    rec = clean(
        vcf("FN:P", "PHOTO;ENCODING=b;TYPE=JPEG:" + lines[0], *(" " + x for x in lines[1:]))
    )
    assert rec.photo == PNG
    assert rec.photo_mime == "image/png"
    assert rec.photo_url == ""


@pytest.mark.parametrize("indent", ["  ", ""], ids=["indented", "flush"])
def test_photo_bare_base64_21_block_ended_by_a_blank_line(indent):
    lines = chunks(JPEG64, 40)
    data = vcf(
        "FN:Photo 21",
        "PHOTO;ENCODING=BASE64;JPEG:",
        *(indent + x for x in lines),
        "",
        "TEL;CELL:123",
        version="2.1",
    )
    rec = clean(data)
    assert rec.photo == JPEG
    assert rec.photo_mime == "image/jpeg"
    assert [p.value for p in rec.phones] == ["123"]


def test_photo_bare_base64_singleton():
    lines = chunks(JPEG64, 40)
    rec = clean(vcf("FN:B", "PHOTO;BASE64:", *("  " + x for x in lines), "", "TEL:9"))
    assert rec.photo == JPEG
    assert [p.value for p in rec.phones] == ["9"]


@pytest.mark.parametrize(
    "value",
    [
        f"data:image/png;base64,{PNG64}",
        f"data:image/png;base64\\,{PNG64}",
        f"data:image/PNG\\;base64\\,{PNG64}",
    ],
    ids=["comma", "escaped-comma", "escaped-both"],
)
def test_photo_data_uri(value):
    rec = clean(vcf("FN:D", "PHOTO:" + value, version="4.0"))
    assert rec.photo == PNG
    assert rec.photo_mime == "image/png"


def test_photo_data_uri_inside_a_base64_declared_value():
    rec = clean(vcf("FN:D", f"PHOTO;ENCODING=b;TYPE=png:data:image/png;base64,{PNG64}"))
    assert rec.photo == PNG


def test_photo_data_uri_folded():
    value = f"PHOTO:data:image/jpeg;base64,{JPEG64}"
    folded = chunks(value, 50)
    rec = clean(vcf("FN:D", folded[0], *(" " + x for x in folded[1:]), version="4.0"))
    assert rec.photo == JPEG
    assert rec.photo_mime == "image/jpeg"


def test_photo_url_is_kept_and_never_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the reader tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    rec = clean(vcf("FN:U", "PHOTO;VALUE=uri:https://example.com/p.jpg"))
    assert (rec.photo, rec.photo_url) == (None, "https://example.com/p.jpg")
    rec = clean(
        vcf(
            "FN:U",
            "PHOTO;X-ABCROP-RECTANGLE=ABClipRect_1&60&179&181&181&qZ5==;VALUE=uri:http://localhost/r.jpg",
        )
    )
    assert (rec.photo, rec.photo_url) == (None, "http://localhost/r.jpg")
    rec = clean(vcf("FN:U", "PHOTO:https://example.com/p4.jpg", version="4.0"))
    assert (rec.photo, rec.photo_url) == (None, "https://example.com/p4.jpg")


def test_broken_photo_costs_only_the_photo():
    data = vcf("FN:Broken Photo", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ$$$A", "TEL:5")
    result = read(data)
    (rec,) = result.records
    assert rec.display_name == "Broken Photo"
    assert [p.value for p in rec.phones] == ["5"]
    assert rec.photo is None
    assert [(i.line, i.skipped) for i in result.issues] == [(4, False)]
    assert "photo" in result.issues[0].message.lower()


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BDAY:--0203", (None, 2, 3)),
        ("BDAY:--02-03", (None, 2, 3)),
        ("BDAY:16040101", (None, 1, 1)),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-03", (None, 2, 3)),
        ("BDAY;X-APPLE-OMIT-YEAR=1900:1900-05-06", (None, 5, 6)),
        ("BDAY:1996-04-15T201243+04:00", (1996, 4, 15)),
        ("BDAY:1955-07-19T00:00:00Z", (1955, 7, 19)),
        ("BDAY:19531015T231000Z", (1953, 10, 15)),
        ("BDAY;VALUE=date:2012-06-06", (2012, 6, 6)),
        ("BDAY:19800322", (1980, 3, 22)),
        ("BDAY:--0229", (None, 2, 29)),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29", (None, 2, 29)),
        ("BDAY:2000-02-29", (2000, 2, 29)),
    ],
)
def test_partial_and_odd_dates(line, expected):
    rec = clean(vcf("FN:D", line))
    assert birthday(rec) == expected


@pytest.mark.parametrize("line", ["BDAY:2001-02-29", "BDAY:1990-02-30", "BDAY:--0431"])
def test_impossible_dates_are_not_stored(line):
    result = read(vcf("FN:D", line))
    (rec,) = result.records
    assert birthday(rec) is None
    # not lost either: kept as written, or reported
    assert extras(rec, "BDAY") or result.issues
