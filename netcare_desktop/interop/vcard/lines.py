"""vCard files to cards of properties: decoding, unfolding, one line to a :class:`Property`.

Line ends and folds (RFC 6350 §3.2, RFC 2425 §5.8.1), 2.1 quoted-printable soft breaks and
base64 blocks, charsets (the declared one, else UTF-8, else the file's code page as
:class:`Codepage` guesses it, else Windows-1252), and the cards of a file
(:class:`RawCard`), one card's trouble never costing the next.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from netcare_desktop.core.words import plural
from netcare_desktop.interop.codepages import Guess, guess, normalize
from netcare_desktop.interop.vcard.params import parse_params

# -- decoding the file ----------------------------------------------------------

BOM = b"\xef\xbb\xbf"  # U+FEFF in UTF-8 (a UTF-16 file's BOM too, once the file is UTF-8)


def to_utf8_bytes(data: bytes) -> tuple[bytes, bool]:
    """Normalise a whole file: UTF-16/32 (BOM or NUL pattern) become UTF-8; a UTF-8 BOM is dropped.

    Returns the bytes and whether they are known to be UTF-8 as a whole (after a
    UTF-16 decode). 8-bit files stay bytes: each value is decoded on its own
    (its CHARSET, else UTF-8, else Windows-1252).
    """
    if data.startswith(BOM):
        return data[3:], False
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace").encode("utf-8"), True
    head = data[:200]
    if len(head) >= 8 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without a BOM
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return data.decode(codec, errors="replace").encode("utf-8"), True
    return data, False


_LINE_BREAK = re.compile(rb"\r\r\n|\r\n|\n|\r")
_BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/=]+$")


@dataclass
class Property:
    group: str
    name: str  # upper case
    params: dict[str, list[str]]
    raw: bytes  # the value as written (after unfolding), not yet decoded
    line: int
    text: str = ""  # decoded (charset, quoted-printable) but not unescaped
    binary: bytes | None = None  # decoded base64, for ENCODING=b/BASE64

    @property
    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("TYPE", []) if t]


@dataclass
class RawCard:
    line: int
    props: list[Property] = field(default_factory=list)
    issues: list[tuple[int, str]] = field(default_factory=list)


BLOCK = 1 << 20  # work on ~1 MB at a time: no single C call holds the GIL for long


def file_blocks(data: bytes) -> Iterator[bytes]:
    """Cut a big file into pieces at card starts, so the GUI thread keeps its share of the GIL."""
    start = 0
    while len(data) - start > BLOCK:
        cut = data.find(b"\nBEGIN:VCARD", start + BLOCK)
        if cut < 0:
            break
        yield data[start : cut + 1]
        start = cut + 1
    yield data[start:] if start else data


# The parameter that makes a value quoted-printable (ENCODING=QUOTED-PRINTABLE, 2.1's bare
# QUOTED-PRINTABLE), not the word inside another parameter's name or value: only then does
# a value ending in "=" continue on the next line.
_QP_PARAM = re.compile(
    rb';[ \t]*(?:ENCODING[ \t]*=[ \t]*)?"?QUOTED-PRINTABLE"?[ \t]*(?:;|$)', re.IGNORECASE
)


def logical_lines(data: bytes, number: int = 1) -> Iterator[tuple[int, bytes]]:
    """Unfold (RFC 6350 §3.2, RFC 2425 §5.8.1; TAB too), join 2.1 quoted-printable soft
    breaks and 2.1 base64 blocks; yield (first physical line number, logical line).

    Line ends are normalised first (:func:`normalize_breaks`) and the folds removed with
    regular expressions, so the per-line Python work is per logical line only.
    """
    data = normalize_breaks(data)
    # A fold (line break + space or TAB) becomes one marker byte; C-speed all the way.
    data = data.replace(b"\x01", b"").replace(b"\n ", b"\x01").replace(b"\n\t", b"\x01")
    current: bytes | None = None
    start = 0
    is_qp = is_b64 = False
    for chunk in data.split(b"\n"):
        folds = chunk.count(b"\x01")
        line_count = folds + 1
        if folds:
            colon = chunk.find(b":")
            if _QP_PARAM.search(chunk[: colon if colon >= 0 else 200]):
                chunk = chunk.replace(b"=\x01", b"")  # a soft break whose next line is indented
            line = chunk.replace(b"\x01", b"")
        else:
            line = chunk
        here = number
        number += line_count
        if current is not None:
            if (
                is_qp
                and current.endswith(b"=")
                and line.strip().removeprefix(BOM).upper() not in (b"END:VCARD", b"BEGIN:VCARD")
            ):
                current = current[:-1] + line.lstrip(b" \t")
                continue
            if is_b64 and line and b":" not in line and _BASE64_LINE.match(line):
                current += line  # 2.1 base64 continues until a blank line
                continue
            yield start, current
            current = None
        if line[:3] == BOM:  # files joined with `cat`, each with its BOM: not data
            line = line[3:]
        if not line.strip():
            continue
        current, start = line, here
        head = line[: line.find(b":")].upper() if b":" in line else line.upper()
        is_qp = b"QUOTED-PRINTABLE" in head and _QP_PARAM.search(head) is not None
        is_b64 = b"BASE64" in head or b"ENCODING=B" in head
    if current is not None:
        yield start, current


# What Windows and phones really write when they declare these: the vendor supersets.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "euc-kr": "cp949",
    "ks-c-5601-1987": "cp949",
}
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class Codepage:
    """The code page of a file's values that declare no CHARSET and are not UTF-8, guessed
    once, the first time such a value is met (a UTF-8 file never pays for it), from all of
    the file's such values (:func:`file_sample`).  ``chosen``: the person's choice, for
    every value without CHARSET.  ``guess`` says what was used, for the import report."""

    def __init__(self, data: bytes = b"", chosen: str | None = None):
        self.data = data
        self.forced = None if chosen is None else normalize(chosen)
        self.guess: Guess | None = None
        if self.forced is not None:
            self.guess = Guess(self.forced, certain=True, chosen=True)
        self._asked = self.forced is not None

    def codec(self) -> str | None:
        """The file's code page; None: the file is UTF-8 with a stray bad byte or two."""
        if not self._asked:
            self._asked = True
            sample = file_sample(self.data)
            self.guess = guess(sample) if sample else None
            self.data = b""
        return self.guess.codec if self.guess and self.guess.codec != "utf-8" else None


