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


def short_date(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.isoformat()


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
