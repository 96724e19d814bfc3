"""The vCard reader's fast path for plain cards against its general reader.

``iter_vcards`` reads plain cards (UTF-8, no quoted-printable or CHARSET, nothing to report)
with a few C-level calls per card and hands every other card to the general reader.  Both
ways must give the very same records and issues; the property tests in
``test_vcard_reader.py`` check that on generated and mutated input, these on the corpus
and on big mixed files.
"""

from __future__ import annotations

import base64
import random

import pytest

from netcare_desktop.interop import vcard
from netcare_desktop.interop.vcard import collect, iter_vcards

CORPUS_DIRS = ("vcards", "synthetic")


def both(data: bytes, path: str = "x.vcf"):
    fast = collect(iter_vcards(data, path))
    slow = collect(iter_vcards(data, path, fast=False))
    return fast, slow


def test_the_corpus_reads_the_same_both_ways(corpus_dir):
    files = sorted(p for d in CORPUS_DIRS for p in (corpus_dir / d).glob("*.vcf"))
    assert len(files) >= 40
    for path in files:
        fast, slow = both(path.read_bytes(), path.name)
        assert fast == slow, path.name


def fold(line: str) -> str:
    out, first = [], True
    while line:
        n = 75 if first else 74
        out.append(("" if first else " ") + line[:n])
        line, first = line[n:], False
    return "\r\n".join(out)


def plain_card(i: int, rng: random.Random) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:t-{i}",
        f"FN:Zoë Person{i}",
        f"N:Person{i};Zoë;;Dr.;",
        "ORG:Acme\\, Inc.;R&D",
        "TITLE:Engineer",
        f"item1.EMAIL;type=INTERNET;type=pref:p{i}@example.org",
        "item1.X-ABLabel:_$!<Work>!$_",
        f"TEL;TYPE=CELL:+1 202 555 {i % 10000:04d}",
        f"item2.URL:https\\://www.linkedin.com/in/p-{i}",
        "item2.X-ABLabel:profile",
        "item3.X-ABRELATEDNAMES:Someone",
        "item3.X-ABLabel:_$!<Friend>!$_",
        "ADR;TYPE=WORK:;;1 Main Street;Springfield;IL;62701;USA",
        "NOTE:Met at the conference\\, talked about open source.\\nTwice.",
        "CATEGORIES:Alumni,Book club,alumni",
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29",
        "X-SOCIALPROFILE;type=twitter:https://twitter.com/p",
        "REV:2024-01-01T00:00:00Z",
    ]
    if rng.random() < 0.3:
        photo = b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randint(300, 3000))
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(photo).decode())
    if rng.random() < 0.1:
        lines.append("PHOTO;VALUE=uri:https://example.org/p.jpg")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def fast_path_taken(monkeypatch) -> list[bool]:
    """Whether each card the fast reader is offered was taken (True) or handed back."""
    taken: list[bool] = []
    real = vcard.fast.fast_card

    def counting(*args):
        item = real(*args)
        taken.append(item is not None)
        return item

    monkeypatch.setattr(vcard.fast, "fast_card", counting)
    return taken


def test_plain_cards_take_the_fast_path(monkeypatch):
    rng = random.Random(3)
    data = "".join(plain_card(i, rng) for i in range(200)).encode("utf-8")
    taken = fast_path_taken(monkeypatch)
    fast, slow = both(data)
    assert fast == slow
    assert len(taken) == 200 and all(taken)
    assert fast.cards == 200 and fast.issues == []
    rec = fast.records[7]
    assert rec.emails[0].label == "Work" and rec.emails[0].preferred
    assert rec.urls[0].label == "profile"
    assert rec.birthday_year is None and (rec.birthday_month, rec.birthday_day) == (2, 29)
    assert rec.groups == ["Alumni", "Book club"]
    assert any(x.name == "item3.X-ABLABEL" for x in rec.extras)


