"""Coverage-guided fuzzing of the vCard and CSV readers with atheris (``make fuzz``).

Any exception escaping a reader is a bug: atheris stops and writes the input as
``crash-*``. Usage: ``python tools/fuzz_atheris.py -atheris_runs=100000 [corpus dirs]``
(the shared corpus makes good seeds: ``../shared/corpus/vcards ../shared/corpus/csv``).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from netcare_desktop.interop.csvformats import read_csv
    from netcare_desktop.interop.vcard import read_vcards


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


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
