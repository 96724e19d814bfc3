"""One card of properties to a :class:`ContactRecord`, with what could not be kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from netcare_desktop.core.record import (
    ContactRecord,
    Email,
    Extra,
    Issue,
    Phone,
    Url,
)
from netcare_desktop.interop.vcard.lines import Property, RawCard
from netcare_desktop.interop.vcard.values import (
    APPLE_LABEL,
    LINKEDIN_URL,
    add_categories,
    address_of,
    is_preferred,
    label_of,
    name_parts,
    parse_date,
    photo_of,
    split_escaped,
    unescape,
)

_PHOTO_MODELLED_PARAMS = {"TYPE", "ENCODING", "VALUE", "MEDIATYPE", "CHARSET", "X-NETCARE-PROBLEM"}
ADR_MODELLED_PARAMS = {"TYPE", "PREF", "CHARSET", "ENCODING", "X-NETCARE-PROBLEM", "LANGUAGE"}
MODELLED = {
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "URL",
    "ADR",
    "BDAY",
    "NOTE",
    "PHOTO",
    "UID",
    "CATEGORIES",
    "X-ABLABEL",
}
DROPPED = {"VERSION", "PRODID", "BEGIN", "END"}


def extra_of(prop: Property) -> Extra:
    params = {k: v for k, v in prop.params.items() if k not in ("CHARSET", "X-NETCARE-PROBLEM")}
    if (params.get("ENCODING") or [""])[0].upper() == "QUOTED-PRINTABLE":
        params.pop("ENCODING")  # decoded: written back as plain (escaped) text
    name = f"{prop.group}.{prop.name}" if prop.group else prop.name
    # Kept in escaped form: a line break decoded from quoted-printable becomes \n.
    value = prop.text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return Extra(name=name, params=params, value=value)


# KAddressBook's X-messaging/<service>-All chat addresses (read as X-MESSAGING-<SERVICE>-ALL):
# kept as RFC 4770/6350 IMPP URIs, the scheme for each service as KContacts and Apple
# write them; Twitter has no IMPP scheme and KContacts writes X-TWITTER for it.
_IMPP_SCHEMES = {
    "AIM": "aim",
    "ICQ": "icq",
    "XMPP": "xmpp",
    "JABBER": "xmpp",
    "GOOGLETALK": "xmpp",
    "MSN": "msnim",
    "YAHOO": "ymsgr",
    "SKYPE": "skype",
    "IRC": "irc",
    "GADU": "gg",
    "GROUPWISE": "groupwise",
    "MEANWHILE": "meanwhile",
    "SMS": "sms",
}
_NOT_IMPP = {"TWITTER": "X-TWITTER"}


def kde_messaging(prop: Property) -> Extra | None:
    """``X-messaging/xmpp-All:user@host`` as ``IMPP:xmpp:user@host`` (None: not one)."""
    service = prop.name.removeprefix("X-MESSAGING-").removesuffix("-ALL")
    if service == prop.name or not service:
        return None
    kept = extra_of(prop)
    address = unescape(kept.value).strip()
    if not address:
        return None
    if service in _NOT_IMPP:
        return Extra(_NOT_IMPP[service], kept.params, kept.value)
    scheme = _IMPP_SCHEMES.get(service, service.lower())
    if address.lower().startswith(scheme + ":"):
        address = address[len(scheme) + 1 :]
    return Extra("IMPP", kept.params, f"{scheme}:{address}")


def map_prop(
    rec: ContactRecord,
    prop: Property,
    apple_labels: dict[str, str],
    grouped_used: set[str],
    report: Callable[[Property, str], None],
) -> None:
    """One property into the record (the fast path uses it for what it does not inline)."""
    name = prop.name
    for reason in prop.params.get("X-NETCARE-PROBLEM", []):
        report(prop, f"{reason}; read as UTF-8 or Windows-1252 instead")
    if name in DROPPED:
        return
    value = prop.text
    if name == "X-ABLABEL":
        return  # consumed with its group below (or kept if nothing used it)
    if prop.group and name in MODELLED:
        grouped_used.add(prop.group.lower())
    if name == "FN":
        if not rec.display_name:
            rec.display_name = unescape(value).strip()
        else:
            rec.extras.append(extra_of(prop))
    elif name == "N":
        fam, given, middle, prefix, suffix = name_parts(value)
        if any((fam, given, middle, prefix, suffix)):
            if not (rec.family_name or rec.given_name):
                rec.family_name, rec.given_name, rec.middle_name = fam, given, middle
                rec.prefix, rec.suffix = prefix, suffix
            else:  # a second name (ALTID/LANGUAGE: another script): kept as written
                rec.extras.append(extra_of(prop))
    elif name == "NICKNAME":
        nick = ", ".join(p.strip() for p in split_escaped(value, ",") if p.strip())
        rec.nickname = (
            f"{rec.nickname}, {nick}" if rec.nickname and nick else (rec.nickname or nick)
        )
    elif name == "ORG":
        parts = [p.strip() for p in split_escaped(value, ";")]
        if parts and any(parts) and not rec.organization:
            rec.organization = parts[0]
            rec.department = "; ".join(p for p in parts[1:] if p)
        elif any(parts):
            rec.extras.append(extra_of(prop))
    elif name == "TITLE":
        title = unescape(value).strip()
        if title and not rec.title:
            rec.title = title
        elif title:
            rec.extras.append(extra_of(prop))
    elif name == "EMAIL":
        address = unescape(value).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if address:
            rec.emails.append(
                Email(
                    address,
                    label_of(prop, apple_labels),
                    is_preferred(prop.params),
                    prop.group or "",
                )
            )
    elif name == "TEL":
        number = unescape(value).strip()
        if number.lower().startswith("tel:"):
            number = number[4:]
        if number:
            rec.phones.append(
                Phone(
                    number,
                    label_of(prop, apple_labels),
                    "",
                    is_preferred(prop.params),
                    prop.group or "",
                )
            )
    elif name == "URL":
        url = unescape(value).strip()
        if url:
            rec.urls.append(
                Url(url, label_of(prop, apple_labels), is_preferred(prop.params), prop.group or "")
            )
            if not rec.linkedin_url and LINKEDIN_URL.search(url):
                rec.linkedin_url = url
    elif name == "ADR":
        adr = address_of(
            label_of(prop, apple_labels), value, is_preferred(prop.params), prop.group or ""
        )
        if not adr.is_empty():
            rec.addresses.append(adr)
        kept = {k: v for k, v in prop.params.items() if k not in ADR_MODELLED_PARAMS}
        if kept:  # LABEL, GEO...: kept beside the address so export loses nothing
            rec.extras.append(Extra("X-NETCARE-ADR", kept, prop.text))
    elif name == "BDAY":
        omits = prop.params.get("X-APPLE-OMIT-YEAR")
        omit = omits[0] if omits else None
        parsed = None
        if (prop.params.get("VALUE") or ["date"])[0].lower() != "text":
            parsed = parse_date(unescape(value), omit)
        if parsed and rec.birthday_month is None:
            rec.birthday_year, rec.birthday_month, rec.birthday_day = parsed
        else:
            rec.extras.append(extra_of(prop))  # a text birthday, or a second one: kept as written
    elif name == "NOTE":
        note = unescape(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if note:
            rec.notes = f"{rec.notes}\n\n{note}" if rec.notes else note
    elif name == "PHOTO":
        data, mime, url, problem = photo_of(prop)
        if problem:
            report(prop, problem)
        elif (data and rec.photo is None) or (url and not rec.photo_url):
            if data:
                rec.photo, rec.photo_mime = data, mime
            else:
                rec.photo_url = url  # a link, kept and never fetched
            kept = {k: v for k, v in prop.params.items() if k not in _PHOTO_MODELLED_PARAMS}
            if kept:  # e.g. Apple's X-ABCROP-RECTANGLE: kept beside the photo
                rec.extras.append(Extra("X-NETCARE-PHOTO", kept, "uri" if url else "data"))
        elif data or url:
            rec.extras.append(extra_of(prop))  # a second photo, kept as written
    elif name == "UID":
        rec.uid = rec.uid or unescape(value).strip()
    elif name == "CATEGORIES":
        add_categories(rec.groups, value)
    elif (
        name in ("X-SOCIALPROFILE", "IMPP") and LINKEDIN_URL.search(value) and not rec.linkedin_url
    ):
        rec.linkedin_url = unescape(value).strip()
        rec.extras.append(extra_of(prop))
    elif prop.binary is None and (prop.params.get("ENCODING") or [""])[0].upper() in (
        "B",
        "BASE64",
    ):
        report(prop, "broken base64 data; value left out")
    elif name.startswith("X-MESSAGING-") and (impp := kde_messaging(prop)) is not None:
        rec.extras.append(impp)
    else:
        rec.extras.append(extra_of(prop))


def card_to_record(card: RawCard, path: str) -> tuple[ContactRecord | None, list[Issue]]:
    """Map one card; every value that could not be kept is reported; only a card with
    no name, email or phone is dropped (and reported)."""
    rec = ContactRecord(source=path, line=card.line)
    issues = [Issue(path, n, msg) for n, msg in card.issues]

    def report(prop: Property, message: str) -> None:
        issues.append(Issue(path, prop.line, f"{prop.name}: {message}"))

    apple_labels: dict[str, str] = {}
    for prop in card.props:
        if prop.name == "X-ABLABEL" and prop.group:
            label = unescape(prop.text.strip())
            m = APPLE_LABEL.match(label)
            apple_labels[prop.group.lower()] = m.group(1) if m else label
    grouped_used: set[str] = set()

    for prop in card.props:
        map_prop(rec, prop, apple_labels, grouped_used, report)

    # Labels whose group no modelled property used stay as they were written.
    for prop in card.props:
        if prop.name == "X-ABLABEL" and prop.group and prop.group.lower() not in grouped_used:
            rec.extras.append(extra_of(prop))

    if not rec.has_identity():
        issues.append(
            Issue(path, card.line, "card has no name, email or phone; skipped", skipped=True)
        )
        return None, issues
    return rec, issues


def records_of(
    cards: Iterable[RawCard], path: str
) -> Iterator[tuple[ContactRecord | None, list[Issue]]]:
    for card in cards:
        try:
            yield card_to_record(card, path)
        except Exception as exc:  # noqa: BLE001 - one card's bug must not cost the file
            yield None, [Issue(path, card.line, f"card could not be read ({exc}); skipped", True)]
