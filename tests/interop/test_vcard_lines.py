"""The vCard reader on small inline cards: line endings, folding and parameters.

The inline fixtures are this project's own.
"""

from __future__ import annotations

import pytest

from tests.interop.vcard_helpers import (
    EOLS,
    both_ways,
    clean,
    extras,
    read,
    vcf,
)

# -- line endings and folding ---------------------------------------------------------------


@pytest.mark.parametrize("eol", EOLS.values(), ids=EOLS.keys())
def test_line_endings_and_space_folds(eol):
    data = vcf(
        "FN:Jo",
        " hn Doe",
        "N:Doe;John;;;",
        "NOTE:first line\\nsecond ",
        " line, folded",
        "EMAIL;TYPE=work:john@",
        " example.com",
        eol=eol,
    )
    data += vcf("FN:Second", "TEL:123", eol=eol)
    result = read(data)
    assert result.issues == []
    assert [r.display_name for r in result.records] == ["John Doe", "Second"]
    first = result.records[0]
    assert first.notes == "first line\nsecond line, folded"
    assert [(e.value, e.label) for e in first.emails] == [("john@example.com", "work")]
    if eol != b"\r\r\n":  # whether CR CR LF is one line break or two is a matter of taste
        assert [r.line for r in result.records] == [1, 11]


def test_mixed_line_endings_in_one_file():
    data = b"BEGIN:VCARD\r\nVERSION:3.0\nFN:Mixed\r\r\n  Up\rNOTE:a\r\n b\nEND:VCARD\r\n"
    rec = clean(data)
    assert rec.display_name == "Mixed Up"  # the fold removes one of the two spaces
    assert rec.notes == "ab"


def test_tab_fold():
    rec = clean(vcf("FN:Jo", "\thn", "TEL;TYPE=VOICE,M", "\tSG,WORK:+1-919-676-9515", eol=b"\n"))
    assert rec.display_name == "John"
    assert [p.value for p in rec.phones] == ["+1-919-676-9515"]
    assert rec.phones[0].label == "work message"  # every type (issue 15)


def test_fold_inside_the_parameters():
    rec = clean(vcf("EMAIL;TYPE=INTERNET", " ,PREF:frank@example.com", "FN:F"))
    assert [(e.value, e.preferred) for e in rec.emails] == [("frank@example.com", True)]


def test_fold_splitting_a_utf8_sequence():
    # "Grüße" and "более" folded between the two bytes of "ü" and "л".
    data = vcf(
        b"FN:Gr\xc3", b" \xbc\xc3\x9fe", b"NOTE:\xd0\xb1\xd0\xbe\xd0", b" \xbb\xd0\xb5\xd0\xb5"
    )
    rec = clean(data)
    assert rec.display_name == "Grüße"
    assert rec.notes == "более"


def test_quoted_printable_soft_breaks_splitting_utf8():
    data = vcf(
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=",
        b"=BC=C3=9Fe",
        b"N;CHARSET=UTF-8;QUOTED-PRINTABLE:=",
        b"Br=C3=BCning;=",
        b"Michael",
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E5=8D=81=E5=",
        b"=9F=8E line one=0D=0Aline two",
        b"TEL;CELL:123",
        version="2.1",
    )
    rec = clean(data)
    assert rec.display_name == "Grüße"
    assert (rec.family_name, rec.given_name) == ("Brüning", "Michael")
    assert rec.notes.replace("\r\n", "\n") == "十城 line one\nline two"
    assert [p.value for p in rec.phones] == ["123"]


def test_quoted_printable_soft_break_followed_by_an_indented_line():
    """Some 2.1 writers indent the line after a soft break, as if folding. The indent must
    not be glued onto the '=' (that would make "abc=", " def" the escape "=de")."""
    data = vcf(
        b"FN:Q",
        b"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=C3=",
        b" =A9 ok",
        b"TITLE;ENCODING=QUOTED-PRINTABLE:abc=",
        b" def ghi=",
        b"\tjkl",
        version="2.1",
    )
    rec = clean(data)
    assert rec.notes == "café ok"  # the only reading that is valid UTF-8
    assert rec.title in ("abcdef ghijkl", "abc def ghi\tjkl")


def test_quoted_printable_soft_break_before_a_blank_line():
    data = vcf(
        b"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=",
        b"",
        b"TEL:1",
        version="2.1",
    )
    rec = clean(data)
    assert rec.organization == "ÑÑ"
    assert [p.value for p in rec.phones] == ["1"]


# -- parameters -------------------------------------------------------------------------------


