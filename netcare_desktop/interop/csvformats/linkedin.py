"""LinkedIn's ``Connections.csv`` (the current one and the older six-column one)."""

from __future__ import annotations

from netcare_desktop.core.record import (
    Email,
    Extra,
    Url,
)
from netcare_desktop.interop.csvformats.rows import (
    Row,
)
from netcare_desktop.interop.csvformats.values import (
    as_email,
    iso_date,
    parse_date,
)

CONNECTED_ON = "X-LINKEDIN-CONNECTED-ON"

# -- LinkedIn ---------------------------------------------------------------------------------


def map_linkedin(row: Row) -> None:
    rec = row.rec
    rec.given_name = row.get("first name")
    rec.family_name = row.get("last name")
    url = row.get("url", "profile url")
    if url:
        rec.linkedin_url = url
        rec.urls.append(Url(url, "LinkedIn"))
    for index in row.cols.by_name.get("email address", ()):
        value = row.at(index)
        address = as_email(value)
        if address:  # else a LinkedIn placeholder ("urn:li:member:123"): not an address
            rec.emails.append(Email(address))
    rec.organization = row.get("company")
    rec.title = row.get("position")
    connected = row.get("connected on")
    if connected:
        # Kept as the extra X-LINKEDIN-CONNECTED-ON (an ISO date, else the text as written),
        # so the store keeps it and every export writes it out again.
        try:
            d = parse_date(connected)
        except ValueError:
            d = None
        if d and d[0]:
            rec.connected_on = iso_date(d)
            rec.extras.append(Extra(CONNECTED_ON, {}, rec.connected_on))  # nothing to escape
        else:
            row.extra(CONNECTED_ON, connected)
    row.leftovers({})
