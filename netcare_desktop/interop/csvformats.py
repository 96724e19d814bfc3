"""CSV contacts: LinkedIn, Google Contacts, Outlook, and any other CSV through a column mapping.

Reading is tolerant: the bytes are decoded by sniffing (UTF-8 BOM, UTF-16/32 BOM or NUL
pattern, UTF-8, else Windows-1252), the CSV is split by a small tokeniser of our own that knows
the physical line where every row starts (quoted cells may span lines) and resynchronises after
an unterminated quote instead of swallowing the rest of the file, and every row is mapped on its
own: a row that cannot be read costs that row (an :class:`Issue` with its line), a value that
cannot be read costs that value.

Formats, recognised from the header alone:

- ``linkedin``: LinkedIn's ``Connections.csv`` (the current one with its "Notes:" preamble and a
  URL column, and the older six-column one).
- ``google``: Google Contacts, the current header ("First Name", "Labels", "E-mail 1 - Label")
  and the legacy one ("Given Name", "Group Membership", "E-mail 1 - Type"). Several values in
  one cell are joined with " ::: "; a label starting with "* " marks the primary value
  ("* Work" is a preferred email labelled "Work"); "* myContacts" is the label everyone has.
- ``outlook``: Outlook desktop, Outlook.com and Google's "Outlook CSV" export. "Title" is the
  name prefix there, "Job Title" the title; dates are M/D/YYYY and "0/0/00" means none.
- ``generic``: anything else; it needs a mapping (column -> one of :data:`FIELDS`), which
  :func:`suggest_mapping` proposes from the column names.

Values NetCare does not model (a Google event or relation, an Outlook "Hobby") are kept as
:class:`Extra`s with a vCard-style name and escaped value, so a vCard export keeps them:
an anniversary is ``ANNIVERSARY`` (basic ISO date), other events ``X-EVENT;TYPE=<label>``,
relations ``RELATED;VALUE=text;TYPE=<label>``, Google custom fields
``X-CUSTOM-FIELD;TYPE=<label>``, phonetic names ``X-PHONETIC-FIRST-NAME`` (-MIDDLE-, -LAST-),
IM addresses ``X-IM``, and any other non-empty column ``X-<COLUMN-NAME>``.
:func:`write_google_csv` writes all of them back: events, relations and custom fields in
their columns, phonetic names in theirs, and any other extra as a custom field labelled with its
vCard name and parameters ("X-HOBBY", "item1.X-ABDATE;TYPE=pref"), which reads back as that
extra. ``connected_on`` becomes an event labelled "Connected on LinkedIn" (read back likewise).

Spreadsheet formulas (OWASP "CSV injection"): :func:`write_google_csv` writes any cell that
begins with ``=`` ``+`` ``-`` ``@`` TAB or CR with a single quote before it, so a spreadsheet
shows it as text and never runs it; a cell that begins with quotes followed by one of those
gets one quote more (Google's year-less birthday ``--MM-DD``, digits and minus signs only, is
written as it is), so reading is unambiguous: :func:`read_csv` removes one leading quote
from a Google-format cell made of quotes and then one of those characters, and nothing else.
A phone number such as +44 20 7946 0000 is written '+44 20 7946 0000: a spreadsheet shows it
with the apostrophe, as text (not the formula "=44 20 7946 0000", nor the number
442079460000); NetCare's import gives back +44 20 7946 0000.

Pure Python: no Qt, no database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from netcare_desktop.interop.record import (
    Address,
    ContactRecord,
    Email,
    Extra,
    Issue,
    Phone,
    Url,
)

FIELDS: tuple[str, ...] = (
    "display_name",
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
    "organization",
    "department",
    "title",
    "email",
    "phone",
    "url",
    "linkedin_url",
    "notes",
    "birthday",
    "groups",
    "ignore",
)

FORMATS: tuple[str, ...] = ("linkedin", "google", "outlook", "generic")


@dataclass
class CsvResult:
    format: str  # "linkedin", "google", "outlook" or "generic"
    header: list[str]
    records: list[ContactRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    needs_mapping: bool = False  # True for "generic" until a mapping is given


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
    elif (codec := _utf16_without_bom(data)) is not None:
        text = data.decode(codec, errors="replace")
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
class _RawRow:
    line: int  # physical line where the row starts, 1-based
    cells: list[str]
    problem: str = ""  # set when the row could not be read at all (cells are then empty)
    multiline: bool = False


def _records(text: str, delimiter: str) -> Iterator[_RawRow]:
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
                yield _RawRow(start_line, segment.split(delimiter))
                continue
            if well_formed.fullmatch(segment):
                try:
                    cells = next(csv.reader([segment], delimiter=delimiter))
                except csv.Error:  # a cell over csv's field size limit: the slow path below
                    pass
                else:
                    pos, line = end + 1, line + 1
                    yield _RawRow(start_line, cells)
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
                    value += m.group(0)
                    pos = m.end()
            else:
                m = bare.match(text, pos)
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
            yield _RawRow(start_line, [], problem)
            line = start_line + 1
            continue
        yield _RawRow(start_line, cells, "", multiline)
        line = start_line + breaks


def _blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


# -- names of columns -------------------------------------------------------------------------


def _norm(name: str) -> str:
    """A column name as compared: no BOM, no surrounding or repeated spaces, case-folded."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


_GOOGLE_NUMBERED = re.compile(
    r"^(e-mail|phone|address|website|organization|event|relation|custom field|im|external id|jot)"
    r" (\d+) - (.+)$"
)


