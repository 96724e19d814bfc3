"""Reading a CSV file's bytes: decoding by sniffing, the tokeniser, the header and format.

The bytes are decoded by sniffing (UTF-8 BOM, UTF-16/32 BOM or NUL pattern, UTF-8, else
Windows-1252); the tokeniser knows the physical line where every row starts and
resynchronises after an unterminated quote; the delimiter, the header row and the format
come from the first rows.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
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
    """The text of a CSV file (see :func:`decode_csv`)."""
    return decode_csv(data)[0]


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file: BOMs first, then a UTF-16 NUL pattern, UTF-8, else a
    local code page (:func:`_legacy`)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, codec = data[3:].decode("utf-8", errors="replace"), "utf-8"
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        codec = "utf-32-le" if data.startswith(b"\xff") else "utf-32-be"
        text = data[4:].decode(codec, errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff") else "utf-16-be"
        text = data[2:].decode(codec, errors="replace")
    elif (utf16 := _utf16_without_bom(data)) is not None:
        text, codec = data.decode(utf16, errors="replace"), utf16
    else:
        try:
            text, codec = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, codec = _legacy(data)
    return text.lstrip("\ufeff").replace("\x00", ""), codec


# Scripts a Windows-1252 reading never gives: a detector's guess that decodes the file into
# one of them (Cyrillic, Greek, Hebrew, Arabic, Thai, CJK, kana, Hangul) is believed; any
# other guess (cp1250 for "José Müller") is not, and the file is read as Windows-1252.
_NON_LATIN = re.compile(
    "[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0e00-\u0e7f"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]"
)


def _legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: a local code page (Shift-JIS, cp1251...) when a detector
    (charset-normalizer) finds one whose text is mostly of a non-Latin script, else
    Windows-1252, as Excel and Outlook write in western locales."""
    sample = data[:65_536]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:  # noqa: BLE001 - a detector's failure leaves the western reading
        best = None
    if best is not None:
        seen = sample.decode(best.encoding, errors="ignore")
        high = sum(1 for ch in seen if ord(ch) > 0x7F and ch.isalpha())
        if high and len(_NON_LATIN.findall(seen)) * 2 > high:
            try:  # a stray byte further on costs that character, not the file's script
                return data.decode(best.encoding, errors="replace"), best.encoding
            except LookupError:
                pass
    cp1252 = data.decode("latin-1").translate(_CP1252_HIGH)
    return cp1252, "cp1252"


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


