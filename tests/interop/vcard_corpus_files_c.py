"""Expected cards of the shared corpus files: KDE, khard, Radicale, rcmcarddav, sabre/vobject, vcard4android, synthetic charsets.

Read from the files' bytes by hand (see test_vcard_corpus.py).
"""

from __future__ import annotations

from tests.interop.vcard_corpus_expect import (
    FAX,
    RIBBON_PNG,
    SJIS_READING,
    A,
    Card,
    E,
    Expect,
    InOrder,
    OneOf,
    P,
    U,
)

EXPECTED_C: dict[str, Expect] = {
    # ---- KDE kcontacts ----
    "vcards/kcontacts__testfullvcard.vcf": Expect(
        [
            Card(
                display_name="Sherlock Holmes",
                phones=[
                    P("+44-555-555-5555;ext=5555", "home"),
                    P("+44-555-555-6666", "mobile text"),  # every type (issue 15)
                    P("+44-555-555-7777", "work"),
                ],
                family_name="Holmes",
                given_name="Sherlock",
                prefix="Mr",
                nickname="Shirley",
                birthday=(1953, 10, 15),
                addresses=[
                    A(
                        "",
                        street="221B Baker Street",
                        locality="London",
                        postal_code="NW1",
                        country="United Kingdom",
                    )
                ],
                emails=[
                    E("sherlock.holmes@gmail.com", "home"),
                    E("detective@sherlockholmes.com", "work", True),
                ],
                title="Detective",
                uid="urn:uuid:b8767877-b4a1-4c70-9acc-505d3819e519",
                groups=["FICTION", "LITERATURE"],
                urls=[U("https://sherlockholmes.com")],
                extras=[
                    "KIND",
                    "ANNIVERSARY",
                    "GENDER",
                    "IMPP",
                    "LANG",
                    "LANG",
                    "TZ",
                    "GEO",
                    "ROLE",
                    "REV",
                    "KEY",
                    "CALURI",
                    "FBURL",
                    "CALADRURI",
                ],
                extra_values={
                    "KIND": "individual",
                    "IMPP": "xmpp:detective@sherlockholmes.com",
                    "TZ": "London/Europe",
                    "REV": "2014722T222710Z",
                    "KEY": "https://sherlockholmes.com/sherlock-holmes.pub.asc",
                    "CALADRURI": "mailto:detective@sherlockholmes.com",
                },
                extra_params={"KEY": ("MEDIATYPE", ["application/pgp-keys"])},
            )
        ]
    ),
    "vcards/kcontacts__vcard10.vcf": Expect(
        [
            Card(
                line=1,
                uid="bfa5fdc5-fbfc-4ce2-8196-29ca0deb3bd3",
                addresses=[A("work", street="DDDDDDDDDDDDDDD-Staße 2\n00000 DDDDDDDDDD")],
                organization="Bike Shop",
                notes="This one has a funny character at the end in the contact list",
            ),
            Card(
                line=9,
                uid="f8361311-b25c-4237-a94e-3015d8fe19de",
                given_name="Broken",
                display_name="Field after Address broken",
                addresses=[
                    A("home", street="AAAAAAA-AäAAAAA 11", locality="Urt", postal_code="00000")
                ],
                urls=[U("http://some-webseite.com")],
                notes=(
                    "This one's URL field is truncated (see contact's edit form). Remove the "
                    "linebreak in the VCF's address field and the URL will will be correct."
                ),
            ),
            Card(
                line=19,
                uid="462269fd-607c-4284-998b-6771143b63a7",
                given_name="Broken",
                display_name="Field after Address not broken",
                addresses=[
                    A("home", street="AAAAAAA-AäAAAAA 11", locality="Urt", postal_code="00000")
                ],
                notes=(
                    'this is identical to "Website broken", but with Note and URL swapped. The '
                    "Note field does not get truncated as the URL field does."
                ),
                urls=[U("http://some-webseite.com")],
            ),
            Card(
                line=29,
                uid="b4fc4930-043f-446a-9a76-cf0b548368d8",
                family_name="Name",
                given_name="Surname",
                prefix="Dr. med.",
                display_name="Dr. med. Surname Name",
                title="Facharzt für Allgemeinmedizin",
                notes=(
                    "Sprechzeiten:\nMo   8–12, 15–18\nDi     8–12\nMi    8–12, 14–15\n"
                    "Do 14–19\nFr     8–12"
                ),
            ),
            Card(
                line=42,
                uid="941b057d-e959-4644-b41f-e122b26c3807",
                family_name="Doctor",
                given_name="Second",
                display_name="Second Doctor",
                addresses=[A("work", street="DDDDDDDDDDDstraße 26\n00000 DDDDDDDDDDDDDDDDD")],
                title="Dentist",
                notes=(
                    "Sprechzeiten:\nMo   8–13\nDi   10–12, 13–18\nMi  10–12, 13–18\n"
                    "Do  13–18\nFr      8–12"
                ),
            ),
        ]
    ),
    "vcards/kcontacts__vcard12.vcf": Expect(
        [
            Card(
                uid="pas-id-54B2522600000001",
                display_name="Good Looking",
                family_name="Looking",
                given_name="Good",
                photo=(159, "9752df19fcc157d9", "image/png"),
                emails=[E("goodlooking@example.com", "work")],
                extras=["PHOTO"],  # the HOME photo
                extra_values={"PHOTO": "iVBORw0KGgo"},
            )
        ]
    ),
    "vcards/kcontacts__vcard3.vcf": Expect(
        [
            Card(
                uid="ebvq9Wo9rO",
                family_name="geiser",
                given_name="ian",
                organization="Source eXtreme",
                emails=[E("geiseri@yahoo.com")],
                title="VP of Engineering",
                display_name="ian geiser",
                extras=["X-MOZILLA-HTML", "X-MOZILLA-CPT"],
                extra_values={"X-MOZILLA-HTML": "FALSE", "X-MOZILLA-CPT": ";0"},
            )
        ]
    ),
    "vcards/kcontacts__vcard4.vcf": Expect(
        [
            Card(
                phones=[P("(617) 236-0442", "work"), P("(617) 236-8630", FAX)],
                emails=[E("hello@ximian.com")],
                urls=[U("www.ximian.com/")],
                organization="Ximian, Inc.",
                notes="Welcome to the Ximian Addressbook.",
                uid="pas-id-3E136F9B00000000",
                extras=["X-EVOLUTION-FILE-AS", "LABEL"],
                extra_values={
                    "X-EVOLUTION-FILE-AS": "Ximian, Inc.",
                    "LABEL": "401 Park Drive  3 West\nBoston, MA 02215\nUSA",
                },
            )
        ],
        issues=[(3, "FN", False)],  # a bare "FN" line without a colon
    ),
    "vcards/kcontacts__vcard5.vcf": Expect(
        [
            Card(
                addresses=[
                    A(
                        "home",
                        street="Buehlauer Strasse 45",
                        locality="Dresden",
                        region="Sachsen",
                        postal_code="01327",
                        country="Germany",
                    ),
                    A(
                        "work",
                        street="Prager Strasse 55",
                        locality="Dresden",
                        region="Sachsen",
                        postal_code="01066",
                        country="Germany",
                    ),
                ],
                birthday=(1955, 7, 19),
                groups=["Friend"],
                emails=[
                    E("heiko.mustermann@freenet.org", "", True),
                    E("heiko8@tst.inf.tu-dresden.de"),
                ],
                display_name="Mustermann, Heiko",
                family_name="Mustermann",
                given_name="Heiko",
                nickname="clown",
                notes="I'm a friendly note text,\nplease copy me to your address book...",
                organization="KDE",
                photo=(3732, "888965f3a329c61b", "image/png"),
                phones=[
                    P("0351 223344", "home"),
                    P("0351 443322", "work"),
                    P("0173 223344", "mobile"),
                ],
                uid="P9HXg34Oav",
                urls=[U("http://www.mustermann.de/~heiko/")],
                extras=[
                    "CLASS",
                    "GEO",
                    "LOGO",
                    "ROLE",
                    "SOUND",
                    "X-KADDRESSBOOK-X-Anniversary",
                    "X-KADDRESSBOOK-X-AssistantsName",
                    "X-KADDRESSBOOK-X-Department",
                    "X-KADDRESSBOOK-X-IMAddress",
                    "X-KADDRESSBOOK-X-ManagersName",
                    "X-KADDRESSBOOK-X-Office",
                    "X-KADDRESSBOOK-X-Profession",
                    "X-KADDRESSBOOK-X-SpousesName",
                ],
                extra_values={
                    "CLASS": "CONFIDENTIAL",
                    "GEO": "19.283333;166.616669",
                    "LOGO": "iVBORw0KGgo",
                    "SOUND": "UklGRiQgAABXQVZF",
                    "X-KADDRESSBOOK-X-Department": "Edutainment",
                    "X-KADDRESSBOOK-X-SpousesName": "femal clown",
                },
            )
        ]
    ),
    "vcards/kcontacts__vcard9.vcf": Expect(
        [
            Card(
                display_name="βγδεαβγδ1" * 11,
                family_name="123ㄓㄕㄖbcde" + "αβγδ" * 6 + "αβㄤㄓㄕㄖ",
                notes=(
                    "Длинный комментарий на русском языке, чтобы в результате получилась "
                    "строка более 70 символов."
                ),
                uid="20140316T155019.877e370c11@martin",
            )
        ]
    ),
    "vcards/kcontacts__vcardwithitemasapplesupport.vcf": Expect(
        [
            Card(
                display_name="Name of Broken Card",
                given_name="SOMENAME",
                notes="SOME NOTES",
                organization="SOME COMPANY",
                phones=[P("(111) 111-1111", "work")],
                uid="fe395f83-d5a6-49e3-ae22-ae0799a5aa99",
                addresses=[
                    A(
                        "work",
                        street="STREET",
                        locality="CITY",
                        region="STATE",
                        postal_code="ZIP",
                        country="COUNTRY",
                    )
                ],
                extras=["REV", "X-ABShowAs-ABShowAs"],
                extra_values={"X-ABShowAs-ABShowAs": "COMPANY"},
            )
        ]
    ),
    # ---- khard ----
    "vcards/khard__photov4.vcf": Expect(
        [
            Card(
                uid="photov4",
                display_name="with photo v4",
                # "should" CRLF " be": unfolding removes the CRLF and the one space
                notes=(
                    "The RFC6350 for vCard 4.0 specifies that the value for PHOTO shouldbe a "
                    "single uri."
                ),
                photo=(123, "869b34103207ff30", "image/png"),
            )
        ]
    ),
    "vcards/khard__unparsable.vcf": Expect(
        [Card(display_name="second contact with minimal Vcard")],
        issues=[((1, 3, 4), "END", False)],
    ),
    # ---- Radicale ----
    "vcards/radicale__broken-vcard.vcf": Expect(
        [
            Card(
                uid="C68582D2-2E60-0001-C2C0-000000000000.vcf",
                emails=[E("test-misses-N-or-FN@example.com", "work")],
                extras=["X-MOZILLA-HTML", "X-RADICALE-NAME"],
                extra_values={"X-RADICALE-NAME": "C68582D2-2E60-0001-C2C0-000000000000.vcf"},
            )
        ]
    ),
    "vcards/radicale__contact4-with-bday-no-year.vcf": Expect(
        [
            Card(
                uid="d0bd27f0-5c7c-4540-b9b6-91314b8361f1",
                birthday=(None, 1, 1),
                display_name="Test bday without year Thunderbird CardBook",
                extras=["REV"],
            )
        ]
    ),
    "vcards/radicale__contact_photo_with_data_uri.vcf": Expect(
        [
            Card(
                uid="contact",
                family_name="Contact",
                display_name="Contact",
                nickname="test",
                photo=RIBBON_PNG,
            )
        ]
    ),
    "vcards/radicale__contact_photo_with_data_uri_v4.vcf": Expect(
        [
            Card(
                uid="contact",
                family_name="Contact",
                display_name="Contact",
                nickname="test",
                photo=RIBBON_PNG,
            )
        ]
    ),
    # ---- rcmcarddav ----
    "vcards/rcmcarddav__IM-iOS.vcf": Expect(
        [
            Card(
                family_name="IosIMKontakt",
                given_name="Test",
                display_name="Test IosIMKontakt",
                uid="E627D8ED-37BB-4AF0-91D3-E622B6390BF3",
                extras=[
                    "item1.X-ICQ",
                    "item1.X-ABLABEL",
                    "item2.X-AIM",
                    "item3.X-MSN",
                    "item4.X-YAHOO",
                    "item5.X-JABBER",
                    *[f"item{n}.IMPP" for n in range(6, 19)],
                    *[f"item{n}.X-ABLABEL" for n in range(6, 19)],
                    "REV",
                ],
                extra_values={
                    "item1.X-ICQ": "18383828",
                    "item7.IMPP": "x-apple:0283839",
                    "item8.IMPP": "x-apple:mikeim@example.com",
                    "item8.X-ABLABEL": "Mike’s very special",
                    "item18.IMPP": "skype:skype2@example.com",
                },
                extra_params={
                    "item8.IMPP": ("X-SERVICE-TYPE", ["Mike’s very special, custom IM:"]),
                    "item7.IMPP": ("X-SERVICE-TYPE", ["WhatsApp"]),
                },
            )
        ]
    ),
    "vcards/rcmcarddav__UriPhotoCrop.vcf": Expect(
        [
            Card(
                uid="B92B8FDB-E918-481F-AD6F-9713D5324AC5",
                family_name="Mustermann",
                given_name="Max",
                display_name="Max Mustermann",
                emails=[E("special@maxmu.de")],
                photo_url="http://localhost/raven.jpg",
                extras=["REV"],
            )
        ]
    ),
    "vcards/rcmcarddav__VCard4-DataUriPhoto.vcf": Expect(
        [
            Card(
                uid="5cdac90f-cb4c-4c1c-ad66-fe8591bdf3a2",
                display_name="vCard 4 Contact with image",
                emails=[E("bbb@example.org")],
                photo=(159, "c9ee3f3d3984f2ab", "image/jpeg"),
                extras=["REV"],
            )
        ]
    ),
    # ---- sabre/vobject ----
    "vcards/sabre-vobject__issue64.vcf": Expect(
        [],  # a card with only a PHOTO: no name, email or phone
        issues=[(1, "no name", True)],
        total=1,
    ),
    # ---- vcard4android (DAVx5) ----
    "vcards/vcard4android__allfields-vcard3.vcf": Expect(
        [
            Card(
                uid="mostfields1@at.bitfire.vcard4android",
                display_name="Ämi Display",
                family_name="Lastname",
                given_name="Firstname",
                middle_name="Middlename1 Middlename2",
                prefix="DDDr.",
                suffix="MBA",
                phones=[P("+49 1234 56788", "Useless"), P("+1-800-MYFAX", FAX)],
                emails=[
                    E("private@example.com", "home", True),
                    E("work@example.com", "@work"),
                ],
                organization="ABC, Inc.",
                department=OneOf(
                    "North American Division; Marketing", "North American Division;Marketing"
                ),
                title="Director, Research and Development",
                nickname=OneOf("Nick1, Nick2", "Nick1,Nick2"),
                addresses=[
                    A(
                        "work postal parcel",  # every type (issue 15)
                        street="6544 Battleford Drive",
                        locality="Raleigh",
                        region="NC",
                        postal_code="27613-3502",
                        country="U.S.A.",
                    ),
                    A(
                        "Monkey Tree",
                        po_box="Postfach 314",
                        extended="vorne hinten",
                        street="Teststraße 22",
                        locality="Mönchspfaffingen",
                        postal_code="4043",
                        country="Klöster-Reich",
                    ),
                ],
                notes=InOrder(
                    "This fax number is operational 0800 to 1715 EST, Mon-Fri.", "Second note"
                ),
                groups=["A", "B'C"],
                urls=[
                    U("https://www.davx5.com/"),
                    U("http://www.swbyps.restaurant.french/~chezchic.html", "blog"),
                ],
                birthday=(1996, 4, 15),
                photo=(317, "5694f576a5002e09", "image/jpeg"),
                extras=[
                    "X-PHONETIC-FIRST-NAME",
                    "X-PHONETIC-MIDDLE-NAME",
                    "X-PHONETIC-LAST-NAME",
                    "ROLE",
                    "personalIM.IMPP",
                    "personalIM.X-ABLABEL",
                    "IMPP",
                    "X-SIP",
                    "ANNIVERSARY",
                    "RELATED",
                    "RELATED",
                    "X-TEST",
                    "item2.X-ABDATE",
                    "item2.X-ABLABEL",
                ],
                extra_values={
                    "X-PHONETIC-FIRST-NAME": "Förstnehm",
                    "personalIM.IMPP": "myIM:anonymous@example.com",
                    "personalIM.X-ABLABEL": "MyIM",
                    "IMPP": "skype:echo@example.com",
                    "X-SIP": "mysip@example.com",
                    "RELATED": "Ägidius",
                    "X-TEST": "Value",
                    "item2.X-ABDATE": "20210729",
                    "item2.X-ABLABEL": "Custom Date",
                },
                extra_params={"X-TEST": ("A", ["B"])},
            )
        ]
    ),
    "vcards/vcard4android__strange-rev.vcf": Expect(
        [
            Card(
                uid="2e4f2d8d8a",
                display_name="Name Name",
                family_name="Name",
                given_name="Name",
                phones=[P("+49000000", FAX), P("+49000000")],
                extras=["REV"],
                extra_values={"REV": "2016-11-19T17:44:22.057Z"},
            )
        ]
    ),
    # ---- synthetic charset cases ----
    "synthetic/synthetic__cp1252-raw-21.vcf": Expect(
        [
            Card(
                family_name="Müller",
                given_name="Jörg",
                display_name="Jörg Müller – “Café”",
                organization="Bäckerei €uro",
            )
        ]
    ),
    "synthetic/synthetic__latin1-qp-21.vcf": Expect(
        [
            Card(
                family_name="Müller",
                given_name="Jörg",
                display_name="Jörg Müller",
                addresses=[
                    A(
                        "home",
                        street="Hauptstraße 5",
                        locality="Köln",
                        postal_code="50667",
                        country="Deutschland",
                    )
                ],
            )
        ]
    ),
    "synthetic/synthetic__shiftjis-raw-21.vcf": Expect(
        [
            Card(
                family_name="山田",
                given_name="太郎",
                display_name="山田 太郎",
                extras=["SOUND"],
                extra_values={"SOUND": SJIS_READING},
            )
        ]
    ),
    "synthetic/synthetic__utf16le-bom.vcf": Expect([Card(display_name="Jörg Müller")]),
    "synthetic/synthetic__utf8-bom.vcf": Expect(
        [Card(family_name="Müller", given_name="Jörg", display_name="Jörg Müller")]
    ),
}
