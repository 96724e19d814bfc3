"""How dates and states read on screen (local time, short and unambiguous)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from netcare_desktop.core.cadence import HEALTH_LABELS, Health


def utc_now() -> datetime:
    """The one place the UI reads the clock: naive UTC, as the store keeps it."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def to_utc(local_value: datetime) -> datetime:
    return local_value.astimezone(UTC).replace(tzinfo=None)


def relative_days(value: datetime | None, now: datetime) -> str:
    """'today', 'in 3 days', '12 days ago'."""
    if value is None:
        return ""
    days = (to_local(value).date() - to_local(now).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def health_label(h: Health) -> str:
    return HEALTH_LABELS[h]


def plain_tooltip(text: str) -> str:
    """A tooltip that shows user text literally.

    Tooltips have no text-format setting and Qt guesses rich text from the
    content, so escape it and mark it as rich text ourselves.
    """
    import html

    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


# -- the locale's style, one everywhere in the window (the CLI keeps ISO 8601) ---------


def _locale():
    from PySide6.QtCore import QLocale

    return QLocale()


def date_format() -> str:
    """The locale's short date, always with a four-digit year; ISO where the locale is C."""
    from PySide6.QtCore import QLocale

    loc = _locale()
    if loc.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    fmt = loc.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def date_text(value: datetime | date | None) -> str:
    """A date as the window shows it everywhere (a datetime is shown in local time)."""
    from PySide6.QtCore import QDate

    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return _locale().toString(QDate(value.year, value.month, value.day), date_format())


def time_text(value: datetime) -> str:
    """A local time of day in the locale's short style (``value`` is naive UTC)."""
    from PySide6.QtCore import QLocale, QTime

    t = to_local(value)
    loc = _locale()
    fmt = (
        "HH:mm"
        if loc.language() == QLocale.Language.C
        else loc.timeFormat(QLocale.FormatType.ShortFormat)
    )
    return loc.toString(QTime(t.hour, t.minute), fmt)


def datetime_text(value: datetime | None) -> str:
    """Date and time (``value`` is naive UTC, shown in local time)."""
    if value is None:
        return ""
    return f"{date_text(value)} {time_text(value)}"


def month_title(value: date) -> str:
    """'December 2026' in the locale's words."""
    from PySide6.QtCore import QLocale

    loc = _locale()
    if loc.language() == QLocale.Language.C:
        return value.strftime("%B %Y")
    return f"{loc.standaloneMonthName(value.month, QLocale.FormatType.LongFormat)} {value.year}"


def number_text(n: int) -> str:
    """An integer with the locale's digit grouping."""
    from PySide6.QtCore import QLocale

    loc = _locale()
    if loc.language() == QLocale.Language.C:
        return f"{n:,}"
    return loc.toString(n)


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 file', '3 files', '1,204 contacts' (``many`` for irregular words)."""
    word = one if n == 1 else (many or one + "s")
    return f"{number_text(n)} {word}"


def day_month_format() -> str:
    """The locale's long date without weekday and year: 'd MMMM', 'MMMM d', 'd. MMMM'."""
    import re

    from PySide6.QtCore import QLocale

    fmt = _locale().dateFormat(QLocale.FormatType.LongFormat)
    fmt = re.sub(r"d{3,4}[^dMy]*", "", fmt)  # the weekday and what follows it
    # the year, a word that goes with it (Russian 'г.') and its separators
    fmt = re.sub(r"[^dMy']*y+(\s*'[^']*'\.?)?[^dMy']*", " ", fmt).strip(" ,")
    return fmt or "d MMMM"


def day_month_text(value: date | None = None, month: int = 0, day: int = 0) -> str:
    """A day of the year without its year ('3 December', 'December 3', '3. Dezember'):
    a birthday whose year is unknown, or this year's birthday."""
    from PySide6.QtCore import QDate

    if value is not None:
        month, day = value.month, value.day
    if not month or not day:
        return ""
    return _locale().toString(QDate(2000, month, day), day_month_format())


def birthday_text(year: int | None, month: int | None, day: int | None) -> str:
    """A birthday as the window shows it: the date, or the day and month without a year."""
    if not month or not day:
        return ""
    if year:
        try:
            return date_text(date(year, month, day))
        except ValueError:
            pass
    return day_month_text(month=month, day=day)