def file_sample(data: bytes) -> bytes:
    """The values (after quoted-printable) of a file that declare no CHARSET and are not
    UTF-8, joined by line breaks; empty when most non-ASCII values are UTF-8."""
    sample: list[bytes] = []
    size = utf8_values = 0
    for _, line in all_logical_lines(data):
        colon = line.find(b":")
        if colon < 0:
            continue
        head, value = line[:colon].upper(), line[colon + 1 :]
        if b"CHARSET" in head or b"BASE64" in head or b"ENCODING=B" in head:
            continue
        if b"QUOTED-PRINTABLE" in head:
            value = quopri.decodestring(value)
        if value.isascii():
            continue
        try:
            value.decode("utf-8")
            utf8_values += 1
        except UnicodeDecodeError:
            sample.append(value)
            size += len(value)
            if size > 4 * 1024:
                break
    if utf8_values > len(sample):
        return b""
    return b"\n".join(sample)


def _decode_bytes(
    raw: bytes, charset: str | None, codepage: Codepage | None = None
) -> tuple[str, str | None]:
    """Bytes to text: the declared charset, else UTF-8, else the file's code page, else
    Windows-1252. Returns (text, problem).

    UTF-8 with a stray invalid byte or two (a broken quoted-printable escape) keeps the
    rest of its text: only the bad bytes are dropped, and that is reported."""
    problem = None
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        charset = _SUPERSETS.get(charset.lower().replace("_", "-"), charset)
        try:
            return raw.decode(charset), None
        except (LookupError, UnicodeError, ValueError, TypeError):
            problem = f"charset {charset!r} unusable for this value"
    elif codepage is not None and codepage.forced not in (None, "utf-8") and not charset:
        return raw.decode(codepage.forced, errors="replace"), None
    try:
        return raw.decode("utf-8"), problem
    except UnicodeDecodeError:
        pass
    codec = codepage.codec() if codepage is not None else None
    if codec is not None:
        return raw.decode(codec, errors="replace"), problem
    lenient = raw.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad and bad <= max(2, len(lenient) // 50) and _UTF8_SEQUENCE.search(raw):
        return lenient.replace("\ufffd", ""), f"{plural(bad, 'invalid UTF-8 byte')} left out"
    return raw.decode("cp1252", errors="replace"), problem


_OPEN_LABEL = re.compile(rb";LABEL=[^\";]*$", re.IGNORECASE)


def _adr_colon(line: bytes, first: int) -> int:
    """Nextcloud writes unquoted colons inside ADR's LABEL parameter: the value is where
    the seven ';'-separated components start, not at the first colon."""
    pos = first
    while pos >= 0:
        rest = line[pos + 1 :]
        semi = rest.find(b";")
        if rest.count(b";") >= 6 and b":" not in (rest[:semi] if semi >= 0 else rest):
            return pos
        pos = line.find(b":", pos + 1)
    return first


# KAddressBook's chat properties, ``X-messaging/xmpp-All:user@host``: a name RFC 6350 does
# not allow (the "/"), but the value is someone's chat address.
KDE_MESSAGING = re.compile(r"^X-messaging/[A-Za-z0-9-]+$", re.IGNORECASE)


def parse_line(
    line: bytes, number: int, utf8: bool, codepage: Codepage | None = None
) -> Property | str:
    """One logical line to a Property, or an error message."""
    # The name/params part ends at the first colon outside quotes.
    colon = line.find(b":")
    if colon >= 0 and b'"' in line[:colon]:  # a quoted parameter value may hold colons
        quoted = escaped = False
        colon = -1
        for i, byte in enumerate(line):
            if escaped:
                escaped = False
            elif byte == 0x5C and quoted:  # backslash inside quotes: the next byte is literal
                escaped = True
            elif byte == 0x22:
                quoted = not quoted
            elif byte == 0x3A and not quoted:
                colon = i
                break
    if (
        colon >= 0
        and line[:4].upper() == b"ADR;"
        and line.count(b":") > 1
        and _OPEN_LABEL.search(line[:colon])
    ):
        colon = _adr_colon(line, colon)
    if colon < 0:
        quoted_colon = line.find(b":")
        if quoted_colon < 0:
            return f"no ':' in {line[:40].decode('utf-8', 'replace')!r}; line ignored"
        colon = quoted_colon  # an unbalanced quote: take the first colon
    head = line[:colon].decode("utf-8", errors="replace")
    name_part, _, param_text = head.partition(";")
    name_part = name_part.strip()
    group, _, name = name_part.rpartition(".")
    if "/" in name and KDE_MESSAGING.match(name):  # KAddressBook's chat addresses
        name = name.replace("/", "-", 1)  # read as X-MESSAGING-<SERVICE>-ALL (cards.py)
    if not name or not (name.isascii() and name.replace("-", "").isalnum()):
        return f"not a property name: {name_part[:40]!r}; line ignored"
    if group and not (group.isascii() and group.replace("-", "").isalnum()):
        return f"not a property name: {name_part[:40]!r}; line ignored"  # RFC 6350 §3.3
    params = parse_params(param_text) if param_text else {}
    prop = Property(
        group=group, name=name.upper(), params=params, raw=line[colon + 1 :], line=number
    )
    encoding = (params.get("ENCODING") or [""])[0].upper()
    charsets = params.get("CHARSET")
    charset = charsets[0] if charsets and not utf8 else None
    if encoding in ("BASE64", "B") and not prop.raw[:12].lstrip().lower().startswith(b"data:"):
        compact = prop.raw.translate(None, b" \t\r\n\x0b\x0c")
        try:
            prop.binary = base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
        except (binascii.Error, ValueError):
            prop.binary = None
            prop.text = compact.decode("ascii", errors="replace")
            return prop  # the mapping reports the broken data for this value only
        prop.text = compact.decode("ascii")
        return prop
    raw = prop.raw
    if encoding == "QUOTED-PRINTABLE":
        raw = quopri.decodestring(raw)
    prop.text, problem = _decode_bytes(raw, charset, None if utf8 else codepage)
    if problem:
        prop.params.setdefault("X-NETCARE-PROBLEM", []).append(problem)
    return prop


# A lone CR in a file whose lines end in LF or CRLF ends a line only where a line could
# start after it: a property name and its ";" or ":", a fold, another break, the end.
# Anywhere else it is part of the value (Thunderbird writes ``custom<CR>3``).
_LONE_CR_BREAK = re.compile(rb"\r(?=[\r\n \t]|(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+[ \t]*[;:]|$)")


def normalize_breaks(block: bytes) -> bytes:
    """CR CR LF and CRLF become LF; so does a lone CR in a file of CR line ends, but in a
    file of LF or CRLF line ends only a CR that a line could follow (C-speed, skipped when
    there is no CR)."""
    if b"\r" not in block:
        return block
    out = block.replace(b"\r\n", b"\n")
    if b"\r" not in out:  # CRLF only: the common case, one pass and a memchr
        return out
    out = block.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n")
    if b"\n" not in out:  # a classic Mac file: every CR ends a line
        return out.replace(b"\r", b"\n")
    return _LONE_CR_BREAK.sub(b"\n", out)


def all_logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    number = 1
    for block in file_blocks(data):
        block = normalize_breaks(block)
        yield from logical_lines(block, number)
        number += block.count(b"\n")


_JOINED = re.compile(rb"^END:VCARD[ \t]*(?:\xef\xbb\xbf)?BEGIN:VCARD$")


class CardReader:
    """Logical lines to cards: the state (the card being read) lives across calls, so a
    file can be fed in pieces."""

    def __init__(self, utf8: bool, codepage: Codepage | None = None):
        self.utf8 = utf8
        self.codepage = codepage
        self.card: RawCard | None = None

    def feed(self, lines: Iterable[tuple[int, bytes]]) -> Iterator[RawCard]:
        utf8 = self.utf8
        for number, line in lines:
            upper = line.strip().upper()
            if upper[:9] == b"END:VCARD" and upper != b"END:VCARD" and _JOINED.match(upper):
                # `cat` of files, one without a final line break: END:VCARD[BOM]BEGIN:VCARD
                yield from self.feed(((number, b"END:VCARD"), (number, b"BEGIN:VCARD")))
                continue
            if upper == b"BEGIN:VCARD":
                if self.card is not None:
                    self.card.issues.append(
                        (number, "card not closed with END:VCARD before the next one")
                    )
                    yield self.card
                self.card = RawCard(line=number)
                continue
            if upper == b"END:VCARD":
                if self.card is not None:
                    yield self.card
                self.card = None
                continue
            if self.card is None:
                self.card = RawCard(line=number)
                self.card.issues.append((number, "BEGIN:VCARD missing; card started here"))
            parsed = parse_line(line, number, utf8, self.codepage)
            if isinstance(parsed, str):
                self.card.issues.append((number, parsed))
            else:
                self.card.props.append(parsed)

    def finish(self) -> Iterator[RawCard]:
        card, self.card = self.card, None
        if card is not None and (card.props or card.issues):
            card.issues.append((card.line, "END:VCARD missing at the end of the file; card closed"))
            yield card


def read_raw_cards(data: bytes) -> Iterator[RawCard]:
    """Split a file into cards of properties; closes an unterminated last card and
    starts a card where BEGIN:VCARD is missing."""
    data, utf8 = to_utf8_bytes(data)
    reader = CardReader(utf8, Codepage(data))
    yield from reader.feed(all_logical_lines(data))
    yield from reader.finish()
