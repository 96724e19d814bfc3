"""Expected cards of the shared corpus files: Evolution and the first ez-vcard samples.

Read from the files' bytes by hand (see test_vcard_corpus.py).
"""

from __future__ import annotations

from tests.interop.vcard_corpus_expect import (
    ANDROID_NOTE,
    BSD,
    CJK,
    FAVOURITE,
    FAX,
    LOTUS_NOTE,
    N_TILDE,
    OUTLOOK_NOTE,
    PAGER,
    A,
    Card,
    E,
    Expect,
    InOrder,
    OneOf,
    P,
    U,
)

EXPECTED_A: dict[str, Expect] = {
    # ---- Evolution (evolution-data-server) ----
    "vcards/eds__libebook-vcard-11.vcf": Expect(
        [
            Card(
                display_name="Invalid AttributeParam",
                given_name="Invalid",
                family_name="AttributeParam",
                extras=["X-EVOLUTION-FILE-AS", "NOPARAM", "TAIL", "MIDDLE"],
                extra_values={
                    "X-EVOLUTION-FILE-AS": "AttributeParam",
                    "NOPARAM": "pas-id-4094434A00000001",
                    "TAIL": "pas-id-4094434A00000001",
                    "MIDDLE": "pas-id-4094434A00000001",
                },
                extra_params={"MIDDLE": ("PARAM2", ["value2"])},
            )
        ]
    ),
    "vcards/eds__libebook-vcard-12.vcf": Expect(
        [
            Card(
                display_name="Michael Brüning",
                given_name="Michael",
                family_name="Brüning",
                phones=[
                    P("+491622433834", "work mobile"),  # every type (issue 15)
                    P("017623384942", "home mobile"),  # every type (issue 15)
                    P("+4973117546691", "work"),
                ],
                emails=[E("ext-Michael.Bruning@nokia.com", "work")],
                addresses=[
                    A(
                        "home",
                        street="Münsterplatz 21",
                        locality="Ulm",
                        region="Baden-Württemberg",
                        postal_code="89073",
                    )
                ],
                birthday=(1978, 12, 29),
                extras=["LABEL"],
                extra_values={"LABEL": "89073 Ulm, Baden-Württemberg"},
            )
        ]
    ),
    "vcards/eds__libebook-vcard-13.vcf": Expect(
        [
            Card(
                display_name="Ralf Engels",
                organization="Ralf Engels evil tests",
                addresses=[
                    A(
                        "work postal parcel",  # every type (issue 15)
                        street="Evil semicolon city;",
                        locality="Semicolon;way",
                        region="NC",
                        postal_code="27613-3502",
                        country="U.S.A.",
                    ),
                    A(
                        "home",
                        street="Evil backslash \\ way",
                        locality="Ulm",
                        region="Newlines\nCountry\nevil",
                        postal_code="89073",
                    ),
                ],
                phones=[
                    P(
                        "+1-919-676-9515", "work message"
                    ),  # every type (issue 15); TYPE=VOICE,M<LF><TAB>SG,WORK
                    P("+1-919-676-9564", FAX),  # TYPE=<LF><TAB>FAX,WORK
                ],
                emails=[
                    E("Frank_Dawson@Lotus.com", "", True),
                    E("semicolon;@points.net"),
                ],
                urls=[U("http://home%32%20.earthlink.net/~fdawson")],
            )
        ]
    ),
    "vcards/eds__libebook-vcard-5.vcf": Expect(
        [
            Card(
                display_name=CJK,
                given_name=CJK,
                organization=CJK,
                title=CJK,
                addresses=[A("work", extended=f"{CJK}\n{CJK}\n{CJK}", street=CJK)],
                phones=[P(CJK, "work"), P(CJK, FAX), P(CJK, "home"), P(CJK, "mobile")],
                emails=[E("weird@weird.com")],
                uid="pas-id-3E52FE2E00000000",
                extras=["X-EVOLUTION-FILE-AS", "LABEL"],
                extra_values={"X-EVOLUTION-FILE-AS": CJK, "LABEL": f"{CJK}\n{CJK}\n{CJK}\n{CJK}"},
            )
        ]
    ),
    "vcards/eds__libebook-vcard-6.vcf": Expect(
        [
            Card(
                display_name="Frank Dawson",
                organization="Lotus Development Corporation",
                addresses=[
                    A(
                        "work",
                        street="6544 Battleford Drive",
                        locality="Raleigh",
                        region="NC",
                        postal_code="27613-3502",
                        country="U.S.A.",
                    )
                ],
                phones=[P("+1-919-676-9515", "work message"), P("+1-919-676-9564", FAX)],
                emails=[E("Frank_Dawson@Lotus.com", "", True), E("fdawson@earthlink.net")],
                urls=[U("http://home.earthlink.net/~fdawson")],
            )
        ]
    ),
    "vcards/eds__libebook-vcard-7.vcf": Expect(
        [
            Card(
                display_name="Frank Dawson",
                organization="Lotus Development Corporation",
                addresses=[
                    A(
                        "work postal parcel",  # every type (issue 15)
                        street="6544 Battleford Drive",
                        locality="Raleigh",
                        region="NC",
                        postal_code="27613-3502",
                        country="U.S.A.",
                    )
                ],
                phones=[P("+1-919-676-9515", "work message"), P("+1-919-676-9564", FAX)],
                emails=[E("Frank_Dawson@Lotus.com", "", True), E("fdawson@earthlink.net")],
                urls=[U("http://home.earthlink.net/~fdawson")],
            )
        ],
        issues=[(1, "BEGIN", False)],
    ),
    "vcards/eds__photo-1.vcf": Expect(
        [
            Card(
                uid="photo-1",
                display_name="photo",
                given_name="photo",
                photo=(2780, "0608a52c004df5c5", "image/png"),  # declared TYPE="jpeg"
                emails=[E("photo@no.where", "work")],
                extras=["REV"],
                extra_values={"REV": "2017-05-10T14:34:50Z(0)"},
            )
        ]
    ),
    # ---- ez-vcard samples ----
    "vcards/ezvcard__John_Doe_ANDROID.vcf": Expect(
        [
            Card(line=1, emails=[E("john.doe@company.com", "", True)], groups=["My Contacts"]),
            Card(line=6, emails=[E("jane.doe@company.com", "", True)], groups=["My Contacts"]),
            Card(
                line=11,
                family_name="Ñ Ñ Ñ Ñ",
                display_name="Ñ Ñ Ñ Ñ Ñ",
                phones=[P("123456789", "mobile")],
                groups=["My Contacts"],
            ),
            Card(
                line=18,
                family_name=" ".join([N_TILDE] * 11),
                display_name=" ".join([N_TILDE] * 11),
                phones=[
                    P("123456", "mobile"),
                    P("234567", "home"),
                    P("3456789", "mobile"),
                    P("45678901", "home"),
                ],
                groups=["My Contacts"],
                notes=InOrder(ANDROID_NOTE, ANDROID_NOTE),
            ),
            Card(
                line=36,
                family_name="Ñ Ñ",
                given_name="Ñ Ñ Ñ",
                display_name="Ñ Ñ Ñ Ñ",
                phones=[P("123456", "mobile"), P("123456", "work"), P("123456", FAX)],
                emails=[E("bob@company.com", "work", True), E(N_TILDE * 14, "", True)],
                organization=N_TILDE * 12,
                urls=[U("www.company.com"), U("http://www.company.com")],
                extras=["ORG"],  # the second ORG
                extra_values={"ORG": N_TILDE * 12},
            ),
            Card(
                line=71,
                family_name=N_TILDE * 4,
                display_name=N_TILDE * 4,
                phones=[P("55556666", "mobile")],
                emails=[E("henry@company.com", "", True)],
                organization=N_TILDE * 44,
                groups=["My Contacts"],
                extras=["ORG"],  # the third ORG, soft break before a blank line
                extra_values={"ORG": N_TILDE * 44},
            ),
        ],
        issues=[
            (52, "photo", False),  # base64 of an impossible length (1169 data characters)
            ((82, 86), "ORG", False),  # 44 Ñ then a stray =80
        ],
    ),
    "vcards/ezvcard__John_Doe_BLACK_BERRY.vcf": Expect(
        [
            Card(
                display_name="John Doe",
                family_name="Doe",
                given_name="john",
                organization="Acme Solutions",
                phones=[P("+96123456789", "mobile")],
                photo=(1674, "c9462e27f179ff16", "image/jpeg"),
            )
        ]
    ),
    "vcards/ezvcard__John_Doe_EVOLUTION.vcf": Expect(
        [
            Card(
                urls=[U("http://www.ibm.com")],
                phones=[P("905-666-1234", "mobile"), P("905-555-1234", "work")],
                uid="477343c8e6bf375a9bac1f96a5000837",
                family_name="Doe",
                given_name="John",
                middle_name="Richter, James",
                prefix="Mr.",
                suffix="Sr.",
                display_name="Mr. John Richter, James Doe Sr.",
                nickname="Johny",
                organization="IBM",
                department="Accounting; Dungeon",
                title="Money Counter",
                groups=["VIP"],
                notes=BSD,
                emails=[E("john.doe@ibm.com", "work")],
                addresses=[
                    A(
                        "home",
                        po_box="ASB-123",
                        street="15 Crescent moon drive",
                        locality="Albaney",
                        region="New York",
                        postal_code="12345",
                        country="United States of America",
                    )
                ],
                birthday=(1980, 3, 22),
                extras=[
                    "X-COUCHDB-APPLICATION-ANNOTATIONS",
                    "X-AIM",
                    "X-EVOLUTION-FILE-AS",
                    "X-EVOLUTION-SPOUSE",
                    "X-EVOLUTION-MANAGER",
                    "X-EVOLUTION-ASSISTANT",
                    "X-EVOLUTION-ANNIVERSARY",
                    "REV",
                ],
                extra_values={
                    "X-COUCHDB-APPLICATION-ANNOTATIONS": '"revision":"2012-03-05T13:32:54Z"',
                    "X-AIM": "johnny5@aol.com",
                    "X-EVOLUTION-SPOUSE": "Maria",
                    "X-EVOLUTION-ANNIVERSARY": "1980-03-22",
                },
                extra_params={
                    "X-AIM": ("X-COUCHDB-UUID", ["cb9e11fc-bb97-4222-9cd8-99820c1de454"])
                },
            )
        ]
    ),
    "vcards/ezvcard__John_Doe_GMAIL.vcf": Expect(
        [
            Card(
                display_name="Mr. John Richter, James Doe Sr.",
                family_name="Doe",
                given_name="John",
                middle_name="Richter, James",
                prefix="Mr.",
                suffix="Sr.",
                emails=[E("john.doe@ibm.com", "home")],
                phones=[P("905-555-1234", "mobile"), P("905-666-1234", "home")],
                addresses=[
                    A(
                        "home",
                        extended="Crescent moon drive\n555-asd\nNice Area, Albaney, New York"
                        " 12345\nUnited States of America",
                    )
                ],
                organization="IBM",
                title="Money Counter",
                birthday=(1980, 3, 22),
                urls=[U("http://www.ibm.com", "work")],
                notes=BSD + FAVOURITE,
                extras=[
                    "X-PHONETIC-FIRST-NAME",
                    "X-PHONETIC-LAST-NAME",
                    "item1.X-ABDATE",
                    "item1.X-ABLABEL",
                    "item2.X-ABRELATEDNAMES",
                    "item2.X-ABLABEL",
                ],
                extra_values={
                    "X-PHONETIC-FIRST-NAME": "Jon",
                    "item1.X-ABDATE": "1975-03-01",
                    "item1.X-ABLABEL": "Anniversary",
                    "item2.X-ABRELATEDNAMES": "Jenny",
                    "item2.X-ABLABEL": "Spouse",
                },
            )
        ]
    ),
    "vcards/ezvcard__John_Doe_IPHONE.vcf": Expect(
        [
            Card(
                family_name="Doe",
                given_name="John",
                middle_name=OneOf("Richter, James", "Richter,James"),  # 3.0 list
                prefix="Mr.",
                suffix="Sr.",
                display_name="Mr. John Richter James Doe Sr.",
                nickname="Johny",
                organization="IBM",
                department="Accounting",
                title="Money Counter",
                emails=[E("john.doe@ibm.com", "", True)],
                phones=[
                    P("905-555-1234", "mobile"),
                    P("905-666-1234", "home"),
                    P("905-777-1234", "work"),
                    P("905-888-1234", FAX),
                    P("905-999-1234", FAX),
                    P("905-111-1234", PAGER),
                    P("905-222-1234", "AssistantPhone"),
                ],
                addresses=[
                    A(
                        "home",
                        street="Silicon Alley 5,",
                        locality="New York",
                        region="New York",
                        postal_code="12345",
                        country="United States of America",
                    ),
                    A(
                        "work",
                        street="Street4\nBuilding 6\nFloor 8",
                        locality="New York",
                        postal_code="12345",
                        country="USA",
                    ),
                ],
                urls=[U("http://www.ibm.com", "HomePage")],
                birthday=(2012, 6, 6),
                photo=(32531, "e01af63d0602d72a", "image/jpeg"),
                extras=["item3.X-ABADR", "item4.X-ABADR"],
                extra_values={"item3.X-ABADR": "Silicon Alley", "item4.X-ABADR": "Building 6,"},
            )
        ]
    ),
    "vcards/ezvcard__John_Doe_LOTUS_NOTES.vcf": Expect(
        [
            Card(
                family_name="Doe",
                given_name="John",
                middle_name="Johny",
                prefix="Mr.",
                suffix="I",
                display_name="Mr. Doe John I Johny",
                nickname="Johny,JayJay",  # one nickname with an escaped comma
                organization="IBM",
                department="SUN",
                title="Generic Accountant",
                emails=[
                    E("john.doe@ibm.com", "work", True),
                    E("billy_bob@gmail.com", "work"),
                ],
                phones=[P("+1 (212) 204-34456", "mobile"), P("00-1-212-555-7777", FAX)],
                addresses=[
                    A(
                        "home",
                        street="25334\nSouth cresent drive, Building 5, 3rd floo r",
                        locality="New York",
                        region="New York",
                        postal_code="NYC887",
                        country="U.S.A.",
                    )
                ],
                notes=LOTUS_NOTE,
                urls=[U("http://www.sun.com", "HomePage")],
                birthday=(1980, 5, 21),
                photo=(7957, "a756c0cb65ca44f3", "image/jpeg"),
                uid="0e7602cc-443e-4b82-b4b1-90f62f99a199",
                extras=[
                    "X-ABUID",
                    "GEO",
                    "CLASS",
                    "PROFILE",
                    "TZ",
                    "LABEL",
                    "SORT-STRING",
                    "ROLE",
                    "X-GENERATOR",
                    "SOURCE",
                    "MAILER",
                    "NAME",
                    "X-LONG-STRING",
                ],
                extra_values={
                    "X-ABUID": "0E7602CC-443E-4B82-B4B1-90F62F99A199",
                    "GEO": "-2.600000;3.400000",
                    "PROFILE": "VCard",
                    "TZ": "1:00",
                    "ROLE": "Counting Money",
                    "NAME": "VCard for John Doe",
                    "X-LONG-STRING": "9012 3456",  # a two-space fold keeps one space
                },
            )
        ]
    ),
    "vcards/ezvcard__John_Doe_MAC_ADDRESS_BOOK.vcf": Expect(
        [
            Card(
                family_name="Doe",
                given_name="John",
                middle_name="Richter,James",  # "Richter\,James": one name with a comma
                prefix="Mr.",
                suffix="Sr.",
                display_name="Mr. John Richter,James Doe Sr.",
                nickname="Johny",
                organization="IBM",
                department="Accounting",
                title="Money Counter",
                emails=[E("john.doe@ibm.com", "work", True)],
                phones=[
                    P("905-777-1234", "work"),
                    P("905-666-1234", "home"),
                    P("905-555-1234", "mobile"),
                    P("905-888-1234", FAX),
                    P("905-999-1234", FAX),
                    P("905-111-1234", PAGER),
                    P("905-222-1234", "AssistantPhone"),
                ],
                addresses=[
                    A(
                        "home",
                        street="Silicon Alley 5,",
                        locality="New York",
                        region="New York",
                        postal_code="12345",
                        country="United States of America",
                    ),
                    A(
                        "work",
                        street="Street4\nBuilding 6\nFloor 8",
                        locality="New York",
                        postal_code="12345",
                        country="USA",
                    ),
                ],
                notes=BSD + FAVOURITE,
                urls=[U("http://www.ibm.com", "HomePage")],
                birthday=(2012, 6, 6),
                photo=(18242, "0e85cef38138bb6b", "image/jpeg"),
                extras=[
                    "X-PHONETIC-FIRST-NAME",
                    "X-PHONETIC-LAST-NAME",
                    "item2.X-ABADR",
                    "item3.X-ABADR",
                    "item5.X-ABRELATEDNAMES",
                    "item5.X-ABLABEL",
                    "X-ABUID",
                ],
                extra_values={
                    "item5.X-ABRELATEDNAMES": "Jenny",
                    "item5.X-ABLABEL": "Spouse",
                    "X-ABUID": "6B29A774-D124-4822-B8D0-2780EC117F60",
                },
            )
        ]
    ),
    "vcards/ezvcard__John_Doe_MS_OUTLOOK.vcf": Expect(
        [
            Card(
                family_name="Doe",
                given_name="John",
                middle_name=OneOf("Richter,James", "Richter, James"),
                prefix="Mr.",
                suffix="Sr.",
                display_name="Mr. John Richter James Doe Sr.",
                nickname="Johny",
                organization="IBM",
                department="Accounting",
                title="Money Counter",
                notes=OUTLOOK_NOTE,
                phones=[P("(905) 555-1234", "work"), P("(905) 666-1234", "home")],
                addresses=[
                    A(
                        "work",
                        street="Cresent moon drive",
                        locality="Albaney",
                        region="New York",
                        postal_code="12345",
                        country="United States of America",
                    ),
                    A(
                        "home",
                        street="Silicon Alley 5,",
                        locality="New York",
                        region="New York",
                        postal_code="12345",
                        country="United States of America",
                    ),
                ],
                urls=[U("http://www.ibm.com", "work")],
                birthday=(1980, 3, 22),
                emails=[E("john.doe@ibm.cm", "", True)],
                photo=(860, "41533f06ce6eabc2", "image/jpeg"),
                extras=[
                    "LABEL",
                    "LABEL",
                    "X-MS-OL-DEFAULT-POSTAL-ADDRESS",
                    "ROLE",
                    "X-MS-ANNIVERSARY",
                    "X-MS-IMADDRESS",
                    "X-MS-OL-DESIGN",
                    "X-MS-MANAGER",
                    "X-MS-ASSISTANT",
                    "REV",
                ],
                extra_values={
                    "X-MS-OL-DESIGN": '<card xmlns="http://schemas.microsoft.com/office/outlook/12/'
                    'electronicbusinesscards" ver="1.0" layout="left" bgcolor="ffffff">',
                    "X-MS-ANNIVERSARY": "20110113",
                    "X-MS-IMADDRESS": "johny5@aol.com",
                    "X-MS-MANAGER": "Big Blue",
                },
            )
        ]
    ),
}