def detect_format(header: list[str]) -> str | None:
    """The format of a file from its header row alone: "linkedin", "google", "outlook" or None."""
    names = {_norm(h) for h in header}
    if {"first name", "last name", "connected on"} <= names or {
        "first name",
        "last name",
        "email address",
        "company",
        "position",
    } <= names:
        return "linkedin"
    if (
        any(_GOOGLE_NUMBERED.match(n) for n in names)
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


# -- suggest_mapping --------------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", _norm(name)).replace("_", " ").split())


_EXACT: dict[str, str] = {}
for _field, _names in {
    "display_name": "name;full name;display name;contact name;contact;file as;person;fullname;"
    "displayname;nom complet;vollständiger name",
    "given_name": "first name;firstname;given name;givenname;forename;first;vorname;prénom;prenom;"
    "nombre;nome",
    "family_name": "last name;lastname;surname;family name;familyname;last;nachname;nom;"
    "nom de famille;apellido;apellidos;cognome",
    "middle_name": "middle name;middlename;middle;additional name;second name;middle initial",
    "prefix": "prefix;name prefix;salutation;anrede;civilité;honorific",
    "suffix": "suffix;name suffix",
    "nickname": "nickname;nick;nick name;spitzname;surnom;alias",
    "organization": "company;organization;organisation;org;employer;company name;"
    "organization name;organisation name;organization 1 name;firma;unternehmen;entreprise;"
    "société;societe;empresa;account;account name",
    "department": "department;dept;abteilung;division;service;departamento",
    "title": "job title;jobtitle;title;position;role;occupation;organization title;"
    "organization 1 title;job;berufsbezeichnung;funktion;position title;poste;fonction;cargo;"
    "headline",
    "notes": "notes;note;comments;comment;description;remarks;notizen;bemerkungen;notas",
    "birthday": "birthday;birth date;birthdate;date of birth;dob;born;geburtstag;geburtsdatum;"
    "anniversaire;date de naissance;cumpleaños;fecha de nacimiento",
    "groups": "groups;group;tags;tag;labels;label;categories;category;lists;list;"
    "group membership;kategorien;gruppen;catégories",
}.items():
    for _n in _names.split(";"):
        _EXACT[_n] = _field
del _field, _names, _n

_EMAIL_WORDS = re.compile(r"\b(e ?mail|email address|mail|courriel|correo)\b")
_PHONE_WORDS = re.compile(
    r"\b(phone|telephone|tel|mobile|mobil|cell|cellphone|fax|pager|handy|telefon|téléphone|"
    r"portable|celular|móvil|movil|whatsapp|callback|isdn|telex)\b"
)
_URL_WORDS = re.compile(
    r"\b(website|web site|web page|webpage|url|homepage|home page|web|blog|site)\b"
)


def _suggest(name: str) -> str:
    k = _key(name)
    if not k:
        return "ignore"
    if "linkedin" in k:
        return "linkedin_url"
    if k in _EXACT:
        return _EXACT[k]
    if _EMAIL_WORDS.search(k):
        if re.search(r"\b(display|type|kind)\b", k):
            return "ignore"
        return "email"
    if _PHONE_WORDS.search(k):
        return "phone"
    if _URL_WORDS.search(k):
        return "url"
    if re.search(r"\bbirth", k) or "geburt" in k:
        return "birthday"
    if re.search(r"\b(notes?|comments?)\b", k):
        return "notes"
    k2 = re.sub(r"\s*\d+$", "", k)  # "Group 2", "Tag 1"
    if k2 != k and k2 in _EXACT and _EXACT[k2] == "groups":
        return "groups"
    return "ignore"


def suggest_mapping(header: list[str]) -> dict[str, str]:
    """Column name -> one of :data:`FIELDS`, guessed from the name ("E-mail", "Mobile"...)."""
    return {name: _suggest(name) for name in header}


# -- values -----------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january", "janv", "janvier", "januar", "ene", "enero"),
            ("feb", "february", "févr", "fevr", "février", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "maerz", "marzo", "mär"),
            ("apr", "april", "avr", "avril", "abr", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juil", "juillet", "juli", "julio"),
            ("aug", "august", "août", "aout", "ago", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "okt", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dez", "dezember", "dic", "diciembre"),
        ),
        start=1,
    )
    for m in names
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d{1,2})-?(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:[ ,T].*)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ ,T].*)?$")
_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[ ,].*)?$")
_D_MON_Y = re.compile(r"^(\d{1,2})\.?[ -]([^\W\d_]{3,})\.?[ ,-]+(\d{4})(?:[ ,].*)?$")
_MON_D_Y = re.compile(r"^([^\W\d_]{3,})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?:[ ,].*)?$")


class _BadDate(ValueError):
    pass


def _year2(yy: str) -> int:
    if len(yy) == 4:
        return int(yy)
    y = int(yy)
    pivot = date.today().year % 100
    return 2000 + y if y <= pivot else 1900 + y


