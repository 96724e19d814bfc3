"""Three kinds of value real files hold that the reader used to lose (issue 15): phone
values without a digit, KAddressBook's ``X-messaging/<service>-All`` chat addresses, and a
lone CR inside a value of a CRLF file (Thunderbird).

The fixtures (tests/fixtures/issue15/exports/) are this project's own.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from netcare_desktop.core.keys import phone_key
from netcare_desktop.core.phones import normalize_phone
from netcare_desktop.interop import importer
from netcare_desktop.interop.exporter import export
from netcare_desktop.interop.planning import Plan
from netcare_desktop.interop.vcard import write_vcard
from tests.interop.vcard_helpers import both_ways, vcf

FIXTURES = Path(__file__).parent.parent / "fixtures" / "issue15" / "exports"
NOW = datetime(2026, 11, 25, 12)


def _import(path: Path, region: str = "GB") -> Plan:
    plan = importer.plan_import([importer.read_file(path)], region=region)
    importer.apply_plan(plan, NOW)
    return plan


def _phones_by_name() -> dict[str, list[str]]:
    out = io.StringIO()
    export("json", out, NOW)
    return {
        c["display_name"]: [p["value"] for p in c["phones"]]
        for c in json.loads(out.getvalue())["contacts"]
    }


# -- phone values without a digit --------------------------------------------------------------


def test_a_phone_without_digits_has_no_number_key():
    assert normalize_phone("reception desk", "GB") == ""
    assert phone_key("reception desk", "", "GB") == ""  # never a matching key


def test_phone_values_without_digits_are_kept_as_text_and_never_one_number(store):
    """Two different no-digit values of one contact are two values (the second one was
    dropped as "the same number": both have no digits), and three people sharing
    "reception desk" stay three people."""
    plan = _import(FIXTURES / "no-digit-phones.vcf")
    assert [it.action for it in plan.items] == ["new", "new", "new"]
    phones = _phones_by_name()
    assert phones == {
        "Ada Front": ["reception desk", "ask the porter"],
        "Bo Back": ["reception desk"],
        "Cy Side": ["reception desk"],
    }
    _import(FIXTURES / "no-digit-phones.vcf")  # again: nothing doubled, nothing merged
    assert _phones_by_name() == phones


@pytest.mark.xfail(
    strict=True,
    reason="interop/matching.py (not this part's file): the merge preview skips a phone "
    "whose key is empty, so a no-digit value added by a merge is not listed",
)
def test_a_merge_lists_the_no_digit_phone_it_adds(store, tmp_path):
    _import(FIXTURES / "no-digit-phones.vcf")
    later = tmp_path / "later.vcf"
    later.write_bytes(vcf("FN:Ada Front", "EMAIL:ada@example.org", "TEL:night porter"))
    plan = _import(later)
    assert [it.changes for it in plan.items] == [["+ phone night porter"]]


# -- KAddressBook's chat addresses --------------------------------------------------------------


def test_kaddressbook_chat_addresses_are_read_and_written_as_impp():
    rec = both_ways((FIXTURES / "kaddressbook-messaging.vcf").read_bytes())
    assert [(x.name, x.value) for x in rec.extras] == [
        ("IMPP", "xmpp:konqi@jabber.example.org"),
        ("IMPP", "irc:konqi"),
        ("X-TWITTER", "konqi_kde"),  # no IMPP scheme: KContacts' own name for it
        ("IMPP", "skype:konqi.dragon"),
    ]
    card = write_vcard(rec, "4.0")
    assert "IMPP:xmpp:konqi@jabber.example.org\r\n" in card
    assert "IMPP:irc:konqi\r\n" in card
    assert "/" not in "".join(line.partition(":")[0] for line in card.splitlines())


def test_kaddressbook_chat_addresses_survive_an_import(store):
    _import(FIXTURES / "kaddressbook-messaging.vcf")
    out = io.StringIO()
    export("vcf", out, NOW)
    assert "IMPP:xmpp:konqi@jabber.example.org\r\n" in out.getvalue()
    assert "X-TWITTER:konqi_kde\r\n" in out.getvalue()


# -- a lone CR in a CRLF file -------------------------------------------------------------------


def test_a_lone_cr_inside_a_value_of_a_crlf_file_is_part_of_the_value():
    rec = both_ways((FIXTURES / "thunderbird-lone-cr.vcf").read_bytes())
    assert rec.notes == "first\nsecond"
    assert [(x.name, x.value) for x in rec.extras] == [("X-MOZILLA-CUSTOM3", "custom\\n3")]
    assert [p.value for p in rec.phones] == ["+44 20 7946 0101"]


def test_a_lone_cr_before_a_property_still_ends_the_line():
    """Files with mixed line ends (and classic Mac files) keep their CR line ends."""
    rec = both_ways(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mixed\rNOTE:a\rb\r\nEND:VCARD\r\n")
    assert (rec.display_name, rec.notes) == ("Mixed", "a\nb")
    mac = both_ways(b"BEGIN:VCARD\rVERSION:3.0\rFN:Mac\rNOTE:one\rEND:VCARD\r")
    assert (mac.display_name, mac.notes) == ("Mac", "one")
