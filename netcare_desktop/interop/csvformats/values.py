"""Cell values shared by the dialects: dates, emails, " ::: " lists, labels, groups, and
the spreadsheet-formula guard (:func:`neutralise`).
"""

from __future__ import annotations

import re
from datetime import date

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


def iso_date(d: tuple[int | None, int, int]) -> str:
    y, m, dd = d
    return f"{y:04d}-{m:02d}-{dd:02d}" if y else f"--{m:02d}-{dd:02d}"


def basic_date(d: tuple[int | None, int, int]) -> str:
    y, m, dd = d
    return f"{y:04d}{m:02d}{dd:02d}" if y else f"--{m:02d}{dd:02d}"


_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+$")
_ANGLE_EMAIL = re.compile(r"<([^<>@\s]+@[^<>@\s]+)>|\(([^()@\s]+@[^()@\s]+)\)")
LINKEDIN_URL = re.compile(r"linkedin\.com/(in|pub)/", re.IGNORECASE)
MULTI = re.compile(r"\s*:::\s*")


def as_email(value: str) -> str:
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


def split_multi(value: str) -> list[str]:
    return [p for p in (x.strip() for x in MULTI.split(value)) if p] if value.strip() else []


_STARS = re.compile(r"^[*\s]+")


def clean_label(label: str) -> tuple[str, bool]:
    """("Work", True) for "* Work": an asterisk and a space mark Google's primary value.

    The mark is Google's "* " before the label ("* Home"; "* " alone for a primary value
    without one). A label that merely starts with an asterisk ("*", "*ish") is a label of
    its own and is kept as it is. Give the cell's text unstripped: "* " and "*" differ."""
    text = label.lstrip()
    if text.startswith("* "):
        return _STARS.sub("", text).strip(), True
    return label.strip(), False


def is_system_group(name: str) -> bool:
    return re.sub(r"[\s*]+", "", name).casefold() == "mycontacts"


def split_groups(value: str, separators: str = r"\s*:::\s*") -> list[str]:
    out: list[str] = []
    for part in re.split(separators, value):
        part = part.strip()
        if not part.strip("* ") or is_system_group(part):
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


def cell_text(value: str) -> str:
    """A cell's text: line breaks as "\\n", no surrounding white space."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def column_slug(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")