def parse_date(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) for the dates contact files hold; None for "no date".

    ISO "1990-05-17", year-less "--04-12", US "3/22/1975" and "1/8/18, 6:14 PM", European
    "22.03.1975", "09 Oct 2024", "Oct 9, 2024". Outlook's "0/0/00" and "1/1/4501" and an empty
    text mean no date. Raises ValueError for anything else.
    """
    t = " ".join(text.split())
    if not t:
        return None
    year: int | None
    if m := _ISO.match(t) or _BASIC.match(t) or _YMD_SLASH.match(t):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _NO_YEAR.match(t):
        year, month, day = None, int(m.group(1)), int(m.group(2))
    elif m := _SLASH.match(t):
        if int(m.group(1)) == 0 and int(m.group(2)) == 0:
            return None  # Outlook's "0/0/00"
        month, day, year = int(m.group(1)), int(m.group(2)), _year2(m.group(3))
    elif m := _DOTS.match(t):
        day, month, year = int(m.group(1)), int(m.group(2)), _year2(m.group(3))
    elif (m := _D_MON_Y.match(t)) and m.group(2).casefold() in _MONTHS:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).casefold()], int(m.group(3))
    elif (m := _MON_D_Y.match(t)) and m.group(1).casefold() in _MONTHS:
        month, day, year = _MONTHS[m.group(1).casefold()], int(m.group(2)), int(m.group(3))
    else:
        raise _BadDate(f"{text.strip()!r} is not a date")
    if year == 4501:
        return None  # Outlook's "none"
    if year in (0, 1604):  # no year (Apple's 1604 convention)
        year = None
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February without a year is fine
    except ValueError:
        raise _BadDate(f"{text.strip()!r} is not a real date") from None
    return year, month, day


def _iso(d: tuple[int | None, int, int]) -> str:
    y, m, dd = d
    return f"{y:04d}-{m:02d}-{dd:02d}" if y else f"--{m:02d}-{dd:02d}"


def _basic(d: tuple[int | None, int, int]) -> str:
    y, m, dd = d
    return f"{y:04d}{m:02d}{dd:02d}" if y else f"--{m:02d}{dd:02d}"


def _vescape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _vunescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+$")
_ANGLE_EMAIL = re.compile(r"<([^<>@\s]+@[^<>@\s]+)>|\(([^()@\s]+@[^()@\s]+)\)")
_LINKEDIN = re.compile(r"linkedin\.com/(in|pub)/", re.IGNORECASE)
_MULTI = re.compile(r"\s*:::\s*")


def _as_email(value: str) -> str:
    """The address in a cell ("a@b.c", "mailto:a@b.c", "Ann <a@b.c>"), or "" when there is none."""
    v = value.strip()
    if v.lower().startswith("mailto:"):
        v = v[7:].strip()
    if _EMAIL.match(v):
        return v
    m = _ANGLE_EMAIL.search(v)
    if m:
        return m.group(1) or m.group(2)
    return ""


def _split_multi(value: str) -> list[str]:
    return [p for p in (x.strip() for x in _MULTI.split(value)) if p] if value.strip() else []


_STARS = re.compile(r"^[*\s]+")


def _clean_label(label: str) -> tuple[str, bool]:
    """("Work", True) for "* Work": the asterisk marks Google's primary value."""
    label = label.strip()
    if label.startswith("*"):
        return _STARS.sub("", label), True
    return label, False


def _is_system_group(name: str) -> bool:
    return re.sub(r"[\s*]+", "", name).casefold() == "mycontacts"


