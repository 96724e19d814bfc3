"""Expected cards of the shared corpus files: the other ez-vcard samples.

Read from the files' bytes by hand (see test_vcard_corpus.py).
"""

from __future__ import annotations

from tests.interop.vcard_corpus_expect import (
    FAX,
    PAGER,
    A,
    Card,
    E,
    Expect,
    OneOf,
    P,
    U,
)

EXPECTED_B: dict[str, Expect] = {
    "vcards/ezvcard__fullcontact.vcf": Expect(
        [
            Card(
                family_name="LastName",
                given_name="FirstName",
                middle_name="MiddleName",
                prefix="Prefix",
                suffix="Suffix",
                display_name="Prefix FirstName MiddleName LastName Suffix",
                phones=[
                    P("555-555-1111", "home"),
                    P("555-555-1112", "work"),
                    P("555-555-1113", "mobile"),
                    P("555-555-1114", "mobile"),
                    P("555-555-1115"),
                    P("555-555-1116", FAX),
                    P("555-555-1117", FAX),
                    P("555-555-1118"),
                    P("555-555-1119"),
                ],
                emails=[
                    E("home@example.com", "home"),
                    E("work@example.com", "work"),
                    E("school@example.com", "school"),
                    E("other@example.com", "other"),
                    E("custom@example.com", "customtype"),
                ],
                photo_url="https://d3m0kzytmr41b1.cloudfront.net/c335e945d1b60edd9d75eb4837c432f637e95c8a",
                organization="Organization1",
                department="Department1",
                title="Title1",
                birthday=(2016, 8, 1),
                notes="Notes line 1\nNotes line 2",
                urls=[
                    U("http://www.homepage.com"),
                    U("http://www.blog.com"),
                    U("http://www.other.com"),
                    U("http://www.custom.com"),
                ],
                addresses=[
                    A(
                        "home",
                        extended="HomeExtended",
                        street="HomeStreet",
                        locality="HomeCity",
                        region="HomeState",
                        postal_code="HomePostal",
                        country="HomeCountry",
                    ),
                    A(
                        "work",
                        extended="WorkExtended",
                        street="WorkStreet",
                        locality="WorkCity",
                        region="WorkState",
                        postal_code="WorkPostal",
                        country="WorkCountry",
                    ),
                    A(
                        "other",
                        extended="OtherExtended",
                        street="OtherStreet",
                        locality="OtherCity",
                        region="OtherState",
                        postal_code="OtherPostal",
                        country="OtherCountry",
                    ),
                    A(
                        "customtype",
                        extended="CustomExtended",
                        street="CustomStreet",
                        locality="CustomCity",
                        region="CustomState",
                        postal_code="CustomPostal",
                        country="CustomCountry",
                    ),
                ],
                nickname="NickName",
                groups=["Tag"],
                extras=[
                    "PHOTO",
                    "PHOTO",
                    "ORG",
                    "TITLE",
                    "BDAY",
                    "GENDER",
                    "X-GENDER",
                    "X-ID",
                    "X-ETAG",
                    "X-FC-TAGS",
                    "X-FC-LIST-ID",
                    "X-FCENCODED-582D46432D52656C617465644E616D65733A417373697374616E74",
                    "X-FCENCODED-582D46432D4F7468657244617465733A416E6E6976657273617279",
                    *["IMPP"] * 7,
                ],
                extra_values={
                    "ORG": "Organization2",
                    "TITLE": "Title2",
                    "BDAY": "2016-08-01",
                    "X-FCENCODED-582D46432D52656C617465644E616D65733A417373697374616E74": (
                        "Assistant"
                    ),
                    "X-FCENCODED-582D46432D4F7468657244617465733A416E6E6976657273617279": (
                        "2016-08-02"
                    ),
                },
                extra_params={"BDAY": ("VALUE", ["text"])},
            )
        ]
    ),
    "vcards/ezvcard__gmail-single.vcf": Expect(
        [
            Card(
                display_name="Greg Dartmouth",
                family_name="Dartmouth",
                given_name="Greg",
                nickname="Gman",
                emails=[E("gdartmouth@hotmail.com")],
                phones=[P("555 555 1111", "mobile"), P("555 555 2222", "GRAND_CENTRAL")],
                addresses=[
                    A("home", street="123 Home St\nHome City, HM 12345"),
                    A(
                        "CustomAdrType",
                        street="321 Custom St",
                        locality="Custom City",
                        region="TX",
                        postal_code="98765",
                        country="USA",
                    ),
                ],
                organization="TheCompany",
                title="TheJobTitle",
                birthday=(1960, 9, 10),
                urls=[U("http://TheProfile.com", "PROFILE")],
                notes=(
                    "This is GMail's note field.\nIt should be added as a NOTE type.\n"
                    "ACustomField: CustomField"
                ),
                extras=[
                    "X-PHONETIC-FIRST-NAME",
                    "X-PHONETIC-LAST-NAME",
                    "X-ICQ",
                    "item4.X-ABDATE",
                    "item4.X-ABLABEL",
                    "item5.X-ABRELATEDNAMES",
                    "item5.X-ABLABEL",
                    "item6.X-ABRELATEDNAMES",
                    "item6.X-ABLABEL",
                ],
                extra_values={
                    "X-PHONETIC-LAST-NAME": "Dart-mowth",
                    "X-ICQ": "123456789",
                    "item4.X-ABDATE": "1970-06-02",
                    "item6.X-ABRELATEDNAMES": "MyCustom",
                    "item6.X-ABLABEL": "CustomRelationship",
                },
            )
        ]
    ),
    "vcards/ezvcard__gmail-single2.vcf": Expect(
        [
            Card(
                display_name="VCard Test",
                family_name="Test",
                given_name="VCard",
                nickname="TheNickname",
                emails=[
                    E("email@example.com"),
                    E("homeemail@example.com", "home"),
                    E("workemail@example.com", "work"),
                    E("otheremail@example.com"),
                    E("customcategory@example.com", "CustomEmailCategory"),
                ],
                phones=[
                    P("5555551111"),
                    P("5555551112", "home"),
                    P("5555551113", "work"),
                    P("5555551114"),
                    P("5555551115", "mobile"),
                    P("5555551116", "main"),
                    P("5555551117", FAX),
                    P("5555551118", FAX),
                    P("5555551119", "GRAND_CENTRAL"),
                    P("5555551120", PAGER),
                    P("5555551121", "CustomePhoneCategory"),
                ],
                addresses=[
                    A(
                        label,
                        street=f"{n} Main St",
                        locality="NY",
                        region="New York",
                        postal_code="10011",
                    )
                    for label, n in (
                        ("", 111),
                        ("home", 112),
                        ("work", 113),
                        ("", 114),
                        ("CustomAddressCategory", 115),
                    )
                ],
                organization="TheCompany",
                title="TheJobTitle",
                birthday=(1912, 6, 23),
                urls=[
                    U("http://www.example1.com"),
                    U("http://www.example2.com", "PROFILE"),
                    U("http://www.example3.com", "BLOG"),
                    U("http://www.example4.com", "HomePage"),
                    U("http://www.example5.com", "work"),
                    U("http://www.example6.com", "CustomWebsiteCategory"),
                ],
                notes="note line 1\nnote line 2\nCustomField: field value",
                extras=[
                    "X-PHONETIC-FIRST-NAME",
                    "X-PHONETIC-LAST-NAME",
                    "X-GTALK",
                    "X-AIM",
                    "X-YAHOO",
                    "X-SKYPE",
                    "X-QQ",
                    "X-MSN",
                    "X-ICQ",
                    "X-JABBER",
                    "item9.X-ABDATE",
                    "item9.X-ABLABEL",
                    "X-ABDATE",
                    "item10.X-ABDATE",
                    "X-ABRELATEDNAMES",
                    *[f"item{n}.X-ABRELATEDNAMES" for n in range(11, 26)],
                    *[f"item{n}.X-ABLABEL" for n in range(11, 26)],
                ],
                extra_values={
                    "X-SKYPE": "IM5",
                    "X-ABDATE": "1776-07-04",
                    "X-ABRELATEDNAMES": "Name1",
                    "item22.X-ABRELATEDNAMES": "Name13",
                    "item22.X-ABLABEL": "REFERRED_BY",
                },
            )
        ]
    ),
    "vcards/ezvcard__issue114.vcf": Expect(
        [
            Card(
                display_name="Dummy, Dummy",
                family_name="Dummy",
                given_name="Dummy",
                organization="Dummy GmbH",
                phones=[P("+49 1234 56789", "mobile"), P("+49 9876 54321", "work")],
                emails=[E("dummy.dummy@dummy.com", "home")],
                # The LABEL parameter holds unquoted colons; the value is the 7 parts after it.
                addresses=[
                    A(
                        "work",
                        extended="BHG01:",
                        street="Dummy-Dummy-Strasse 1",
                        locality="Bad Homburg",
                        postal_code="61352",
                        country="Germany",
                    )
                ],
                uid="8b574c60-fd7f-4e99-b584-c5db131ae687",
                extras=["REV"],
                extra_values={"REV": "20210314T092838Z"},
            )
        ]
    ),
    "vcards/ezvcard__outlook-2003.vcf": Expect(
        [
            Card(
                family_name="Doe",
                given_name="John",
                prefix="Mr.",
                suffix="III",
                display_name="John Doe III",
                nickname="Joey",
                organization="Company, The",
                department="TheDepartment",
                title="The Job Title",
                notes="This is the note field!!\nSecond line\n\nThird line is empty",
                phones=[
                    P("BusinessPhone", "work"),
                    P("HomePhone", "home"),
                    P("MobilePhone", "mobile"),
                    P("BusinessFaxPhone", FAX),
                ],
                addresses=[
                    A(
                        "work",
                        extended="TheOffice",
                        street="123 Main St",
                        locality="Austin",
                        region="TX",
                        postal_code="12345",
                        country="United States of America",
                    )
                ],
                urls=[U("http://web-page-address.com", "work")],
                birthday=(1980, 3, 21),
                emails=[E("jdoe@hotmail.com", "", True)],
                extras=["LABEL", "ROLE", "KEY", "FBURL", "REV"],
                extra_values={
                    "ROLE": "TheProfession",
                    "KEY": "MIIDITCCAoqgAwIBAgIQT52W2WawmStUwpV8tBV9TTANBgkqhkiG9w0BAQUFADBMMQswCQYD",
                    "LABEL": "United States of America",
                    "FBURL": "????????????????s????????????",
                },
            )
        ]
    ),
    "vcards/ezvcard__outlook-2007.vcf": Expect(
        [
            Card(
                family_name="Angstadt",
                given_name="Michael",
                prefix="Mr.",
                suffix="Jr.",
                display_name="Mr. Michael Angstadt Jr.",
                nickname="Mike",
                organization="TheCompany",
                department="TheDepartment",
                title="TheJobTitle",
                notes=(
                    "This is the NOTE field\t\n"
                    "I assume it encodes this text inside a NOTE vCard type.\n"
                    "But I'm not sure because there's text formatting going on here.\n"
                    "It does not preserve the formatting"
                ),
                phones=[
                    P("(111) 555-1111", "work"),
                    P("(111) 555-2222", "home"),
                    P("(111) 555-4444", "mobile"),
                    P("(111) 555-3333", FAX),
                ],
                addresses=[
                    A(
                        "work",
                        extended="TheOffice",
                        street="222 Broadway",
                        locality="New York",
                        region="NY",
                        postal_code="99999",
                        country="USA",
                    )
                ],
                urls=[
                    U("http://mikeangstadt.name", "home"),
                    U("http://mikeangstadt.name", "work"),
                ],
                birthday=(1922, 3, 10),
                emails=[E("mike.angstadt@gmail.com", "", True)],
                photo=(2324, "5a0fae04fa507f6a", "image/jpeg"),
                extras=[
                    "X-MS-TEL",
                    "LABEL",
                    "X-MS-OL-DEFAULT-POSTAL-ADDRESS",
                    "ROLE",
                    "X-MS-ANNIVERSARY",
                    "KEY",
                    "X-MS-IMADDRESS",
                    "X-MS-OL-DESIGN",
                    "X-MS-MANAGER",
                    "X-MS-ASSISTANT",
                    "X-MS-SPOUSE",
                    "FBURL",
                    "REV",
                ],
                extra_values={
                    "X-MS-TEL": "(111) 555-4444",
                    "X-MS-SPOUSE": "TheSpouse",
                    "FBURL": "http://website.com/mycal",
                    "KEY": "MIIB/jCCAWugAwIBAgIQDdkWkvA2cqtGkw2P4zAoZDAJBgUrDgMCHQUAMBMxETAPBgNVBAMT",
                    "X-MS-OL-DESIGN": '<fld xmlns="" prop="name" align="left"',
                },
                extra_params={"X-MS-TEL": ("TYPE", ["VOICE", "CALLBACK"])},
            )
        ]
    ),
    "vcards/ezvcard__rfc6350-example.vcf": Expect(
        [
            Card(
                display_name="Simon Perreault",
                family_name="Perreault",
                given_name="Simon",
                suffix=OneOf("ing. jr, M.Sc.", "ing. jr,M.Sc."),
                birthday=(None, 2, 3),
                organization="Viagenie",
                addresses=[
                    A(
                        "work",
                        extended="Suite D2-630",
                        street="2875 Laurier",
                        locality="Quebec",
                        region="QC",
                        postal_code="G1V 2M2",
                        country="Canada",
                    )
                ],
                phones=[
                    P("+1-418-656-9254;ext=102", "work"),
                    P("+1-418-262-6501", "work mobile text video"),  # every type (issue 15)
                ],
                emails=[E("simon.perreault@viagenie.ca", "work")],
                urls=[U("http://nomis80.org", "home")],
                extras=["ANNIVERSARY", "GENDER", "LANG", "LANG", "GEO", "KEY", "TZ"],
                extra_values={
                    "ANNIVERSARY": "20090808T1430-0500",
                    "GEO": "geo:46.772673,-71.282945",
                    "KEY": "http://www.viagenie.ca/simon.perreault/simon.asc",
                    "TZ": "-0500",
                },
            )
        ]
    ),
    "vcards/ezvcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf": Expect(
        [
            Card(
                family_name="Doe",
                given_name="John",
                display_name="John Doe",
                organization="TheOrganization",
                department="TheDepartment",
                nickname="Johnny",
                addresses=[
                    A(
                        "work postal",  # every type (issue 15)
                        extended="222 Broadway",
                        street="Suite 100",
                        locality="New York",
                        region="NY",
                        postal_code="98765",
                        country="USA",
                    ),
                    A(
                        "home postal",  # every type (issue 15)
                        extended="123 Main St",
                        street="Apt 10",
                        locality="Austin",
                        region="TX",
                        postal_code="12345",
                        country="USA",
                    ),
                ],
                phones=[
                    P("555-555-1111", "work"),
                    P("555-555-2222", "home"),
                    P("555-555-5555", "mobile"),
                    P("555-555-3333", FAX),
                    P("555-555-4444", PAGER),
                ],
                emails=[
                    E("doe.john@hotmail.com", "", True),
                    E("additional-email@company.com"),
                    E("additional-email1@company.com"),
                    E("additional-email2@company.com"),
                    E("additional-email3@company.com"),
                ],
                urls=[
                    U("http://www.private-webpage.com", "home"),
                    U("http://www.work-webpage.com", "work"),
                ],
                title="TheTitle",
                # "category1\, category2\, category3": by RFC 2426 one value with commas;
                # the add-on meant three. Either reading keeps the text.
                groups=OneOf(
                    ["category1, category2, category3"], ["category1", "category2", "category3"]
                ),
                birthday=(1970, 9, 21),
                notes=(
                    "This is the notes field.\nSecond Line\n\nFourth Line\n"
                    'You can put anything in the "note" field; even curse words.'
                ),
                photo=(8940, "d5c5effbd371b9f4", "image/jpeg"),
                extras=["X-SPOUSE", "X-ANNIVERSARY"],
                extra_values={"X-SPOUSE": "TheSpouse", "X-ANNIVERSARY": "1990-04-30"},
            )
        ]
    ),
}
