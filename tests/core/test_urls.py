"""Web addresses as shown: percent-escapes decoded where that is safe, each profile once."""

from __future__ import annotations

from urllib.parse import quote, unquote

from hypothesis import given
from hypothesis import strategies as st

from netcare_desktop.core.urls import readable_url, web_links


def test_linkedin_profiles_read_decoded():
    assert (
        readable_url("https://www.linkedin.com/in/jos%C3%A9") == "https://www.linkedin.com/in/josé"
    )
    assert readable_url(" https://www.linkedin.com/in/%E5%BC%A0%E4%BC%9F-123/ ") == (
        "https://www.linkedin.com/in/张伟-123/"
    )
    assert (
        readable_url("https://de.linkedin.com/in/m%c3%bcller")
        == "https://de.linkedin.com/in/müller"
    )
    assert readable_url("") == ""


def test_escapes_that_change_the_address_stay_escaped():
    # A space, a slash, a query or fragment mark, a percent sign and broken UTF-8.
    for url in (
        "https://example.org/a%20b",
        "https://example.org/a%2Fb",
        "https://example.org/a%3Fb%23c%26d%25e",
        "https://example.org/%C3",
        "https://example.org/%FF%FE",
        "https://example.org/%0A",
    ):
        assert readable_url(url) == url


@given(st.text(max_size=40))
def test_decoding_never_changes_the_address(path):
    url = "https://example.org/" + quote(path, safe="/")
    shown = readable_url(url)
    assert unquote(shown) == unquote(url)
    assert " " not in shown.strip() and "\n" not in shown


def test_the_linkedin_profile_is_shown_once():
    profile = "https://www.linkedin.com/in/jos%C3%A9"
    urls = [
        profile,
        "https://linkedin.com/in/JOS%C3%A9/",
        "https://jose.example",
        "https://jose.example",
    ]
    assert web_links(urls, profile) == ["https://jose.example"]
    # Without a LinkedIn field the profile stays among the web addresses, once and decoded.
    assert web_links(urls) == ["https://www.linkedin.com/in/josé", "https://jose.example"]
    assert web_links(["", "  "], "") == []