ODD_CARDS = [
    # quoted-printable with a soft line break
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;=\r\nAnna\r\nEND:VCARD\r\n",
    # raw 8-bit with a CHARSET
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Ren\xe9\r\nEND:VCARD\r\n",
    # no END:VCARD before the next card
    "BEGIN:VCARD\r\nFN:Open\r\n",
    # a line outside any card
    "FN:Stray\r\n",
    # an empty card and blank lines
    "\r\nBEGIN:VCARD\r\nEND:VCARD\r\n\r\n",
    # a quoted parameter value with a colon
    'BEGIN:VCARD\r\nFN:Q\r\nTEL;X-L="a:b":123\r\nEND:VCARD\r\n',
    # broken base64
    "BEGIN:VCARD\r\nFN:B\r\nPHOTO;ENCODING=b:!!!!\r\nEND:VCARD\r\n",
    # lower case keywords, a line without a colon
    "begin:vcard\r\nfn:Low\r\nno colon here\r\nend:vcard\r\n",
    # a card without identity
    "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nothing else\r\nEND:VCARD\r\n",
    # END:VCARD with trailing spaces, a folded END line
    "BEGIN:VCARD\r\nFN:T\r\nEND:VCARD  \r\nBEGIN:VCARD\r\nFN:U\r\nEND:VC\r\n ARD\r\n",
]


@pytest.mark.parametrize("eol", ["\r\n", "\n", "\r"])
def test_big_mixed_files_read_the_same_both_ways(eol):
    """Over several 1 MB blocks, odd cards between plain ones (also across block cuts)."""
    rng = random.Random(5)
    parts = []
    for i in range(2500):
        parts.append(plain_card(i, rng))
        if rng.random() < 0.15:
            parts.append(rng.choice(ODD_CARDS))
    text = "".join(parts).replace("\r\n", eol)
    # the CHARSET card keeps its raw 8-bit byte
    data = text.encode("utf-8").replace("Ren\xe9".encode(), b"Ren\xe9")
    assert len(data) > 3 * vcard.BLOCK
    fast, slow = both(data)
    assert fast.issues == slow.issues
    assert fast.records == slow.records
    assert fast.cards == slow.cards
    assert any("missing" in i.message for i in fast.issues)


def test_a_big_folded_photo_takes_the_fast_path(monkeypatch):
    photo = b"\xff\xd8\xff\xe0" + random.Random(8).randbytes(12000)
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\n"
        + fold("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(photo).decode())
        + "\r\nEND:VCARD\r\n"
    )
    taken = []
    real = vcard.fast.fast_card
    monkeypatch.setattr(vcard.fast, "fast_card", lambda *a: taken.append(real(*a)) or taken[-1])
    fast, slow = both(text.encode())
    assert fast == slow and taken and taken[0] is not None
    assert fast.records[0].photo == photo and fast.records[0].photo_mime == "image/jpeg"


def test_quoted_parameter_values_take_the_fast_path(monkeypatch):
    """A custom label quoted because of its comma (TYPE="Work, Home") is common in files a
    client wrote: such cards stay on the fast path and keep the label whole; a backslash
    inside quotes goes to the general reader, with the same result."""
    quoted = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Quoted {i}\r\n"
        'TEL;TYPE="a, b":+1 202 555 0100\r\n'
        'EMAIL;TYPE="Work, Home";PREF=1:q{i}@example.org\r\n'
        'TEL;VALUE=uri;TYPE="voice,home":tel:+1-555-0101\r\n'
        'item1.IMPP;X-SERVICE-TYPE="Mike’s IM: special, custom":x-apple:m{i}\r\n'
        "item1.X-ABLabel:IM\r\n"
        "END:VCARD\r\n"
    )
    escaped = 'BEGIN:VCARD\r\nFN:E\r\nTEL;TYPE="say \\"hi\\", ok":1\r\nEND:VCARD\r\n'
    data = ("".join(quoted.format(i=i) for i in range(3)) + escaped).encode("utf-8")
    taken = fast_path_taken(monkeypatch)
    fast, slow = both(data)
    assert fast == slow and fast.issues == []
    assert taken == [True, True, True, False]
    rec = fast.records[1]
    assert [(p.value, p.label) for p in rec.phones] == [
        ("+1 202 555 0100", "a, b"),
        ("+1-555-0101", "home"),
    ]
    assert [(e.label, e.preferred) for e in rec.emails] == [("Work, Home", True)]
    (impp,) = [x for x in rec.extras if x.name == "item1.IMPP"]
    assert impp.params["X-SERVICE-TYPE"] == ["Mike’s IM: special, custom"]
    assert impp.value == "x-apple:m1"
    assert fast.records[3].phones[0].label == 'say "hi", ok'
