"""Helpers for the vCard reader tests: inline cards, reading them both ways, small images,
the corpus files the round trips read.
"""

from __future__ import annotations

import base64
import struct
import zlib

from netcare_desktop.core.record import ContactRecord
from netcare_desktop.interop.vcard import (
    VcardResult,
    collect,
    iter_vcards,
    read_vcards,
)
from tests.samples import CORPUS, samples_root, vcard_names

# -- helpers ------------------------------------------------------------------------------


def vcf(*lines: str | bytes, eol: bytes = b"\r\n", version: str | None = "3.0") -> bytes:
    """One card from its content lines (str are UTF-8 encoded, bytes are taken as they are)."""
    body = [b"BEGIN:VCARD"]
    if version:
        body.append(f"VERSION:{version}".encode())
    body += [x.encode("utf-8") if isinstance(x, str) else x for x in lines]
    body.append(b"END:VCARD")
    return eol.join(body) + eol


def read(data: bytes) -> VcardResult:
    return read_vcards(data, "inline.vcf")


def one(data: bytes) -> ContactRecord:
    result = read(data)
    assert result.cards == 1, result
    assert len(result.records) == 1, result.issues
    return result.records[0]


def clean(data: bytes) -> ContactRecord:
    """The only card of ``data``, read with no issue at all."""
    result = read(data)
    assert result.issues == []
    assert len(result.records) == 1
    return result.records[0]


def birthday(rec: ContactRecord) -> tuple | None:
    if rec.birthday_month is None:
        return None
    return (rec.birthday_year, rec.birthday_month, rec.birthday_day)


def extras(rec: ContactRecord, name: str) -> list:
    return [x for x in rec.extras if x.name.upper() == name.upper()]


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PNG = tiny_png()
PNG64 = base64.b64encode(PNG).decode("ascii")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(40))
JPEG64 = base64.b64encode(JPEG).decode("ascii")


def escape(text: str) -> str:
    """RFC 6350 §3.4 text escaping, written out here rather than borrowed from the writer."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


EOLS = {"CRLF": b"\r\n", "LF": b"\n", "CR": b"\r", "CRCRLF": b"\r\r\n"}


def both_ways(data: bytes) -> ContactRecord:
    """The only card, read with no issue, the same by the fast and the general reader."""
    fast = collect(iter_vcards(data, "inline.vcf"))
    assert fast == collect(iter_vcards(data, "inline.vcf", fast=False))
    assert fast.issues == [] and len(fast.records) == 1
    return fast.records[0]


BOM = b"\xef\xbb\xbf"


CORPUS_FILES = [
    "vcards/eds__libebook-vcard-11.vcf",
    "vcards/eds__libebook-vcard-12.vcf",
    "vcards/eds__libebook-vcard-13.vcf",
    "vcards/eds__libebook-vcard-5.vcf",
    "vcards/eds__libebook-vcard-6.vcf",
    "vcards/eds__libebook-vcard-7.vcf",
    "vcards/eds__photo-1.vcf",
    "vcards/ezvcard__John_Doe_ANDROID.vcf",
    "vcards/ezvcard__John_Doe_BLACK_BERRY.vcf",
    "vcards/ezvcard__John_Doe_EVOLUTION.vcf",
    "vcards/ezvcard__John_Doe_GMAIL.vcf",
    "vcards/ezvcard__John_Doe_IPHONE.vcf",
    "vcards/ezvcard__John_Doe_LOTUS_NOTES.vcf",
    "vcards/ezvcard__John_Doe_MAC_ADDRESS_BOOK.vcf",
    "vcards/ezvcard__John_Doe_MS_OUTLOOK.vcf",
    "vcards/ezvcard__fullcontact.vcf",
    "vcards/ezvcard__gmail-single.vcf",
    "vcards/ezvcard__gmail-single2.vcf",
    "vcards/ezvcard__issue114.vcf",
    "vcards/ezvcard__outlook-2003.vcf",
    "vcards/ezvcard__outlook-2007.vcf",
    "vcards/ezvcard__rfc6350-example.vcf",
    "vcards/ezvcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf",
    "vcards/kcontacts__testfullvcard.vcf",
    "vcards/kcontacts__vcard10.vcf",
    "vcards/kcontacts__vcard12.vcf",
    "vcards/kcontacts__vcard3.vcf",
    "vcards/kcontacts__vcard4.vcf",
    "vcards/kcontacts__vcard5.vcf",
    "vcards/kcontacts__vcard9.vcf",
    "vcards/kcontacts__vcardwithitemasapplesupport.vcf",
    "vcards/khard__photov4.vcf",
    "vcards/khard__unparsable.vcf",
    "vcards/radicale__broken-vcard.vcf",
    "vcards/radicale__contact4-with-bday-no-year.vcf",
    "vcards/radicale__contact_photo_with_data_uri.vcf",
    "vcards/radicale__contact_photo_with_data_uri_v4.vcf",
    "vcards/rcmcarddav__IM-iOS.vcf",
    "vcards/rcmcarddav__UriPhotoCrop.vcf",
    "vcards/rcmcarddav__VCard4-DataUriPhoto.vcf",
    "vcards/sabre-vobject__issue64.vcf",
    "vcards/vcard4android__allfields-vcard3.vcf",
    "vcards/vcard4android__strange-rev.vcf",
    "synthetic/synthetic__cp1252-raw-21.vcf",
    "synthetic/synthetic__latin1-qp-21.vcf",
    "synthetic/synthetic__shiftjis-raw-21.vcf",
    "synthetic/synthetic__utf16le-bom.vcf",
    "synthetic/synthetic__utf8-bom.vcf",
]
# What the generic tests read: the corpus when it is there, else our own samples.
SAMPLE_FILES = CORPUS_FILES if samples_root() == CORPUS else vcard_names()