def _groups(value: str, separators: str = r"\s*:::\s*") -> list[str]:
    out: list[str] = []
    for part in re.split(separators, value):
        part = part.strip()
        if not part.strip("* ") or _is_system_group(part):
            continue
        part = _STARS.sub("", part)  # "* starred" is Google's system label "starred"
        if part and part not in out:
            out.append(part)
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Google's year-less birthday: digits and minus signs only (no function, no reference, no
# link); Google reads no other form, so it is written as it is.
_YEARLESS_DATE = re.compile(r"--\d\d-\d\d")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet cannot run as a formula (see the module's docstring)."""
    if cell.lstrip("'").startswith(_FORMULA_START) and not _YEARLESS_DATE.fullmatch(cell):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """What :func:`neutralise` was given: exactly one quote less, only where it added one."""
    if cell[:1] == "'" and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


def _cell(value: str) -> str:
    """A cell's text: line breaks as "\\n", no surrounding white space."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def _slug(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")


# -- one row ----------------------------------------------------------------------------------


class _Row:
    """A row's cells by normalised column name; remembers which columns were read."""

    def __init__(self, cols: _Columns, cells: list[str], path: str, line: int) -> None:
        self.cols = cols
        self.cells = cells
        self.used: set[int] = set()
        self.path = path
        self.line = line
        self.issues: list[Issue] = []
        self.rec = ContactRecord(source=path, line=line)

    def at(self, index: int | None) -> str:
        if index is None:
            return ""
        self.used.add(index)
        if index >= len(self.cells):
            return ""
        value = self.cells[index]
        return _cell(unneutralise(value) if self.cols.neutralised else value)

    def get(self, *names: str) -> str:
        """The first non-empty value among these columns (all of them count as read)."""
        found = ""
        for name in names:
            for index in self.cols.by_name.get(name, ()):
                value = self.at(index)
                if value and not found:
                    found = value
        return found

    def issue(self, message: str) -> None:
        self.issues.append(Issue(self.path, self.line, message))

    def date(self, value: str, what: str) -> tuple[int | None, int, int] | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.issue(f"{what}: {exc}; left out")
            return None

    def birthday(self, value: str) -> None:
        d = self.date(value, "birthday")
        if d:
            self.rec.birthday_year, self.rec.birthday_month, self.rec.birthday_day = d

    def email(self, value: str, label: str = "", preferred: bool = False) -> None:
        for part in re.split(r"\s*(?::::|;)\s*", value):
            if not part.strip():
                continue
            address = _as_email(part)
            if not address:
                self.issue(f"{part.strip()!r} is not an email address; left out")
                continue
            if not any(e.value.casefold() == address.casefold() for e in self.rec.emails):
                self.rec.emails.append(Email(address, label, preferred))
            preferred = False

    def phone(self, value: str, label: str = "") -> None:
        for part in _split_multi(value):
            self.rec.phones.append(Phone(part, label))

    def url(self, value: str, label: str = "") -> None:
        for part in _split_multi(value):
            if not any(u.value == part for u in self.rec.urls):
                self.rec.urls.append(Url(part, label))
            if not self.rec.linkedin_url and _LINKEDIN.search(part):
                self.rec.linkedin_url = part

    def extra(self, name: str, value: str, params: dict[str, list[str]] | None = None) -> None:
        if value:
            self.rec.extras.append(Extra(name, params or {}, _vescape(value)))

    def leftovers(self, quiet: dict[str, Callable[[str], bool]]) -> None:
        """Every non-empty column nobody read becomes an ``X-<COLUMN>`` extra."""
        for index, value in enumerate(self.cells):
            if index in self.used or index >= len(self.cols.header):
                continue
            value = _cell(unneutralise(value) if self.cols.neutralised else value)
            name = self.cols.norm[index]
            if not value or (name in quiet and quiet[name](value)):
                continue
            slug = _slug(self.cols.header[index]) or f"COLUMN-{index + 1}"
            self.extra(f"X-{slug}", value)


class _Columns:
    def __init__(self, header: list[str]) -> None:
        self.header = [" ".join(h.replace("\ufeff", "").split()) for h in header]
        self.norm = [_norm(h) for h in header]
        self.by_name: dict[str, list[int]] = {}
        self.cache: dict[str, list[tuple[int, str]]] = {}
        self.neutralised = False  # cells as write_google_csv writes them (Google's format)
        for i, n in enumerate(self.norm):
            self.by_name.setdefault(n, []).append(i)
        # Google's numbered groups: kind -> number -> sub-column -> index
        self.numbered: dict[str, dict[int, dict[str, int]]] = {}
        for i, n in enumerate(self.norm):
            m = _GOOGLE_NUMBERED.match(n)
            if m:
                kind, number, sub = m.group(1), int(m.group(2)), m.group(3)
                self.numbered.setdefault(kind, {}).setdefault(number, {}).setdefault(sub, i)

    def groups(self, kind: str) -> list[dict[str, int]]:
        return [subs for _, subs in sorted(self.numbered.get(kind, {}).items())]


def _label_of(row: _Row, subs: dict[str, int]) -> str:
    return row.at(subs.get("label", subs.get("type")))


def _labelled(row: _Row, subs: dict[str, int]) -> list[tuple[str, str, bool]]:
    """(value, label, primary) for each value of a numbered group's " ::: " cell."""
    values = _split_multi(row.at(subs.get("value")))
    pairs = _paired(_label_of(row, subs), len(values))
    return [(v, label, primary) for v, (label, primary) in zip(values, pairs, strict=True)]


def _paired(labels: str, count: int) -> list[tuple[str, bool]]:
    """One (label, primary) per value of a " ::: " cell; a single label applies to all."""
    parts = [p.strip() for p in _MULTI.split(labels)] if labels else [""]
    if len(parts) == count:
        return [_clean_label(p) for p in parts]
    label, primary = _clean_label(labels)
    return [(label, primary and i == 0) for i in range(count)]


# -- LinkedIn ---------------------------------------------------------------------------------


def _linkedin(row: _Row) -> None:
    rec = row.rec
    rec.given_name = row.get("first name")
    rec.family_name = row.get("last name")
    url = row.get("url", "profile url")
    if url:
        rec.linkedin_url = url
        rec.urls.append(Url(url, "LinkedIn"))
    for index in row.cols.by_name.get("email address", ()):
        value = row.at(index)
        address = _as_email(value)
        if address:  # else a LinkedIn placeholder ("urn:li:member:123"): not an address
            rec.emails.append(Email(address))
    rec.organization = row.get("company")
    rec.title = row.get("position")
    connected = row.get("connected on")
    if connected:
        d = row.date(connected, "Connected On")
        if d and d[0]:
            rec.connected_on = _iso(d)
        elif d:
            row.issue(f"Connected On: {connected!r} has no year; left out")
    row.leftovers({})


# -- Google -----------------------------------------------------------------------------------

_GOOGLE_EVENT_ANNIVERSARY = "anniversary"
_CONNECTED_EVENT = "Connected on LinkedIn"
_VCARD_NAMES = frozenset(
    "IMPP GENDER ROLE LANG TZ GEO KEY LOGO SOUND KIND MEMBER CALURI FBURL CALADRURI LABEL MAILER "
    "CLASS SORT-STRING AGENT SOURCE RELATED ANNIVERSARY".split()
)
_EXTRA_LABEL = re.compile(r"^((?:[A-Za-z0-9-]+\.)?)(X-[A-Z0-9-]+|[A-Z][A-Z-]*)((?:;.*)?)$")
_GOOGLE_QUIET: dict[str, Callable[[str], bool]] = {
    "sensitivity": lambda v: v.casefold() == "normal",
    "priority": lambda v: v.casefold() == "normal",
}


_PARAM_NAME = re.compile(r";([A-Za-z0-9-]+)=")
_PARAM_VALUE = re.compile(r'"([^"]*)"|([^;,"]*)')


def _parse_params(text: str) -> dict[str, list[str]] | None:
    """';TYPE=a,b;X-Y="q;v"' -> {"TYPE": ["a", "b"], "X-Y": ["q;v"]}; None when malformed."""
    params: dict[str, list[str]] = {}
    pos = 0
    while pos < len(text):
        m = _PARAM_NAME.match(text, pos)
        if not m:
            return None
        pos = m.end()
        values: list[str] = []
        while True:
            v = _PARAM_VALUE.match(text, pos)  # always matches, maybe empty
            assert v is not None
            values.append(v.group(1) if v.group(1) is not None else v.group(2))
            pos = v.end()
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            break
        if pos < len(text) and text[pos] != ";":
            return None
        params.setdefault(m.group(1).upper(), []).extend(values)
    return params


def _format_params(params: dict[str, list[str]]) -> str:
    out = []
    for k, values in params.items():
        vals = [v.replace('"', "^'") for v in values]
        vals = [f'"{v}"' if re.search(r"[;:,]", v) else v for v in vals]
        out.append(f";{k}={','.join(vals)}")
    return "".join(out)


def _custom_field(row: _Row, label: str, value: str) -> None:
    m = _EXTRA_LABEL.match(label)
    if m and (m.group(2).startswith("X-") or m.group(2) in _VCARD_NAMES):
        params = _parse_params(m.group(3))
        if params is not None:
            row.rec.extras.append(Extra(m.group(1) + m.group(2), params, _vescape(value)))
            return
    row.extra("X-CUSTOM-FIELD", value, {"TYPE": [label]} if label else None)


def _google(row: _Row) -> None:
    rec = row.rec
    cols = row.cols
    rec.display_name = row.get("name", "file as")
    rec.given_name = row.get("first name", "given name")
    rec.middle_name = row.get("middle name", "additional name")
    rec.family_name = row.get("last name", "family name")
    rec.prefix = row.get("name prefix")
    rec.suffix = row.get("name suffix")
    rec.nickname = row.get("nickname")
    for column, name in (
        (("phonetic first name", "given name yomi"), "X-PHONETIC-FIRST-NAME"),
        (("phonetic middle name", "additional name yomi"), "X-PHONETIC-MIDDLE-NAME"),
        (("phonetic last name", "family name yomi"), "X-PHONETIC-LAST-NAME"),
    ):
        row.extra(name, row.get(*column))
    rec.organization = row.get("organization name")
    rec.title = row.get("organization title")
    rec.department = row.get("organization department")
    for subs in cols.groups("organization"):
        name, title, dept = (row.at(subs.get(k)) for k in ("name", "title", "department"))
        row.at(subs.get("type"))
        if not (name or title or dept):
            continue
        if not (rec.organization or rec.title or rec.department):
            rec.organization, rec.title, rec.department = name, title, dept
        else:  # a second organization: left to the leftovers
            for k in ("name", "title", "department"):
                if k in subs:
                    row.used.discard(subs[k])
    birthday = row.get("birthday")
    if birthday:
        row.birthday(birthday)
    rec.notes = row.get("notes")
    photo = row.get("photo")
    if photo.lower().startswith(("http://", "https://")):
        rec.photo_url = photo
    else:
        row.extra("X-PHOTO", photo)
    for index in (*cols.by_name.get("labels", ()), *cols.by_name.get("group membership", ())):
        for g in _groups(row.at(index)):
            if g not in rec.groups:
                rec.groups.append(g)

    for subs in cols.groups("e-mail"):
        for value, label, primary in _labelled(row, subs):
            row.email(value, label, primary)
    for subs in cols.groups("phone"):
        for value, label, _ in _labelled(row, subs):
            row.phone(value, label)
    for subs in cols.groups("website"):
        for value, label, _ in _labelled(row, subs):
            row.url(value, label)
            if label.casefold() == "linkedin" and not rec.linkedin_url:
                rec.linkedin_url = value
    for subs in cols.groups("address"):
        _google_address(row, subs)
    for subs in cols.groups("event"):
        for value, label, _ in _labelled(row, subs):
            _google_event(row, label, value)
    for subs in cols.groups("relation"):
        for value, label, _ in _labelled(row, subs):
            params = {"VALUE": ["text"]} | ({"TYPE": [label]} if label else {})
            row.extra("RELATED", value, params)
    for subs in cols.groups("custom field"):  # one value each: never split on " ::: "
        value, label = row.at(subs.get("value")), _label_of(row, subs)
        if value:
            _custom_field(row, label, value)
    for subs in cols.groups("im"):
        services = row.at(subs.get("service"))
        for value, label, _ in _labelled(row, subs):
            params = ({"TYPE": [label]} if label else {}) | (
                {"X-SERVICE-TYPE": [services]} if services else {}
            )
            row.extra("X-IM", value, params)
    row.leftovers(_GOOGLE_QUIET)


def _google_event(row: _Row, label: str, value: str) -> None:
    try:
        d = parse_date(value)
    except ValueError:
        d = None
    folded = label.casefold()
    if d and folded == _GOOGLE_EVENT_ANNIVERSARY:
        row.rec.extras.append(Extra("ANNIVERSARY", {}, _basic(d)))
    elif d and d[0] and folded == _CONNECTED_EVENT.casefold() and not row.rec.connected_on:
        row.rec.connected_on = _iso(d)
    else:
        row.extra("X-EVENT", value, {"TYPE": [label]} if label else None)


_ADDRESS_PARTS = (
    ("street", "street"),
    ("city", "locality"),
    ("po box", "po_box"),
    ("region", "region"),
    ("postal code", "postal_code"),
    ("country", "country"),
    ("extended address", "extended"),
)


def _split_positional(value: str) -> list[str]:
    """The parts of a " ::: " cell, empty ones kept: address parts pair up by position."""
    return [p.strip() for p in _MULTI.split(value)] if value.strip() else []


def _google_address(row: _Row, subs: dict[str, int]) -> None:
    label_cell = _label_of(row, subs)
    formatted = _split_positional(row.at(subs.get("formatted")))
    parts = {attr: _split_positional(row.at(subs.get(sub))) for sub, attr in _ADDRESS_PARTS}
    count = max([len(formatted), *(len(v) for v in parts.values())])
    labels = _paired(label_cell, count)
    for i in range(count):
        address = Address(label=labels[i][0])
        for attr, values in parts.items():
            if i < len(values):
                setattr(address, attr, values[i])
        if address.is_empty() and i < len(formatted):
            address.street = formatted[i]
        if not address.is_empty():
            row.rec.addresses.append(address)


# -- Outlook ----------------------------------------------------------------------------------

_OUTLOOK_PHONES = {
    "assistant's phone": "Assistant",
    "business phone": "Business",
    "business phone 2": "Business",
    "business fax": "Business Fax",
    "callback": "Callback",
    "car phone": "Car",
    "company main phone": "Company Main",
    "home phone": "Home",
    "home phone 2": "Home",
    "home fax": "Home Fax",
    "isdn": "ISDN",
    "mobile phone": "Mobile",
    "other phone": "Other",
    "other fax": "Other Fax",
    "pager": "Pager",
    "primary phone": "Primary",
    "radio phone": "Radio",
    "telex": "Telex",
    "tty/tdd phone": "TTY/TDD",
}
_OUTLOOK_RELATED = {
    "spouse": "Spouse",
    "children": "Child",
    "manager's name": "Manager",
    "assistant's name": "Assistant",
    "referred by": "Referred by",
}
_OUTLOOK_QUIET: dict[str, Callable[[str], bool]] = {
    "gender": lambda v: v.casefold() in ("unspecified", "0"),
    "priority": lambda v: v.casefold() == "normal",
    "sensitivity": lambda v: v.casefold() == "normal",
    "private": lambda v: v.casefold() in ("false", "0"),
    "e-mail type": lambda v: True,
    "e-mail 2 type": lambda v: True,
    "e-mail 3 type": lambda v: True,
    "e-mail display name": lambda v: True,
    "e-mail 2 display name": lambda v: True,
    "e-mail 3 display name": lambda v: True,
    "internet free busy": lambda v: v.casefold() in ("", "false"),
}


def _outlook_phone_columns(cols: _Columns) -> list[tuple[int, str]]:
    """(index, label) of every phone column: "Mobile Phone" -> "Mobile"."""
    if "outlook phones" not in cols.cache:
        found = []
        for i, name in enumerate(cols.norm):
            label = _OUTLOOK_PHONES.get(name)
            if label is None and re.search(r"\b(phone|fax)\b", name) and "yomi" not in name:
                label = re.sub(r"\s*\b(phone|\d+)\b\s*", " ", cols.header[i], flags=re.I).strip()
            if label is not None:
                found.append((i, label))
        cols.cache["outlook phones"] = found
    return cols.cache["outlook phones"]


def _outlook(row: _Row) -> None:
    rec = row.rec
    rec.prefix = row.get("title")
    rec.given_name = row.get("first name")
    rec.middle_name = row.get("middle name")
    rec.family_name = row.get("last name")
    rec.suffix = row.get("suffix")
    rec.nickname = row.get("nickname")
    rec.display_name = row.get("display name", "name")
    row.extra("X-PHONETIC-FIRST-NAME", row.get("given yomi"))
    row.extra("X-PHONETIC-LAST-NAME", row.get("surname yomi"))
    rec.organization = row.get("company")
    rec.department = row.get("department")
    rec.title = row.get("job title")
    for prefix in ("e-mail", "e-mail 2", "e-mail 3"):
        value = row.get(f"{prefix} address")
        kind = row.get(f"{prefix} type")
        shown = row.get(f"{prefix} display name")
        if not value:
            continue
        if kind.upper() == "EX" or not _as_email(value):
            # An Exchange (X.500) address: the display name often carries the SMTP one.
            fallback = _as_email(shown)
            if fallback:
                row.email(fallback)
                continue
        row.email(value)
    for i, label in _outlook_phone_columns(row.cols):
        row.phone(row.at(i), label)
    for kind in ("business", "home", "other"):
        streets = [row.get(f"{kind} street{n}") for n in ("", " 2", " 3")]
        address = Address(
            label=kind.capitalize(),
            po_box=row.get(f"{kind} address po box", f"{kind} po box"),
            street="\n".join(s for s in streets if s),
            locality=row.get(f"{kind} city"),
            region=row.get(f"{kind} state"),
            postal_code=row.get(f"{kind} postal code"),
            country=row.get(f"{kind} country/region", f"{kind} country"),
        )
        if not address.is_empty():
            rec.addresses.append(address)
    for index in row.cols.by_name.get("web page", ()):
        row.url(row.at(index), "")
    for index in row.cols.by_name.get("personal web page", ()):
        row.url(row.at(index), "Personal")
    birthday = row.get("birthday")
    if birthday:
        row.birthday(birthday)
    anniversary = row.get("anniversary")
    if anniversary:
        d = row.date(anniversary, "anniversary")
        if d:
            rec.extras.append(Extra("ANNIVERSARY", {}, _basic(d)))
    rec.notes = row.get("notes")
    for index in row.cols.by_name.get("categories", ()):
        for g in _groups(row.at(index), r"\s*(?:;|:::)\s*"):
            if g not in rec.groups:
                rec.groups.append(g)
    for name, label in _OUTLOOK_RELATED.items():
        row.extra("RELATED", row.get(name), {"VALUE": ["text"], "TYPE": [label]})
    for index in row.cols.by_name.get("imaddress", ()):
        row.extra("X-IM", row.at(index))
    row.leftovers(_OUTLOOK_QUIET)


# -- generic ----------------------------------------------------------------------------------

_LABEL_NOISE = re.compile(
    r"\b(e|mail|email|e-mail|address|addr|phone|telephone|tel|number|no|nr|url|website|site|"
    r"web|page|homepage|\d+)\b",
    re.IGNORECASE,
)


def _column_label(column: str) -> str:
    """ "Work Email" -> "Work", "Mobile Phone" -> "Mobile", "E-mail 2" -> ""."""
    words = [w for w in re.split(r"[\s_\-#:.]+", column) if w]
    kept = [w for w in words if not _LABEL_NOISE.fullmatch(w)]
    return " ".join(kept).strip(" ()")


_SCALARS = {
    "display_name",
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
    "organization",
    "department",
    "title",
}


def _generic(row: _Row, mapping: list[str]) -> None:
    rec = row.rec
    notes: list[str] = []
    for index, target in enumerate(mapping):
        if target == "ignore" or index >= len(row.cells):
            continue
        value = row.at(index)
        if not value:
            continue
        column = row.cols.header[index]
        if target in _SCALARS:
            if not getattr(rec, target):
                setattr(rec, target, value)
        elif target == "email":
            row.email(re.sub(r"\s*,\s*", ";", value), _column_label(column))
        elif target == "phone":
            row.phone(value, _column_label(column))
        elif target == "url":
            row.url(value, _column_label(column))
        elif target == "linkedin_url":
            for part in _split_multi(value):
                if not rec.linkedin_url:
                    rec.linkedin_url = part
                if not any(u.value == part for u in rec.urls):
                    rec.urls.append(Url(part, "LinkedIn"))
        elif target == "notes":
            notes.append(value)
        elif target == "birthday":
            if rec.birthday_month is None:
                row.birthday(value)
        elif target == "groups":
            for g in _groups(value, r"\s*(?:;|,|:::)\s*"):
                if g not in rec.groups:
                    rec.groups.append(g)
    rec.notes = "\n".join(notes)


# -- reading ----------------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")


def _find_header(text: str) -> tuple[str, int, str | None]:
    """(delimiter, index of the header among the rows, format) sniffed from the first rows."""
    for delimiter in _DELIMITERS:
        for i, raw in enumerate(_records(text, delimiter)):
            if i >= 40:
                break
            if raw.cells and (fmt := detect_format(raw.cells)) is not None:
                return delimiter, i, fmt
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    delimiter = max(_DELIMITERS, key=lambda d: (unquoted.count(d), d == ","))
    for i, raw in enumerate(_records(text, delimiter)):
        if raw.cells and not _blank(raw.cells):
            return delimiter, i, None
    return ",", -1, None


def read_csv(data: bytes, path: str, mapping: dict[str, str] | None = None) -> CsvResult:
    """Contacts from a CSV file; never raises on bad input (see the module's docstring).

    ``mapping`` (column name -> one of :data:`FIELDS`) is used for a file of unknown format
    (``format == "generic"``); the known formats map themselves and ignore it.
    """
    text = decode_bytes(data)
    delimiter, header_index, fmt = _find_header(text)
    result = CsvResult(format=fmt or "generic", header=[], needs_mapping=fmt is None)
    if header_index < 0:
        result.needs_mapping = False  # nothing to map
        result.issues.append(Issue(path, 1, "no header row: the file holds no CSV data"))
        return result
    rows = _records(text, delimiter)
    header_row: _RawRow | None = None
    for i, raw in enumerate(rows):
        if i == header_index:
            header_row = raw
            break
    assert header_row is not None
    cols = _Columns(header_row.cells)
    cols.neutralised = fmt == "google"
    result.header = list(cols.header)
    width = len(cols.header)

    generic_targets: list[str] = []
    if fmt is None:
        if mapping is None:
            return result
        result.needs_mapping = False
        for name, norm in zip(cols.header, cols.norm, strict=True):
            target = mapping.get(name)
            if target is None:  # tolerate a mapping keyed by the names as typed in the file
                target = next((v for k, v in mapping.items() if _norm(k) == norm), "ignore")
            if target not in FIELDS:
                result.issues.append(
                    Issue(path, header_row.line, f"column {name!r}: unknown field {target!r}")
                )
                target = "ignore"
            generic_targets.append(target)

    mapper: Callable[[_Row], None] = {
        "linkedin": _linkedin,
        "google": _google,
        "outlook": _outlook,
    }.get(fmt or "", lambda row: _generic(row, generic_targets))

    for raw in rows:
        if raw.problem:
            result.issues.append(
                Issue(path, raw.line, f"row not read: {raw.problem}", skipped=True)
            )
            continue
        cells = raw.cells
        if _blank(cells):
            continue
        if len(cells) != width:
            if len(cells) > width and _blank(cells[width:]):
                cells = cells[:width]
            else:
                result.issues.append(
                    Issue(
                        path,
                        raw.line,
                        f"row not read: it has {len(cells)} columns, the header has {width}",
                        skipped=True,
                    )
                )
                continue
        row = _Row(cols, cells, path, raw.line)
        try:
            mapper(row)
        except Exception as exc:  # a bug must cost one row, never the import
            result.issues.append(
                Issue(path, raw.line, f"row not read: {type(exc).__name__}: {exc}", skipped=True)
            )
            continue
        result.issues.extend(row.issues)
        if not row.rec.has_identity():
            result.issues.append(
                Issue(path, raw.line, "row skipped: no name, email or phone", skipped=True)
            )
            continue
        result.records.append(row.rec)
    return result


# -- writing ----------------------------------------------------------------------------------

GOOGLE_HEADER_BASE: tuple[str, ...] = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
)
_ADDRESS_SUBS = (
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
)
# How many numbered groups Google writes at least (as in its own export).
_GOOGLE_MIN = {"E-mail": 2, "Phone": 2, "Address": 1, "Website": 1, "Event": 1, "Relation": 1}
_GOOGLE_MIN_CUSTOM = 1
_STARRED = {"starred"}
_PHONETIC = {
    "X-PHONETIC-FIRST-NAME": "Phonetic First Name",
    "X-PHONETIC-MIDDLE-NAME": "Phonetic Middle Name",
    "X-PHONETIC-LAST-NAME": "Phonetic Last Name",
}