def test_vcard21_bare_parameters_and_typed_ones():
    rec = clean(
        vcf(
            "FN:P",
            "TEL;CELL;PREF:1",
            "TEL;HOME;VOICE:2",
            "TEL;TYPE=cell;PREF=1:4",
            "TEL;type=WORK;type=VOICE:6",
            "TEL;TYPE=:7",
            "EMAIL;INTERNET;PREF:a@example.com",
            "EMAIL;TYPE=work;PREF=1:b@example.com",
            "EMAIL;TYPE=INTERNET:c@example.com",
            "EMAIL;TYPE=INTERNET,HOME:d@example.com",
            version="2.1",
        )
    )
    labels = [(p.value, p.label) for p in rec.phones]
    assert labels[0] == ("1", "mobile")
    assert labels[1] == ("2", "home")
    assert labels[2:] == [("4", "mobile"), ("6", "work"), ("7", "")]
    assert [(e.value, e.label, e.preferred) for e in rec.emails] == [
        ("a@example.com", "", True),
        ("b@example.com", "work", True),
        ("c@example.com", "", False),
        ("d@example.com", "home", False),
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("TEL;WORK;FAX:3", "fax"),
        ("TEL;TYPE=HOME;TYPE=FAX:3", "fax"),
        ("TEL;type=WORK;type=FAX:3", "fax"),
        ("TEL;TYPE=work,fax:3", "fax"),
        ("TEL;TYPE=HOME;TYPE=PAGER:3", "pager"),
    ],
)
def test_a_fax_or_pager_stays_one_beside_a_location_type(line, kind):
    """Types are a set: HOME;FAX is a home fax, and dialling it as a home phone is wrong."""
    rec = clean(vcf("FN:K", line))
    assert [p.value for p in rec.phones] == ["3"]
    assert kind in rec.phones[0].label.lower()


def test_quoted_parameter_values_with_comma_colon_and_semicolon():
    rec = clean(
        vcf(
            "FN:Q",
            'EMAIL;X-NOTE="a,b:c;d";TYPE=work:x@example.com',
            'X-FOO;X-P="one, two: three";X-Q=plain:the value',
            'TEL;TYPE="work,voice":+1 555',
        )
    )
    assert [(e.value, e.label) for e in rec.emails] == [("x@example.com", "work")]
    (foo,) = extras(rec, "X-FOO")
    assert foo.value == "the value"
    assert foo.params["X-P"] == ["one, two: three"]
    assert foo.params["X-Q"] == ["plain"]
    assert [(p.value, p.label) for p in rec.phones] == [("+1 555", "work")]


def test_quoted_parameter_value_with_backslash_escaped_quotes():
    rec = clean(vcf("FN:Q", 'X-FOO;X-P="say \\"hi: there\\", ok":the value', "TEL:1"))
    (foo,) = extras(rec, "X-FOO")
    assert foo.value == "the value"
    assert foo.params["X-P"] in (['say "hi: there", ok'], ['say \\"hi: there\\", ok'])


def test_rfc6868_parameter_escapes():
    rec = clean(vcf("FN:C", "X-FOO;X-P=line1^nline2 ^'quoted^' ^^caret:v", "TEL:1"))
    (foo,) = extras(rec, "X-FOO")
    assert foo.params["X-P"] == ['line1\nline2 "quoted" ^caret']
    assert foo.value == "v"


def test_iphone_quoted_service_type_with_curly_apostrophe():
    rec = clean(
        vcf(
            "FN:I",
            'item8.IMPP;X-SERVICE-TYPE="Mike’s very special, custom IM:":x-apple:mike@example.com',
            "item8.X-ABLabel:Mike’s very special\\, custom IM:",
        )
    )
    (impp,) = extras(rec, "item8.IMPP")
    assert impp.value == "x-apple:mike@example.com"
    assert impp.params["X-SERVICE-TYPE"] == ["Mike’s very special, custom IM:"]


@pytest.mark.parametrize("version", ["2.1", "3.0", "4.0"])
def test_a_quoted_type_with_commas_is_one_label_as_the_user_wrote_it(version):
    """RFC 6350 §5: commas inside a quoted parameter value do not separate values."""
    rec = both_ways(
        vcf(
            "FN:Q",
            'TEL;TYPE="a, b":+1 202 555 0100',
            'TEL;TYPE="Work, Home";TYPE=VOICE:2',
            'EMAIL;TYPE="Work, Home":x@example.org',
            'EMAIL;TYPE=INTERNET,"Private, old";TYPE=PREF:y@example.org',
            'URL;TYPE="blog, tech":https://example.org',
            'ADR;TYPE="Summer house, lake":;;1 Shore Rd;Town;;;',
            version=version,
        )
    )
    assert [(p.value, p.label) for p in rec.phones] == [
        ("+1 202 555 0100", "a, b"),
        ("2", "Work, Home"),
    ]
    assert [(e.value, e.label, e.preferred) for e in rec.emails] == [
        ("x@example.org", "Work, Home", False),
        ("y@example.org", "Private, old", True),
    ]
    assert [u.label for u in rec.urls] == ["blog, tech"]
    assert [a.label for a in rec.addresses] == ["Summer house, lake"]


def test_unquoted_type_lists_and_quoted_lists_of_type_words_stay_lists():
    """TYPE=work,voice is a list; so is the quoted TYPE="voice,home" of RFC 6350's own
    examples and of KAddressBook; 2.1's bare WORK,FAX as well."""
    rec = both_ways(
        vcf(
            "FN:L",
            "TEL;TYPE=work,voice:1",
            'TEL;TYPE="voice,home":2',
            'TEL;VALUE=uri;TYPE="work,cell,voice,video,text":tel:3',
            "TEL;FAX,WORK:4",
            "TEL;TYPE=VOICE;MSG,WORK:5",
            'EMAIL;TYPE="internet,pref,home":a@example.org',
            "EMAIL;TYPE=a,b:b@example.org",
        )
    )
    assert [(p.value, p.label) for p in rec.phones] == [
        ("1", "work"),
        ("2", "home"),
        ("3", "work mobile text video"),  # every type, not the most telling (issue 15)
        ("4", "work fax"),
        ("5", "work message"),
    ]
    assert [(e.label, e.preferred) for e in rec.emails] == [("home", True), ("a b", False)]
