"""Property tests (hypothesis) of the vCard reader: it never raises and always reports with
a line, whatever the bytes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netcare_desktop.core.record import ContactRecord
from netcare_desktop.interop.vcard import (
    VcardResult,
    collect,
    iter_vcards,
    read_vcards,
    write_vcard,
)
from tests.interop.vcard_helpers import (
    EOLS,
    PNG64,
    SAMPLE_FILES,
    both_ways,
    escape,
    vcf,
)

# -- property tests -------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run; longer random runs are done by hand
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_invariants(data: bytes) -> VcardResult:
    result = read_vcards(data, "fuzz.vcf")  # must not raise
    # The fast path for plain cards gives exactly what the general reader gives.
    assert result == collect(iter_vcards(data, "fuzz.vcf", fast=False))
    lines = data.count(b"\n") + data.count(b"\r") + 2
    for issue in result.issues:
        assert issue.path == "fuzz.vcf"
        assert issue.line >= 1, issue
        assert issue.line <= lines, issue
        # an exception swallowed by the reader's last-resort guard is a reader bug
        assert "could not be read" not in issue.message, issue
    skipped = [i for i in result.issues if i.skipped]
    assert len(result.records) + len(skipped) == result.cards
    for rec in result.records:
        assert rec.has_identity()
        assert rec.line >= 1
    return result


@PROPERTY_SETTINGS
@given(st.binary(max_size=3000))
@example(b"BEGIN:VCARD\r\nFN:A\r\nNOTE;CHARSET=utf\x008:x\r\nEND:VCARD\r\n")  # found by fuzzing
def test_never_raises_on_arbitrary_bytes(data):
    check_invariants(data)


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                b"BEGIN:VCARD",
                b"END:VCARD",
                b"VERSION:2.1",
                b"FN:x",
                b"PHOTO;ENCODING=b:",
                b"=",
                b"\r\n",
                b"\n",
                b"\r",
                b" ",
                b"\t",
                b":",
                b";",
                b'"',
                b"\\",
                b",",
                b"^",
                b"\x00",
                b"\xff\xfe",
                b"\xc3",
                b"QUOTED-PRINTABLE",
                b"BASE64",
                b"CHARSET=",
                b"data:",
                b"item1.",
                b"TEL",
                b"EMAIL",
                b"N",
                b"ADR",
                b"BDAY:--02",
                b"X-ABLabel:_$!<",
                b"\xef\xbb\xbf",  # a BOM: files joined with `cat`
                b'TYPE="a, b"',
            ]
        ),
        max_size=80,
    ).map(b"".join)
)
def test_never_raises_on_vcard_like_noise(data):
    check_invariants(data)


@pytest.fixture
def corpus_bytes(samples_dir) -> list[bytes]:
    return [(samples_dir / n).read_bytes() for n in SAMPLE_FILES]


MUTATION_BYTES = [
    b"\r",
    b"\n",
    b":",
    b";",
    b"=",
    b'"',
    b"\\",
    b" ",
    b"\t",
    b",",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"^",
    b".",
    b"\xef\xbb\xbf",
]


@PROPERTY_SETTINGS
@given(data=st.data())
def test_never_raises_on_mutated_corpus_files(corpus_bytes, data):
    raw = bytearray(data.draw(st.sampled_from(corpus_bytes), label="file"))
    for _ in range(data.draw(st.integers(0, 12), label="mutations")):
        if not raw:
            break
        pos = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["replace", "insert", "delete", "random"]))
        if kind == "replace":
            raw[pos : pos + 1] = data.draw(st.sampled_from(MUTATION_BYTES))
        elif kind == "insert":
            raw[pos:pos] = data.draw(st.sampled_from(MUTATION_BYTES))
        elif kind == "delete":
            del raw[pos : pos + data.draw(st.integers(1, 64))]
        else:
            raw[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans(), label="truncate"):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    check_invariants(bytes(raw))


# Text a card can carry: no controls (a vCard has no way to write most of them), no surrogates.
card_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda t: t.strip() != "")
note_text = st.lists(card_text, min_size=1, max_size=3).map("\n".join)


def fold_bytes(line: bytes, cuts: list[int], indents: list[bytes], eol: bytes) -> bytes:
    """Fold at arbitrary byte positions (UTF-8 sequences and escapes may be split)."""
    points = sorted({c % len(line) for c in cuts if 0 < c % len(line)})
    out, last = [], 0
    for i, p in enumerate(points):
        out.append(line[last:p])
        last = p
        out.append(eol + indents[i % len(indents)])
    out.append(line[last:])
    return b"".join(out)


def qp_encode(text: str, breaks: list[int], eol: bytes) -> bytes:
    """Every byte as =XX, soft line breaks between tokens (they may split UTF-8 sequences)."""
    tokens = [f"={b:02X}".encode() for b in text.encode("utf-8")]
    cut = {b % len(tokens) for b in breaks if b % len(tokens)}
    return b"".join((b"=" + eol if i in cut else b"") + t for i, t in enumerate(tokens))


@PROPERTY_SETTINGS
@given(
    name=card_text,
    note=note_text,
    eol=st.sampled_from(list(EOLS.values())),
    cuts=st.lists(st.integers(1, 400), max_size=8),
    indents=st.lists(st.sampled_from([b" ", b"\t"]), min_size=1, max_size=3),
    version=st.sampled_from(["3.0", "4.0"]),
)
def test_generated_folded_cards_keep_their_text(name, note, eol, cuts, indents, version):
    lines = [
        b"FN:" + escape(name).encode("utf-8"),
        b"NOTE:" + escape(note).encode("utf-8"),
        b"EMAIL;TYPE=work:someone@example.com",
    ]
    data = vcf(*(fold_bytes(x, cuts, indents, eol) for x in lines), eol=eol, version=version)
    result = check_invariants(data)
    assert result.issues == []
    (rec,) = result.records
    assert rec.display_name == name.strip()
    assert rec.notes == note.strip()
    assert [e.value for e in rec.emails] == ["someone@example.com"]


@PROPERTY_SETTINGS
@given(
    name=card_text.filter(lambda t: "\\" not in t),
    eol=st.sampled_from([b"\r\n", b"\n"]),
    breaks=st.lists(st.integers(1, 400), max_size=6),
)
def test_generated_quoted_printable_cards_keep_their_text(name, eol, breaks):
    line = b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp_encode(name, breaks, eol)
    data = vcf(line, b"TEL;CELL:123", eol=eol, version="2.1")
    result = check_invariants(data)
    assert result.issues == []
    (rec,) = result.records
    assert rec.display_name == name.strip()
    assert [p.value for p in rec.phones] == ["123"]


PARAM_PARTS = [
    "TYPE=work",
    "TYPE=HOME,PREF",
    "CELL",
    "PREF",
    "PREF=1",
    'X-Q="a,b:c;d"',
    'X-Q="unbalanced',
    'TYPE="Work, Home"',
    'TYPE="voice,home"',
    'X-Q="say \\"hi\\": x"',
    "X-R=^n^'^^",
    "ENCODING=b",
    "ENCODING=BASE64",
    "ENCODING=QUOTED-PRINTABLE",
    "QUOTED-PRINTABLE",
    "CHARSET=UTF-8",
    "CHARSET=SHIFT_JIS",
    "CHARSET=windows-1252",
    "CHARSET=no-such-charset",
    "VALUE=uri",
    "VALUE=text",
    "X-APPLE-OMIT-YEAR=1604",
    "",
]
PROP_NAMES = [
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "URL",
    "ADR",
    "BDAY",
    "NOTE",
    "PHOTO",
    "UID",
    "CATEGORIES",
    "X-ABLabel",
    "X-FOO",
    "IMPP",
    "LABEL",
    "KEY",
]
VALUE_PARTS = [
    "a",
    "Ñ",
    "=C3",
    "=",
    ";",
    ",",
    ":",
    "\\",
    "\\n",
    "\\,",
    "data:image/png;base64,",
    PNG64[:12],
    "--0203",
    "1604-02-29",
    "http\\://x",
    "_$!<Work>!$_",
    " ",
    "^n",
    '"',
]


@st.composite
def structured_card(draw) -> bytes:
    eol = draw(st.sampled_from(list(EOLS.values())))
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        group = draw(st.sampled_from(["", "item1.", "item2.", "ITEM1."]))
        name = draw(st.sampled_from(PROP_NAMES))
        params = draw(st.lists(st.sampled_from(PARAM_PARTS), max_size=3))
        value = "".join(draw(st.lists(st.sampled_from(VALUE_PARTS), max_size=8)))
        line = (group + name + "".join(";" + p for p in params) + ":" + value).encode("utf-8")
        if draw(st.booleans()):
            line += draw(st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xe5\x8d"]))
        cuts = draw(st.lists(st.integers(1, 200), max_size=3))
        lines.append(fold_bytes(line, cuts, [b" "], eol) if cuts else line)
        if draw(st.integers(0, 9)) == 0:
            lines.append(b"")
    version = draw(st.sampled_from(["2.1", "3.0", "4.0", None]))
    data = vcf(*lines, eol=eol, version=version)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 3)) == 0:
        data = b"\xef\xbb\xbf" + data  # joined with `cat`, each file with its BOM
    return data * draw(st.integers(1, 3))


@PROPERTY_SETTINGS
@given(structured_card())
def test_never_raises_on_generated_structured_cards(data):
    check_invariants(data)


@PROPERTY_SETTINGS
@given(
    label=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
    ).filter(lambda t: t == t.strip() and not t.startswith("_$!<")),
    version=st.sampled_from(["4.0", "3.0"]),
)
@example(label="work,voice", version="4.0")
@example(label="a,\\", version="3.0")
def test_any_custom_label_survives_export_and_import(label, version):
    from netcare_desktop.core.record import Email, Phone
    from netcare_desktop.interop.vcard import type_param as _type_param

    if _type_param(label, version) != {"TYPE": [label]}:
        return  # made of vCard's own type words (work, Fax, cell...): written as those types
    rec = ContactRecord(
        display_name="P", emails=[Email("p@example.org", label)], phones=[Phone("1", label)]
    )
    again = both_ways(write_vcard(rec, version).encode("utf-8"))
    assert [e.label for e in again.emails] == [label]
    assert [p.label for p in again.phones] == [label]
