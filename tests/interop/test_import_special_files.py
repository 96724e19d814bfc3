"""A device or a FIFO handed to the importer (dropped, or from the command line) is
refused with a message instead of reading forever or waiting for a writer."""

from __future__ import annotations

import os
import threading

from netcare_desktop.interop.importer import read_file


def _read_with_deadline(path, seconds=10.0):
    out = {}
    t = threading.Thread(target=lambda: out.update(result=read_file(path)), daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive() and str(path).endswith(".vcf"):
        with open(path, "wb"):  # release the reader blocked on the FIFO
            pass
        t.join(5)
    return out.get("result")


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "cards.vcf"
    os.mkfifo(fifo)
    result = _read_with_deadline(fifo)
    assert result is not None, "the reader waited on the FIFO"
    report, records = result
    assert records == [] and report.unreadable
    assert "not a regular file" in report.issues[0].message


def test_dev_zero_is_refused_without_reading_forever():
    result = _read_with_deadline("/dev/zero")
    assert result is not None, "the reader kept reading /dev/zero"
    report, records = result
    assert records == [] and "not a regular file" in report.issues[0].message