# Thunderbird's address-book export: its columns, always in this order (a trailing empty
# column after "Notes" in some versions), in English and as its German and French
# translations write them. A column is read by its name, or by its place when the header
# is Thunderbird's whole layout (a translation this list does not know).
THUNDERBIRD: tuple[str, ...] = (
    "first name", "last name", "display name", "nickname", "primary email",
    "secondary email", "screen name", "work phone", "home phone", "fax number",
    "pager number", "mobile number", "home address", "home address 2", "home city",
    "home state", "home zipcode", "home country", "work address", "work address 2",
    "work city", "work state", "work zipcode", "work country", "job title", "department",
    "organization", "web page 1", "web page 2", "birth year", "birth month", "birth day",
    "custom 1", "custom 2", "custom 3", "custom 4", "notes",
)  # fmt: skip
_THUNDERBIRD_DE = (
    "vorname", "nachname", "anzeigename", "spitzname", "primäre e-mail-adresse",
    "sekundäre e-mail-adresse", "chat-name", "tel. dienstlich", "tel. privat", "fax-nummer",
    "pager-nummer", "mobil-tel.-nr.", "privat: adresse", "privat: adresse 2", "privat: ort",
    "privat: bundesland", "privat: plz", "privat: land", "dienstlich: adresse",
    "dienstlich: adresse 2", "dienstlich: ort", "dienstlich: bundesland", "dienstlich: plz",
    "dienstlich: land", "arbeitstitel", "abteilung", "organisation", "webseite 1",
    "webseite 2", "geburtsjahr", "geburtsmonat", "geburtstag", "benutzerdef. 1",
    "benutzerdef. 2", "benutzerdef. 3", "benutzerdef. 4", "notizen",
)  # fmt: skip
_THUNDERBIRD_FR = (
    "prénom", "nom de famille", "nom à afficher", "surnom", "adresse électronique principale",
    "adresse électronique secondaire", "nom d'écran", "tél. professionnel", "tél. personnel",
    "fax", "pager", "portable", "adresse privée", "adresse privée 2", "ville",
    "pays/état", "code postal", "pays/région (domicile)", "adresse professionnelle",
    "adresse professionnelle 2", "ville (professionnelle)", "pays/état (professionnel)",
    "code postal (professionnel)", "pays/région (professionnel)", "profession", "service",
    "société", "site web 1", "site web 2", "année de naissance", "mois", "jour", "divers 1",
    "divers 2", "divers 3", "divers 4", "notes",
)  # fmt: skip
THUNDERBIRD_NAMES: dict[str, str] = {
    n: canonical
    for names in (_THUNDERBIRD_FR, _THUNDERBIRD_DE, THUNDERBIRD)
    for n, canonical in zip(names, THUNDERBIRD, strict=True)
}
# Columns only Thunderbird writes (others share "first name", "notes", "job title"...).
_THUNDERBIRD_OWN = frozenset(
    n
    for names in (THUNDERBIRD, _THUNDERBIRD_DE, _THUNDERBIRD_FR)
    for i, n in enumerate(names)
    if i in (4, 5, 6, 9, 10, 11, 16, 22, 27, 28, 29, 30, 31, 32, 33)
)


def thunderbird_columns(names: list[str]) -> list[str]:
    """Each column's English Thunderbird name ("" for none): by name, else by place when the
    header is Thunderbird's layout (37 columns, 38 with its trailing empty one)."""
    canon = [THUNDERBIRD_NAMES.get(n, "") for n in names]
    width = len(names) - (1 if names and not names[-1] else 0)
    if width == len(THUNDERBIRD):
        placed = sum(1 for i, c in enumerate(canon[:width]) if c == THUNDERBIRD[i])
        if placed * 3 >= width:  # a third in place: an unknown translation of the rest
            canon[:width] = THUNDERBIRD
    return canon


# khard's CSV (``khard new --input-format csv``, its template.csv): "<key>[ <n>[ - <sub>]]".
KHARD_NUMBERED = re.compile(
    r"^(phone|email|address|categories|organisation|additional)(?: (\d+))?(?: - ([a-z ]+))?$"
)
_KHARD_OWN = frozenset(("formatted name", "kind", "webpage", "note", "role"))


@dataclass(frozen=True)
class _Dialect:
    name: str
    required: Callable[[set[str]], bool]  # without these columns it is not this format
    reads: Callable[[str], bool]  # a column this format's reader knows


def _thunderbird_required(names: set[str]) -> bool:
    return len(names & _THUNDERBIRD_OWN) >= 3


def _khard_required(names: set[str]) -> bool:
    own = [n for n in names if KHARD_NUMBERED.match(n) and not n.startswith("address")]
    return len(own) + len(names & _KHARD_OWN) >= 3 and not any(
        n.startswith("e-mail") for n in names
    )


def _google_required(names: set[str]) -> bool:
    return (
        any(GOOGLE_NUMBERED.match(n) for n in names)
        or "group membership" in names
        or ({"labels", "file as"} <= names)
        or ({"labels", "organization name"} <= names)
        or ({"given name", "family name", "additional name"} <= names)
    )


