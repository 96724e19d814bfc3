import pytest

from netcare_desktop.core.kinds import DEFAULT_DIRECTION, Direction, Kind, parse_kind
from netcare_desktop.core.names import display_name, initials, sort_key


def test_display_name_from_parts_and_fallbacks():
    assert display_name(given="Ada", family="Lovelace", prefix="Lady") == "Lady Ada Lovelace"
    assert display_name(given="Martin", family="King", suffix="Jr.") == "Martin King, Jr."
    assert display_name(organization="Riverside Book Club") == "Riverside Book Club"
    assert display_name(email="x@example.org") == "x@example.org"


def test_sort_key_ignores_case_and_accents_and_puts_family_first():
    assert sort_key("Zoë Álvarez", "Álvarez", "Zoë") == "alvarez zoe"
    assert sort_key("ACME") == "acme"


def test_initials():
    assert initials("Ada Lovelace") == "AL"
    assert initials("Ada Augusta King Lovelace") == "AL"
    assert initials("Cher") == "C"
    assert initials("") == "?"


def test_kinds_have_contract_identifiers_and_default_directions():
    assert {k.value for k in Kind} >= {
        "congratulations",
        "article_shared",
        "check_in",
        "status_update",
    }
    assert DEFAULT_DIRECTION[Kind.FAVOR_ASKED] is Direction.ASKED
    assert DEFAULT_DIRECTION[Kind.CONGRATULATIONS] is Direction.GAVE
    assert parse_kind("check-in") is Kind.CHECK_IN
    assert parse_kind("Article shared") is Kind.ARTICLE_SHARED
    with pytest.raises(ValueError, match="unknown interaction kind"):
        parse_kind("telepathy")
