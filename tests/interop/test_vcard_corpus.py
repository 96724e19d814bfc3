"""The vCard reader against the shared real-world corpus (../shared/corpus).

Every expectation (tests/interop/vcard_corpus_files_*.py) was read from the files' bytes
(folds, quoted-printable and charsets decoded by hand), not from what the reader returns.
The bar: zero silent loss; every card imported except those with no name, email or phone at
all, which are reported; a broken value costs only that value and is reported with file and
line.

Conventions the expectations share with the reader's documented model:
- a label is the vCard TYPE mapped to a word ("CELL" -> "mobile") or the Apple ``X-ABLabel``
  of the property's group (``_$!<HomePage>!$_`` -> "HomePage"); where a property has several
  TYPEs in no defined order any of them will do, but a fax or pager number must say so;
- structured parts that are lists (N's additional names, NICKNAME) may be joined with ","
  or ", "; several NOTEs must all be there, in order; line breaks compare as "\\n";
- properties NetCare does not model are kept in ``rec.extras`` (names compare case-insensitively).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from netcare_desktop.core.record import ContactRecord, Issue
from netcare_desktop.interop.vcard import read_vcards
from tests.interop.vcard_corpus_expect import (
    Expect,
    facts,
)
from tests.interop.vcard_corpus_files_a import EXPECTED_A
from tests.interop.vcard_corpus_files_b import EXPECTED_B
from tests.interop.vcard_corpus_files_c import EXPECTED_C

EXPECTED: dict[str, Expect] = {**EXPECTED_A, **EXPECTED_B, **EXPECTED_C}

FILES = sorted(EXPECTED)


def _read(corpus_dir: Path, name: str):
    path = corpus_dir / name
    return read_vcards(path.read_bytes(), str(path)), str(path)


def _unescape(text: str) -> str:
    """RFC 6350 §3.4: backslash-n is a line break, a backslash before anything else quotes it."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] in "nN" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _extra_map(rec: ContactRecord) -> dict[str, list]:
    out: dict[str, list] = {}
    for x in rec.extras:
        out.setdefault(x.name.upper(), []).append(x)
    return out


# -- tests ----------------------------------------------------------------------------------


def test_every_corpus_file_has_expectations(corpus_dir):
    on_disk = sorted(
        str(p.relative_to(corpus_dir))
        for d in ("vcards", "synthetic")
        for p in (corpus_dir / d).glob("*.vcf")
    )
    assert len(on_disk) == 48
    assert on_disk == FILES


@pytest.mark.parametrize("name", FILES)
def test_cards_and_records(corpus_dir, name):
    result, _ = _read(corpus_dir, name)
    exp = EXPECTED[name]
    assert result.cards == exp.card_count
    assert len(result.records) == len(exp.cards)


@pytest.mark.parametrize("name", FILES)
def test_facts(corpus_dir, name):
    result, path = _read(corpus_dir, name)
    exp = EXPECTED[name]
    for i, (rec, card) in enumerate(zip(result.records, exp.cards, strict=False)):
        assert rec.source == path
        assert facts(rec) == card.facts(), f"card {i + 1} (line {card.line})"


@pytest.mark.parametrize("name", [n for n in FILES if any(c.extras for c in EXPECTED[n].cards)])
def test_unmodelled_properties_are_kept(corpus_dir, name):
    result, _ = _read(corpus_dir, name)
    exp = EXPECTED[name]
    for rec, card in zip(result.records, exp.cards, strict=False):
        extras = _extra_map(rec)
        have = Counter({k: len(v) for k, v in extras.items()})
        want = Counter(n.upper() for n in card.extras)
        missing = want - have
        assert not missing, f"extras missing from line {card.line}: {dict(missing)}"
        for xname, part in card.extra_values.items():
            # An extra may hold its value as written (escaped) or as text: either will do.
            values = [x.value for x in extras.get(xname.upper(), [])]
            assert any(part in v or part in _unescape(v) for v in values), (
                f"{xname}: {part!r} not in {values!r}"
            )
        for xname, (param, values) in card.extra_params.items():
            params = [x.params.get(param) for x in extras.get(xname.upper(), [])]
            assert values in params, f"{xname};{param}: {values!r} not in {params!r}"


@pytest.mark.parametrize("name", FILES)
def test_issues(corpus_dir, name):
    result, path = _read(corpus_dir, name)
    exp = EXPECTED[name]
    remaining: list[Issue] = list(result.issues)
    for lines, text, skipped in exp.issues:
        lines = lines if isinstance(lines, tuple) else (lines,)
        match = next(
            (
                i
                for i in remaining
                if i.line in lines and text.lower() in i.message.lower() and i.skipped == skipped
            ),
            None,
        )
        assert match is not None, (
            f"no issue at line {lines} about {text!r} (skipped={skipped}) in {remaining}"
        )
        assert match.path == path
        remaining.remove(match)
    assert remaining == [], "issues for parts of the file that are not broken"


def _texts(rec: ContactRecord) -> tuple[list[str], list[str]]:
    """(modelled text fields, texts of the kept extras)."""
    modelled = [
        rec.uid,
        rec.display_name,
        rec.given_name,
        rec.family_name,
        rec.middle_name,
        rec.prefix,
        rec.suffix,
        rec.nickname,
        rec.organization,
        rec.department,
        rec.title,
        rec.notes,
        rec.photo_url,
        rec.linkedin_url,
        rec.photo_mime,
        *rec.groups,
        *(t for e in rec.emails for t in (e.value, e.label)),
        *(t for p in rec.phones for t in (p.value, p.label)),
        *(t for u in rec.urls for t in (u.value, u.label)),
        *(
            t
            for a in rec.addresses
            for t in (
                a.label,
                a.po_box,
                a.extended,
                a.street,
                a.locality,
                a.region,
                a.postal_code,
                a.country,
            )
        ),
    ]
    extras = [
        t
        for x in rec.extras
        for t in (x.name, x.value, *(v for vs in x.params.values() for v in vs))
    ]
    return modelled, extras


MOJIBAKE = ("Ã", "Â", "â€", "\ufffd")
LEFTOVERS = ("\\:", "=0D", "=0A", "=\r")


def _really_in(raw: bytes, text: str) -> bool:
    """Whether ``text`` is in the file as such (UTF-8 bytes, or in a UTF-16 file)."""
    if text.encode("utf-8") in raw:
        return True
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom) and text in raw[2:].decode(codec, "replace"):
            return True
    return False


def test_whole_corpus_reads_cleanly(corpus_dir):
    """No exception; every card is a record or a reported skip; no escape, quoted-printable
    or mojibake left in any text (unless the file really holds those characters)."""
    problems = []
    for name in FILES:
        raw = (corpus_dir / name).read_bytes()
        result = read_vcards(raw, name)
        skipped = [i for i in result.issues if i.skipped]
        if len(result.records) + len(skipped) != result.cards:
            problems.append(f"{name}: {len(result.records)} + {len(skipped)} != {result.cards}")
        for rec in result.records:
            modelled, extras = _texts(rec)
            for text in modelled:
                for bad in LEFTOVERS:
                    if bad in text:
                        problems.append(f"{name}:{rec.line}: {bad!r} left in {text[:60]!r}")
            for text in modelled + extras:
                for bad in MOJIBAKE:
                    if bad in text and not _really_in(raw, bad):
                        problems.append(f"{name}:{rec.line}: mojibake {bad!r} in {text[:60]!r}")
    assert problems == []
