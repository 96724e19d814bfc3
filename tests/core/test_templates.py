"""Templates: rendering, and mailto: URLs that carry any text exactly and cannot inject headers."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare_desktop.core.kinds import Kind
from netcare_desktop.core.templates import (
    DEFAULT_TEMPLATES,
    FALLBACKS,
    MISSING_DROPS,
    PLACEHOLDERS,
    ComposeContext,
    Template,
    clean_address,
    context_values,
    last_topic_from,
    mailto_url,
    merge_with_defaults,
    no_company,
    parse_mailto,
    placeholder_help,
    render,
    suggested_template,
)

ADA = ComposeContext(
    first_name="Ada",
    name="Ada Lovelace",
    organization="Analytical Engines Ltd",
    title="Countess",
    last_topic="the notes on the engine",
    link="https://example.org/a?b=1&c=2#d",
)
EMPTY = ComposeContext(first_name="", name="", organization="", title="", last_topic="")
BY_KEY = {t.key: t for t in DEFAULT_TEMPLATES}

# What a mailto: URL built here may contain: the scheme, unreserved characters,
# percent escapes, and the few delimiters we put in ourselves.
URL_CHARS = re.compile(r"mailto:[-A-Za-z0-9._~%!$'*+@,]*(\?[-A-Za-z0-9._~%=&]*)?")


# -- templates --------------------------------------------------------------------------------


def test_the_defaults_cover_the_nourishing_touches():
    by_key = {t.key: t for t in DEFAULT_TEMPLATES}
    assert by_key["congratulate"].kind is Kind.CONGRATULATIONS
    assert by_key["share_article"].kind is Kind.ARTICLE_SHARED
    assert by_key["share_article"].uses("link")
    assert by_key["check_in"].kind is Kind.CHECK_IN
    assert by_key["check_in"].subject == "How are you doing, {first_name}?"
    assert by_key["check_in"].uses("last_topic")
    assert len(by_key) == len(DEFAULT_TEMPLATES)  # keys are unique


@pytest.mark.parametrize("template", DEFAULT_TEMPLATES, ids=lambda t: t.key)
def test_every_default_renders_completely_even_with_nothing_known(template):
    for ctx in (ADA, EMPTY):
        text = render(template.subject, ctx) + render(template.body, ctx)
        assert not re.search(r"\{[a-z_]+\}", text), text
    # Personal, with no hard-coded sender name: the mail app adds the signature.
    assert render(template.body, ADA).startswith("Hi Ada,")
    assert render(template.body, ADA).rstrip().endswith(",")


def test_render_fills_every_placeholder():
    text = "{first_name}|{name}|{organization}|{title}|{last_topic}|{link}"
    assert render(text, ADA) == (
        "Ada|Ada Lovelace|Analytical Engines Ltd|Countess|the notes on the engine|"
        "https://example.org/a?b=1&c=2#d"
    )
    assert set(PLACEHOLDERS) == {
        "first_name",
        "name",
        "organization",
        "title",
        "last_topic",
        "link",
    }
    help_text = placeholder_help()
    assert all("{" + key + "}" in help_text for key in PLACEHOLDERS)


def test_unknown_placeholders_and_stray_braces_stay_as_typed():
    text = "Hi {first_name}! {unknown} {First_Name} { first_name } {{first_name}} { } {} }{ {"
    assert render(text, ADA) == "Hi Ada! {unknown} {First_Name} { first_name } {Ada} { } {} }{ {"
    assert render("", ADA) == ""
    assert render("no placeholders at all", ADA) == "no placeholders at all"


def test_values_are_not_expanded_again():
    ctx = ComposeContext("{name}", "{first_name}", "{organization}", "", "{link}", "x")
    assert render("{first_name} {name} {organization} {last_topic}", ctx) == (
        "{name} {first_name} {organization} {link}"
    )


def test_empty_values_fall_back_to_something_that_reads():
    assert render("Hi {first_name},", EMPTY) == "Hi there,"
    # The first name falls back to the full name before "there".
    only_name = ComposeContext("", "Grace Hopper", "", "", "")
    assert render("Hi {first_name},", only_name) == "Hi Grace Hopper,"
    assert render("Last time: {last_topic}", EMPTY) == "Last time: what you were working on"
    assert render("See {link}", EMPTY) == "See [link]"
    assert set(FALLBACKS) | MISSING_DROPS == set(PLACEHOLDERS)
    assert all(FALLBACKS.values())


# Behaviour changed by issue 14: a missing organization, title or first name used to
# render as "work", "your role" or "there" anywhere; now its clause is dropped.
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "It is so well deserved, and everyone at {organization} is lucky to have you.",
            "It is so well deserved.",
        ),
        ("How are things at {organization}? I would love to hear.", "I would love to hear."),
        ("Happy birthday, {first_name}!", "Happy birthday!"),
        ("Thought of you when I read this, {first_name}", "Thought of you when I read this"),
        ("Dear {first_name},", "Dear,"),
        ("As {title} at {organization}, you know this.", "You know this."),
        ("I saw you joined {organization}!\n\nBest,", "Best,"),
        ("Hi {first_name},\n\nHow is {organization}?\n\nBye", "Hi there,\n\nBye"),
    ],
)
def test_a_missing_value_drops_its_clause(text, expected):
    assert render(text, EMPTY) == expected


@pytest.mark.parametrize(
    "company",
    [
        "Self Employed",
        "self-employed",
        "Self-Employed / Freelance",
        "Freelance",
        "Freelancer",
        "Independent",
        "-",
        "—",
        "N/A",
        "none",
        " . ",
        "Retired",
    ],
)
def test_an_organization_that_says_there_is_none_is_no_organization(company):
    assert no_company(company)
    ctx = replace(ADA, organization=company)
    body = render(BY_KEY["congratulate"].body, ctx)
    assert "everyone at" not in body and "  " not in body
    assert "It is so well deserved." in body


@pytest.mark.parametrize(
    "company", ["Analytical Engines Ltd", "Independent Bank", "Freelance.com", "Self Storage Co"]
)
def test_a_real_company_stays(company):
    assert not no_company(company)
    assert f"everyone at {company} is lucky" in render(
        BY_KEY["congratulate"].body, replace(ADA, organization=company)
    )


_WORD = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)
_NAME = st.one_of(st.just(""), st.just(" "), _WORD)
_COMPANY = st.one_of(st.sampled_from(["", "Self Employed", "-", "Freelance", " "]), _WORD)


@given(
    first=_NAME,
    name=_NAME,
    organization=_COMPANY,
    title=_COMPANY,
    topic=st.sampled_from(["", "the launch"]),
)
def test_the_defaults_read_naturally_whatever_is_missing(first, name, organization, title, topic):
    ctx = ComposeContext(first, name, organization, title, topic)
    values = context_values(ctx)
    for template in DEFAULT_TEMPLATES:
        for text in (render(template.subject, ctx), render(template.body, ctx)):
            assert not re.search(r"\{[a-z_]+\}", text), text
            # No gap where a value is missing: no doubled space, no space before
            # punctuation, no dangling "at", no comma before a full stop.
            assert "  " not in text and not re.search(r" [,.!?;:]|[,;:][.!?]|\bat[.!?,]", text), (
                text
            )
            assert not re.search(r"^[ ,.!?]", text, re.M), text
            assert "Self Employed" not in text and "Freelance" not in text
        if values["organization"] and "{organization}" in template.body:
            assert values["organization"] in render(template.body, ctx)
        assert render(template.body, ctx).startswith(f"Hi {values['first_name'] or 'there'},")


def test_values_are_one_line():
    ctx = ComposeContext(" Ada\n", "Ada\r\nLovelace", "A\tB", "", "line one\nline two")
    values = context_values(ctx)
    assert values["first_name"] == "Ada"
    assert values["name"] == "Ada Lovelace"
    assert values["organization"] == "A B"
    assert values["last_topic"] == "line one line two"


def test_last_topic_from_a_summary():
    assert last_topic_from("Talked about the   RFC draft.\n") == "Talked about the RFC draft"
    assert last_topic_from("") == ""
    assert last_topic_from("...") == ""


@given(st.text(max_size=200))
def test_render_never_raises_and_leaves_text_without_placeholders_alone(text):
    out = render(text, ADA)
    if "{" not in text:
        assert out == text


def test_suggested_template():
    assert suggested_template(Kind.CONGRATULATIONS) == "congratulate"
    assert suggested_template(Kind.ARTICLE_SHARED) == "share_article"
    assert suggested_template("birthday") == "birthday"
    assert suggested_template("keep_in_touch") == "check_in"
    assert suggested_template("anything else") == "check_in"
    keys = {t.key for t in DEFAULT_TEMPLATES}
    assert {
        suggested_template(k) for k in ("birthday", Kind.CHECK_IN, Kind.CONGRATULATIONS)
    } <= keys


def test_every_default_template_logs_its_own_kind_and_is_suggested_for_it():
    by_key = {t.key: t for t in DEFAULT_TEMPLATES}
    assert by_key["birthday"].kind is Kind.BIRTHDAY  # a birthday touch, not congratulations
    assert len({t.kind for t in DEFAULT_TEMPLATES}) == len(DEFAULT_TEMPLATES)
    for template in DEFAULT_TEMPLATES:
        assert suggested_template(template.kind) == template.key
    assert suggested_template(Kind.BIRTHDAY) == suggested_template("birthday") == "birthday"


def test_templates_round_trip_through_dicts_and_reject_damage():
    for t in DEFAULT_TEMPLATES:
        assert Template.from_dict(t.to_dict()) == t
    good = DEFAULT_TEMPLATES[0].to_dict()
    for bad in (
        None,
        [],
        "text",
        {**good, "kind": "telepathy"},
        {**good, "subject": 3},
        {k: v for k, v in good.items() if k != "body"},
        {**good, "key": "  "},
    ):
        with pytest.raises(ValueError):
            Template.from_dict(bad)
    # An empty name reads as the key rather than an empty list entry.
    assert Template.from_dict({**good, "name": " "}).name == good["key"]


def test_merge_keeps_the_persons_order_and_adds_missing_defaults():
    mine = Template("check_in", "Mine", Kind.CHECK_IN, "s", "b")
    extra = Template("thanks", "Thank you", Kind.NOTE, "Thanks", "Thank you!")
    merged = merge_with_defaults([extra, mine, Template("thanks", "dup", Kind.NOTE, "", "")])
    assert merged[:2] == [extra, mine]
    assert [t.key for t in merged[2:]] == [t.key for t in DEFAULT_TEMPLATES if t.key != "check_in"]


# -- mailto: ------------------------------------------------------------------------------------


def test_mailto_encodes_subject_and_body_exactly():
    subject = "Ça va, Zoë? 5% & more + = # 🙂"
    body = "Hi Zoë,\n\nRead this: https://ex.org/p?a=1&b=2#frag\r\nold\rmac\n100% + done & ?"
    url = mailto_url(["zoe@example.com"], subject, body)
    assert url == (
        "mailto:zoe@example.com"
        "?subject=%C3%87a%20va%2C%20Zo%C3%AB%3F%205%25%20%26%20more%20%2B%20%3D%20%23%20%F0%9F%99%82"
        "&body=Hi%20Zo%C3%AB%2C%0D%0A%0D%0ARead%20this%3A%20https%3A%2F%2Fex.org%2Fp%3Fa%3D1%26b%3D2"
        "%23frag%0D%0Aold%0D%0Amac%0D%0A100%25%20%2B%20done%20%26%20%3F"
    )
    assert URL_CHARS.fullmatch(url)
    to, headers = parse_mailto(url)
    assert to == ["zoe@example.com"]
    assert headers == {
        "subject": subject,
        "body": body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n"),
    }


def test_spaces_are_percent_encoded_never_plus():
    url = mailto_url(["a@example.com"], "a b+c", "x y")
    assert "+" not in url.split("?", 1)[1]
    assert parse_mailto(url)[1] == {"subject": "a b+c", "body": "x y"}


def test_mailto_without_subject_body_or_recipient():
    assert mailto_url(["a@example.com"]) == "mailto:a@example.com"
    assert mailto_url([], "Hi", "") == "mailto:?subject=Hi"
    assert mailto_url([], "", "") == "mailto:"
    assert parse_mailto("mailto:?subject=Hi") == ([], {"subject": "Hi"})


def test_a_subject_is_one_line():
    url = mailto_url(["a@example.com"], "Hello\r\nBcc: evil@example.com\u2028x", "")
    _, headers = parse_mailto(url)
    assert headers == {"subject": "Hello  Bcc: evil@example.com x"}
    assert "%0A" not in url and "%0D" not in url


def test_several_recipients_and_non_ascii_addresses():
    url = mailto_url(["ada@example.com", " grace@navy.mil ", "josé@bücher.de"], "s", "")
    assert url.startswith("mailto:ada@example.com,grace@navy.mil,jos%C3%A9@b%C3%BCcher.de?")
    assert parse_mailto(url)[0] == ["ada@example.com", "grace@navy.mil", "josé@bücher.de"]
    # Unusual but valid atext is encoded where the URI syntax needs it.
    url = mailto_url(["o'brien+news/x=y@example.com"], "", "")
    assert url == "mailto:o'brien+news%2Fx%3Dy@example.com"
    assert parse_mailto(url)[0] == ["o'brien+news/x=y@example.com"]


@pytest.mark.parametrize(
    "evil",
    [
        "a@b.c?bcc=evil@x.org",
        "a@b.c&bcc=evil@x.org",
        "a@b.c%0Abcc:evil@x.org",
        "a@b.c%0D%0ABcc: evil@x.org",
        "a@b.c\nbcc: evil@x.org",
        "a@b.c\r\nBcc: evil@x.org",
        "a@b.c,evil@x.org",
        "a@b.c;evil@x.org",
        "a@b.c#frag",
        "a@b.c?body=replaced",
        "Evil <evil@x.org>",
        "a b@c.d",
        "a@b@c.d",
        "no-at-sign",
        "@example.com",
        "a@",
        "a@.com",
        "a@b..c",
        ".a@b.c",
        "a.@b.c",
        "a@-b.c",
        "a@b_c.d",
        "a\x00@b.c",
        "a@b.c\u2028bcc:evil@x.org",
        '"quoted"@b.c',
        "a@[127.0.0.1]",
        "",
        "   ",
    ],
)
def test_addresses_that_could_inject_are_dropped(evil):
    assert clean_address(evil) is None
    url = mailto_url([evil, "ok@example.com"], "Hi", "Body")
    assert url == "mailto:ok@example.com?subject=Hi&body=Body"
    to, headers = parse_mailto(url)
    assert to == ["ok@example.com"]
    assert set(headers) == {"subject", "body"}


def test_text_that_looks_like_headers_stays_inside_its_field():
    body = "x&bcc=evil@x.org&to=evil@x.org\r\nBcc: evil@x.org?cc=evil#frag"
    url = mailto_url(["ok@example.com"], "s&cc=evil@x.org", body)
    assert URL_CHARS.fullmatch(url)
    to, headers = parse_mailto(url)
    assert to == ["ok@example.com"]
    assert headers == {"subject": "s&cc=evil@x.org", "body": body}
    assert url.count("&") == 1 and url.count("?") == 1 and "#" not in url


def test_parse_mailto_rejects_what_is_not_one():
    for bad in ("http://x", "mailto:a@b.c#x", "mailto:a@b.c?subject", "mailto:?a=1&a=2"):
        with pytest.raises(ValueError):
            parse_mailto(bad)
    assert parse_mailto("MAILTO:a@b.c?to=c@d.e&Subject=x") == (["a@b.c", "c@d.e"], {"subject": "x"})


# -- properties ------------------------------------------------------------------------------------

_LOCAL = st.text(
    st.characters(categories=["Lu", "Ll", "Nd", "Lo", "Mn"], max_codepoint=0x2FFF)
    | st.sampled_from("!$'*+-/=^_`{|}~"),
    min_size=1,
    max_size=12,
)
_LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
ADDRESSES = st.builds(
    lambda local, labels: f"{local}@{'.'.join(labels)}",
    _LOCAL,
    st.lists(_LABEL, min_size=1, max_size=3),
)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


@given(
    st.lists(ADDRESSES, max_size=3),
    st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=60),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
)
def test_any_text_round_trips_through_mailto(addresses, subject, body):
    url = mailto_url(addresses, subject, body)
    assert url.isascii() and URL_CHARS.fullmatch(url)
    to, headers = parse_mailto(url)
    assert to == addresses
    expected = {}
    if subject:
        expected["subject"] = subject
    if body:
        expected["body"] = _crlf(body)
    assert headers == expected


@given(st.lists(st.text(max_size=40), max_size=4), st.text(max_size=40), st.text(max_size=80))
def test_no_input_adds_a_header_or_a_recipient(addresses, subject, body):
    url = mailto_url(addresses, subject, body)
    assert url.isascii() and URL_CHARS.fullmatch(url)
    to, headers = parse_mailto(url)
    assert set(headers) <= {"subject", "body"}
    assert to == [a.strip() for a in addresses if clean_address(a)]
    for address in to:  # each recipient is a single plain address
        assert address.count("@") == 1 and not set(address) & set("?&#%,;<> \r\n")
    # The raw URL has exactly one "?" and one "&" at most: the ones put there.
    assert url.count("?") <= 1 and url.count("&") <= 1
    assert unquote(url.split("?", 1)[0]).count("@") == len(to)
