"""Coverage-guided fuzzing of the vCard and CSV readers with atheris (``make fuzz``).

Any exception escaping a reader is a bug: atheris stops and writes the input as
``crash-*``. What a reader made of an input is also exported (vCard 4.0 and 3.0, and the
Google CSV for CSV input) and read again: as many cards or rows as records, and the same
emails for each person (an export must keep every value inside its value). Usage: ``python tools/fuzz_atheris.py -atheris_runs=100000 [corpus dirs]``
(the shared corpus makes good seeds: ``../shared/corpus/vcards ../shared/corpus/csv``).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from netcare_desktop.interop.csvformats import read_csv, write_google_csv
    from netcare_desktop.interop.vcard import read_vcards, write_vcard


def _emails(records) -> list[list[str]]:
    return [
        [e.value.replace("\r\n", "\n").replace("\r", "\n").strip() for e in r.emails]
        for r in records
    ]


def round_trip(records, csv: bool) -> None:
    for version in ("4.0", "3.0"):
        text = "".join(write_vcard(r, version) for r in records)
        back = read_vcards(text.encode("utf-8"), "out.vcf")
        if back.cards != len(records) or len(back.records) != len(records):
            raise AssertionError(f"vCard {version}: {len(records)} records, {back.cards} cards")
        if _emails(back.records) != _emails(records):
            raise AssertionError(f"vCard {version}: an email changed person")
    if csv:
        back = read_csv(write_google_csv(records).encode("utf-8"), "out.csv")
        if len(back.records) != len(records):
            raise AssertionError(f"CSV: {len(records)} records, {len(back.records)} rows")


def one_input(data: bytes) -> None:
    if not data:
        return
    body = data[1:]
    if data[0] & 1:
        result = read_vcards(body, "fuzz.vcf")
    else:
        result = read_csv(body, "fuzz.csv")
    for issue in result.issues:
        if issue.line < 1:
            raise AssertionError(f"an issue without a line: {issue}")
    if result.records:
        round_trip(result.records, csv=not data[0] & 1)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