def google_header(
    emails: int = 2,
    phones: int = 2,
    addresses: int = 1,
    websites: int = 1,
    events: int = 1,
    relations: int = 1,
    custom: int = 1,
) -> list[str]:
    """Google Contacts' current header with this many numbered groups of each kind."""
    header = list(GOOGLE_HEADER_BASE)
    for kind, count in (("E-mail", emails), ("Phone", phones)):
        for n in range(1, count + 1):
            header += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    for n in range(1, addresses + 1):
        header += [f"Address {n} - {sub}" for sub in _ADDRESS_SUBS]
    for kind, count in (("Website", websites), ("Event", events), ("Relation", relations)):
        for n in range(1, count + 1):
            header += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    for n in range(1, custom + 1):
        header += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    return header


def _formatted_address(a: Address) -> str:
    city = " ".join(p for p in (a.region, a.postal_code) if p)
    city = ", ".join(p for p in (a.locality, city) if p)
    lines = [a.street, a.extended, a.po_box, city, a.country]
    return "\n".join(p for p in lines if p)


@dataclass
class _GoogleRow:
    base: dict[str, str]
    emails: list[tuple[str, str]]
    phones: list[tuple[str, str]]
    addresses: list[list[str]]
    websites: list[tuple[str, str]]
    events: list[tuple[str, str]]
    relations: list[tuple[str, str]]
    custom: list[tuple[str, str]]


