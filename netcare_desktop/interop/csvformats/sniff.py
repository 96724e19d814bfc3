"""Reading a CSV file's bytes: decoding by sniffing, the tokeniser, the header and format.

The bytes are decoded by sniffing (UTF-8 BOM, UTF-16/32 BOM or NUL pattern, UTF-8, else
Windows-1252); the tokeniser knows the physical line where every row starts and
resynchronises after an unterminated quote; the delimiter, the header row and the format
come from the first rows.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

# -- decoding ---------------------------------------------------------------------------------

_CP1252_HIGH = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_HIGH[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: undefined, kept as Latin-1
        pass
del _b


def decode_bytes(data: bytes) -> str:
    """The text of a CSV file: BOMs first, then a UTF-16 NUL pattern, UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        codec = "utf-32-le" if data.startswith(b"\xff") else "utf-32-be"
        text = data[4:].decode(codec, errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff") else "utf-16-be"
        text = data[2:].decode(codec, errors="replace")
    elif (utf16 := _utf16_without_bom(data)) is not None:
        text = data.decode(utf16, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1").translate(_CP1252_HIGH)
    return text.lstrip("\ufeff").replace("\x00", "")


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:2000]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if head[i] == 0)
    if odd > pairs * 0.4 and even < pairs * 0.05:
        return "utf-16-le"
    if even > pairs * 0.4 and odd < pairs * 0.05:
        return "utf-16-be"
    return None


# -- tokenising -------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')


@dataclass
class RawRow:
    line: int  # physical line where the row starts, 1-based
    cells: list[str]
    problem: str = ""  # set when the row could not be read at all (cells are then empty)
    multiline: bool = False


def raw_rows(text: str, delimiter: str) -> Iterator[RawRow]:
    """Rows with their start lines; a broken quote costs its row, never the rest of the file."""
    d = re.escape(delimiter)
    bare = re.compile(f"[^{d}\\r\\n]*")
    cell = f'(?:"[^"]*(?:""[^"]*)*"|[^{d}"\\r\\n]*)'
    well_formed = re.compile(f"{cell}(?:{d}{cell})*")  # one line of strict RFC 4180
    n = len(text)
    pos = 0
    line = 1
    while pos < n:
        start, start_line = pos, line
        end = text.find("\n", pos)
        end = n if end < 0 else end
        if "\r" not in text[pos : end - 1]:
            # The common cases, at C speed: one line without quotes, or with clean quoting.
            segment = text[pos:end]
            if segment.endswith("\r"):
                segment = segment[:-1]
            if '"' not in segment:
                pos, line = end + 1, line + 1
                yield RawRow(start_line, segment.split(delimiter))
                continue
            if well_formed.fullmatch(segment):
                try:
                    cells = next(csv.reader([segment], delimiter=delimiter))
                except csv.Error:  # a cell over csv's field size limit: the slow path below
                    pass
                else:
                    pos, line = end + 1, line + 1
                    yield RawRow(start_line, cells)
                    continue
        cells = []
        problem = ""
        anomaly = False
        terminated = False
        while True:
            if pos < n and text[pos] == '"':
                m = _QUOTED.match(text, pos)
                if m is None:
                    problem = "a quoted cell is never closed"
                    break
                value = m.group(1).replace('""', '"')
                pos = m.end()
                if pos < n and text[pos] not in (delimiter, "\r", "\n"):
                    anomaly = True  # text after a closing quote: kept, as Excel and csv do
                    m = bare.match(text, pos)
                    assert m is not None  # bare ends in `*`: it matches, if only emptily
                    value += m.group(0)
                    pos = m.end()
            else:
                m = bare.match(text, pos)
                assert m is not None  # bare ends in `*`: it matches, if only emptily
                value = m.group(0)
                pos = m.end()
            cells.append(value)
            if pos >= n:
                break
            if text[pos] == delimiter:
                pos += 1
                if pos >= n:  # a delimiter at the very end of the file: one more empty cell
                    cells.append("")
                    break
                continue
            pos += 2 if text.startswith("\r\n", pos) else 1
            terminated = True
            break
        breaks = 0 if problem else len(_NEWLINES.findall(text, start, pos))
        multiline = breaks - terminated > 0
        if problem or (anomaly and multiline):
            # Resynchronise on the next physical line: the quote was most likely a typo.
            problem = problem or "a quote inside a cell is not closed where the cell ends"
            m = _NEWLINES.search(text, start)
            pos = m.end() if m else n
            yield RawRow(start_line, [], problem)
            line = start_line + 1
            continue
        yield RawRow(start_line, cells, "", multiline)
        line = start_line + breaks


def is_blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


# -- names of columns -------------------------------------------------------------------------


def norm_name(name: str) -> str:
    """A column name as compared: no BOM, no surrounding or repeated spaces, case-folded."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


GOOGLE_NUMBERED = re.compile(
    r"^(e-mail|phone|address|website|organization|event|relation|custom field|im|external id|jot)"
    r" (\d+) - (.+)$"
)


def detect_format(header: list[str]) -> str | None:
    """The format of a file from its header row alone: "linkedin", "google", "outlook" or None."""
    names = {norm_name(h) for h in header}
    if {"first name", "last name", "connected on"} <= names or {
        "first name",
        "last name",
        "email address",
        "company",
        "position",
    } <= names:
        return "linkedin"
    if (
        any(GOOGLE_NUMBERED.match(n) for n in names)
        or "group membership" in names
        or ({"labels", "file as"} <= names)
        or ({"labels", "organization name"} <= names)
        or ({"given name", "family name", "additional name"} <= names)
    ):
        return "google"
    if (
        {"e-mail address", "job title"} <= names or {"e-mail address", "mobile phone"} <= names
    ) and ("first name" in names or "last name" in names):
        return "outlook"
    return None


_DELIMITERS = (",", ";", "\t")


def find_header(text: str) -> tuple[str, int, str | None]:
    """(delimiter, index of the header among the rows, format) sniffed from the first rows."""
    for delimiter in _DELIMITERS:
        for i, raw in enumerate(raw_rows(text, delimiter)):
            if i >= 40:
                break
            if raw.cells and (fmt := detect_format(raw.cells)) is not None:
                return delimiter, i, fmt
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    delimiter = max(_DELIMITERS, key=lambda d: (unquoted.count(d), d == ","))
    for i, raw in enumerate(raw_rows(text, delimiter)):
        if raw.cells and not is_blank(raw.cells):
            return delimiter, i, None
    return ",", -1, None
