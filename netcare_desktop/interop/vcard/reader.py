"""Reading a vCard file: every card, fast where it can be, with what could not be kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from netcare_desktop.core.record import ContactRecord, Issue
from netcare_desktop.interop.vcard.cards import records_of
from netcare_desktop.interop.vcard.fast import fast_vcards
from netcare_desktop.interop.vcard.lines import (
    CardReader,
    Codepage,
    all_logical_lines,
    to_utf8_bytes,
)


@dataclass
class VcardResult:
    records: list[ContactRecord]
    issues: list[Issue]
    cards: int


def read_vcards(data: bytes, path: str) -> VcardResult:
    """Every card of a file, with what could not be kept."""
    return collect(iter_vcards(data, path))


def iter_vcards(
    data: bytes, path: str, fast: bool = True, codepage: Codepage | None = None
) -> Iterator[tuple[ContactRecord | None, list[Issue]]]:
    """Stream (record or None, issues) card by card; never raises on bad input.

    ``fast=False`` reads every card the general way (the tests compare both).
    ``codepage``: for values without CHARSET that are not UTF-8 (a person's choice, or
    guessed from the file); its ``guess`` says afterwards what was used."""
    try:
        data, utf8 = to_utf8_bytes(data)
        if codepage is None:
            codepage = Codepage()
        codepage.data = data
        if fast:
            yield from fast_vcards(data, utf8, path, codepage)
        else:
            reader = CardReader(utf8, codepage)
            yield from records_of(reader.feed(all_logical_lines(data)), path)
            yield from records_of(reader.finish(), path)
    except Exception as exc:  # noqa: BLE001
        yield None, [Issue(path, 1, f"file could not be read ({exc})", True)]


def collect(items: Iterable[tuple[ContactRecord | None, list[Issue]]]) -> VcardResult:
    records, issues, cards = [], [], 0
    for rec, card_issues in items:
        cards += 1
        issues.extend(card_issues)
        if rec is not None:
            records.append(rec)
    return VcardResult(records, issues, cards)