def _date_for_google(value: str) -> str:
    try:
        d = parse_date(value)
    except ValueError:
        return value
    return _iso(d) if d else value


def _google_row(rec: ContactRecord) -> _GoogleRow:
    base = {
        "First Name": rec.given_name,
        "Middle Name": rec.middle_name,
        "Last Name": rec.family_name,
        "Name Prefix": rec.prefix,
        "Name Suffix": rec.suffix,
        "Nickname": rec.nickname,
        "File As": rec.display_name,
        "Organization Name": rec.organization,
        "Organization Title": rec.title,
        "Organization Department": rec.department,
        "Notes": rec.notes,
        "Photo": rec.photo_url,
    }
    if rec.birthday_month and rec.birthday_day:
        base["Birthday"] = _iso((rec.birthday_year, rec.birthday_month, rec.birthday_day))
    labels = ["* myContacts"]
    for g in rec.groups:
        if not _is_system_group(g):
            labels.append(f"* {g}" if g.casefold() in _STARRED else g)
    base["Labels"] = " ::: ".join(labels)

    emails = [(f"* {e.label}" if e.preferred else e.label, e.value) for e in rec.emails]
    phones = [(p.label, p.value) for p in rec.phones]
    urls = [(u.label, u.value) for u in rec.urls]
    if rec.linkedin_url and not any(u.value == rec.linkedin_url for u in rec.urls):
        urls.append(("LinkedIn", rec.linkedin_url))
    addresses = [
        [
            a.label,
            _formatted_address(a),
            a.street,
            a.locality,
            a.po_box,
            a.region,
            a.postal_code,
            a.country,
            a.extended,
        ]
        for a in rec.addresses
        if not a.is_empty()
    ]
    events: list[tuple[str, str]] = []
    relations: list[tuple[str, str]] = []
    custom: list[tuple[str, str]] = []
    for x in rec.extras:
        value = _vunescape(x.value)
        label = (x.params.get("TYPE") or [""])[0]
        if x.name.upper() in _PHONETIC and not x.params and not base.get(_PHONETIC[x.name.upper()]):
            base[_PHONETIC[x.name.upper()]] = value
        elif x.name.upper() == "ANNIVERSARY" and not x.params:
            events.append(("Anniversary", _date_for_google(x.value)))
        elif x.name.upper() == "X-EVENT" and set(x.params) <= {"TYPE"}:
            events.append((label, value))
        elif x.name.upper() == "RELATED" and set(x.params) <= {"TYPE", "VALUE"}:
            relations.append((label, value))
        elif x.name.upper() == "X-CUSTOM-FIELD" and set(x.params) <= {"TYPE"}:
            custom.append((label, value))
        else:
            custom.append((x.name + _format_params(x.params), value))
    if rec.connected_on:
        events.append((_CONNECTED_EVENT, rec.connected_on))
    return _GoogleRow(base, emails, phones, addresses, urls, events, relations, custom)