_GOOGLE_READS = frozenset(
    "name;file as;first name;given name;middle name;additional name;last name;family name;"
    "name prefix;name suffix;nickname;phonetic first name;phonetic middle name;"
    "phonetic last name;given name yomi;additional name yomi;family name yomi;"
    "organization name;organization title;organization department;birthday;notes;photo;"
    "labels;group membership".split(";")
)
_OUTLOOK_READS = frozenset(
    "title;first name;middle name;last name;suffix;nickname;display name;name;given yomi;"
    "surname yomi;company;department;job title;e-mail address;e-mail type;"
    "e-mail display name;e-mail 2 address;e-mail 2 type;e-mail 2 display name;"
    "e-mail 3 address;e-mail 3 type;e-mail 3 display name;web page;personal web page;"
    "birthday;anniversary;notes;categories;imaddress".split(";")
)
_LINKEDIN_READS = frozenset(
    ("first name", "last name", "url", "profile url", "email address", "company", "position",
     "connected on")
)  # fmt: skip

_DIALECTS = (
    _Dialect(
        "linkedin",
        lambda n: (
            {"first name", "last name", "connected on"} <= n
            or {"first name", "last name", "email address", "company", "position"} <= n
        ),
        lambda n: n in _LINKEDIN_READS,
    ),
    _Dialect("thunderbird", _thunderbird_required, lambda n: n in THUNDERBIRD_NAMES),
    _Dialect(
        "khard",
        _khard_required,
        lambda n: (
            bool(KHARD_NUMBERED.match(n))
            or n in _KHARD_OWN
            or n
            in (
                "prefix",
                "first name",
                "last name",
                "suffix",
                "nickname",
                "anniversary",
                "birthday",
                "title",
            )
        ),
    ),  # fmt: skip
    _Dialect(
        "google",
        _google_required,
        lambda n: bool(GOOGLE_NUMBERED.match(n)) or n in _GOOGLE_READS,
    ),
    _Dialect(
        "outlook",
        lambda n: (
            ({"e-mail address", "job title"} <= n or {"e-mail address", "mobile phone"} <= n)
            and ("first name" in n or "last name" in n)
        ),
        lambda n: n in _OUTLOOK_READS or bool(re.search(r"\b(phone|fax|street|city|state)\b", n)),
    ),
)


def format_scores(header: list[str]) -> dict[str, int]:
    """For each format whose required columns the header has: how many columns it reads."""
    names = {norm_name(h) for h in header} - {""}
    return {d.name: sum(1 for n in names if d.reads(n)) for d in _DIALECTS if d.required(names)}


def detect_format(header: list[str]) -> str | None:
    """The format of a file from its header row alone ("linkedin", "thunderbird", "khard",
    "google", "outlook"), or None: of the formats whose required columns are there, the one
    that reads most of its columns (khard's "Email 1 - value" is not Google's "E-mail 1 -
    Value": Google's reader would leave every email unread)."""
    scores = format_scores(header)
    if not scores:
        return None
    order = [d.name for d in _DIALECTS]
    return max(scores, key=lambda name: (scores[name], -order.index(name)))


_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same number of columns (more than
    one) most often; a comma when none does."""
    best, best_key = ",", (0, 0, 0)
    for delimiter in _DELIMITERS:
        widths: list[int] = []
        for raw in raw_rows(text, delimiter):
            if len(widths) >= 20:
                break
            if raw.cells and not is_blank(raw.cells):
                widths.append(len(raw.cells))
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        key = (wide.count(common), common, delimiter == ",")
        if key > best_key:
            best, best_key = delimiter, key
    return best


def find_header(text: str) -> tuple[str, int, str | None]:
    """(delimiter, index of the header among the rows, format) sniffed from the first rows."""
    sniffed = sniff_delimiter(text)
    for delimiter in (sniffed, *(d for d in _DELIMITERS if d != sniffed)):
        for i, raw in enumerate(raw_rows(text, delimiter)):
            if i >= 40:
                break
            if raw.cells and (fmt := detect_format(raw.cells)) is not None:
                return delimiter, i, fmt
    for i, raw in enumerate(raw_rows(text, sniffed)):
        if raw.cells and not is_blank(raw.cells):
            return sniffed, i, None
    return ",", -1, None
