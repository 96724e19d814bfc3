"""The importers' and exporters' common shape of a contact.

Every reader (vCard, CSV, JSON) produces ``ContactRecord``s and reports what it
could not read as ``Issue``s with file and line; the importer matches records
to the store, the store's import writer stores them, and the exporters write
them back out.  Pure data, no Qt, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

from netcare_desktop.core import fields as contact_fields
from netcare_desktop.core.names import display_name as build_display_name


def _pickled_as_fields(cls):
    """Pickle as (class, field values): a big import hands its records from the reading
    process to the writing one (interop.stream), and this form unpickles in about
    half the time of the default (class, state dict)."""
    values = attrgetter(*(f.name for f in fields(cls)))
    if len(fields(cls)) == 1:  # pragma: no cover - every record class has several fields
        raise TypeError(cls)

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@_pickled_as_fields
@dataclass
class Issue:
    """Something a reader could not keep, or a record it skipped."""

    path: str
    line: int  # 1-based line in the file where the card/row starts or the value sits
    message: str
    skipped: bool = False  # the whole record was dropped (not just one value)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# A property's label holds all its types: the vCard TYPE words in canonical order joined by
# single spaces ("work fax", "home mobile"; custom ones as written, after the known ones,
# "work whatsapp"), or the label the user or Apple's X-ABLabel gave it ("Assistant").
# ``preferred`` is vCard's PREF (2.1 ``PREF``, 3.0 ``TYPE=pref``, 4.0 ``PREF=1..100``);
# ``group`` the property's vCard group ("item1" of ``item1.ADR``, "WORK" of ``WORK.TEL``),
# so an export writes it back beside the kept properties of that group (``item1.X-ABADR``).


@_pickled_as_fields
@dataclass
class Email:
    value: str
    label: str = ""
    preferred: bool = False
    group: str = ""


@_pickled_as_fields
@dataclass
class Phone:
    value: str
    label: str = ""
    e164: str = ""
    preferred: bool = False
    group: str = ""


@_pickled_as_fields
@dataclass
class Url:
    value: str
    label: str = ""
    preferred: bool = False
    group: str = ""


@_pickled_as_fields
@dataclass
class Address:
    label: str = ""
    po_box: str = ""
    extended: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    preferred: bool = False
    group: str = ""

    def is_empty(self) -> bool:
        return not any(
            (
                self.po_box,
                self.extended,
                self.street,
                self.locality,
                self.region,
                self.postal_code,
                self.country,
            )
        )


@_pickled_as_fields
@dataclass
class Extra:
    """A vCard property NetCare does not model, kept so that export loses nothing."""

    name: str  # with its group when it had one: "item1.X-ABRELATEDNAMES"
    params: dict[str, list[str]] = field(default_factory=dict)
    value: str = ""


@_pickled_as_fields
@dataclass
class InteractionRecord:
    at: str  # ISO 8601
    kind: str
    direction: str
    summary: str = ""
    notes: str = ""
    follow_up: str | None = None  # ISO date


# The record's single-valued text fields (what JSON carries as strings, what has a size
# limit): the contact's text fields (core.fields) and the vCard UID, which the store keeps
# as ``vcard_uid``.
TEXT_FIELDS: tuple[str, ...] = ("uid", *contact_fields.TEXT_FIELDS)


@_pickled_as_fields
@dataclass
class ContactRecord:
    source: str = ""  # file path
    line: int = 0  # where the card/row starts
    uid: str = ""
    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nickname: str = ""
    organization: str = ""
    department: str = ""
    title: str = ""
    birthday_year: int | None = None
    birthday_month: int | None = None
    birthday_day: int | None = None
    notes: str = ""
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    urls: list[Url] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    photo: bytes | None = None
    photo_mime: str = ""
    photo_url: str = ""
    linkedin_url: str = ""
    groups: list[str] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    # Only the JSON format carries these:
    circle: str | None = None
    cadence_days: int | None = None
    interactions: list[InteractionRecord] = field(default_factory=list)
    connected_on: str = ""  # LinkedIn "Connected On", ISO date

    def has_identity(self) -> bool:
        """A record worth importing has a name, an email or a phone at least."""
        return bool(
            self.display_name.strip()
            or self.given_name.strip()
            or self.family_name.strip()
            or self.nickname.strip()
            or self.organization.strip()
            or any(e.value.strip() for e in self.emails)
            or any(p.value.strip() for p in self.phones)
        )


def record_display_name(rec: ContactRecord) -> str:
    """The name a contact made of ``rec`` gets: its own, else one built from its parts,
    its first email, or its first phone."""
    return (
        rec.display_name.strip()
        or build_display_name(
            given=rec.given_name,
            family=rec.family_name,
            middle=rec.middle_name,
            prefix=rec.prefix,
            suffix=rec.suffix,
            nickname=rec.nickname,
            organization=rec.organization,
            email=rec.emails[0].value if rec.emails else "",
        )
        or (rec.phones[0].value if rec.phones else "")
    )


def sniff_image_mime(data: bytes) -> str:
    """The image type from its first bytes (a vCard's TYPE is often wrong)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:2] == b"BM":
        return "image/bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    head = data[:256].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:1024].lower()):
        return "image/svg+xml"
    return ""