def write_google_csv(records: list[ContactRecord]) -> str:
    """Google Contacts' current CSV (one row per record), with as many numbered columns as needed.

    Each email, phone, address, website, event, relation and custom field gets its own numbered
    column group (never " ::: "); a preferred email's label gets Google's "* "; Labels start
    with "* myContacts" (and "starred" is written as Google's "* starred"); birthdays are
    "YYYY-MM-DD" or "--MM-DD". :func:`read_csv` reads it back with the same facts.
    The text has no BOM and CRLF line ends; write it as "utf-8-sig" for Excel, as Google does.
    """
    rows = [_google_row(r) for r in records]

    def most(attr: str, minimum: int) -> int:
        return max([minimum, *(len(getattr(r, attr)) for r in rows)])

    counts = {
        "emails": most("emails", _GOOGLE_MIN["E-mail"]),
        "phones": most("phones", _GOOGLE_MIN["Phone"]),
        "addresses": most("addresses", _GOOGLE_MIN["Address"]),
        "websites": most("websites", _GOOGLE_MIN["Website"]),
        "events": most("events", _GOOGLE_MIN["Event"]),
        "relations": most("relations", _GOOGLE_MIN["Relation"]),
        "custom": most("custom", _GOOGLE_MIN_CUSTOM),
    }
    header = google_header(**counts)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for r in rows:
        cells = [r.base.get(name, "") for name in GOOGLE_HEADER_BASE]
        for items, count in ((r.emails, counts["emails"]), (r.phones, counts["phones"])):
            for n in range(count):
                cells += list(items[n]) if n < len(items) else ["", ""]
        for n in range(counts["addresses"]):
            cells += r.addresses[n] if n < len(r.addresses) else [""] * len(_ADDRESS_SUBS)
        for items, count in (
            (r.websites, counts["websites"]),
            (r.events, counts["events"]),
            (r.relations, counts["relations"]),
            (r.custom, counts["custom"]),
        ):
            for n in range(count):
                cells += list(items[n]) if n < len(items) else ["", ""]
        writer.writerow([neutralise(c) for c in cells])
    return out.getvalue()
