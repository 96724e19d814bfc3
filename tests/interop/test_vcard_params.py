"""One parameter parser and one formatter for every reader and writer.

A property NetCare keeps as it was read (an :class:`Extra`) is written with its
parameters by the vCard export and, as a Google custom field labelled
``NAME;PARAM=value``, by the CSV export. Both go through ``vcard.params``: a hostile
parameter value comes back the same way from both, and as it was (line breaks as LF).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare_desktop.core.record import ContactRecord, Extra
from netcare_desktop.interop.csvformats import read_csv, write_google_csv
from netcare_desktop.interop.vcard import read_vcards, write_vcard
from netcare_desktop.interop.vcard.params import format_params, parse_param_text, parse_params

HOSTILE = [
    'a"b',  # a quote: ^' in RFC 6868 (the CSV path wrote it and read ^' back)
    '"quoted"',
    "a^b",  # a caret: ^^ (the CSV path wrote it bare)
    "^n",  # the two characters, not a line break
    "^'",
    "^^",
    "line\nbreak",  # ^n (the CSV path wrote the break itself and lost the property)
    "cr\rand\r\ncrlf",
    "a;b",
    "a,b",
    "a:b",
    " padded ",
    "back\\slash",
    'a\\"b',
    "trailing\\",
    "ünï € 中文",
    "=1+1",
    "TYPE=x",
    "END:VCARD",
]


def as_read(value: str) -> str:
    """What a reader gives back: every line break is one LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def via_vcard(extra: Extra) -> list[Extra]:
    rec = ContactRecord(display_name="P", extras=[extra])
    (back,) = read_vcards(write_vcard(rec).encode("utf-8"), "p.vcf").records
    return back.extras


def via_csv(extra: Extra) -> list[Extra]:
    rec = ContactRecord(display_name="P", extras=[extra])
    (back,) = read_csv(write_google_csv([rec]).encode("utf-8"), "p.csv").records
    return back.extras


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_parameter_value_comes_back_the_same_both_ways(value):
    extra = Extra("X-THING", {"X-P": [value], "TYPE": ["work", value]}, "kept")
    expected = [
        Extra("X-THING", {"X-P": [as_read(value)], "TYPE": ["work", as_read(value)]}, "kept")
    ]
    assert via_vcard(extra) == expected
    assert via_csv(extra) == expected


def test_a_parameter_without_a_value_stays_one_both_ways():
    """``;X-E=`` (the vCard writer wrote ``;X-E``, which reads back as TYPE=X-E)."""
    extra = Extra("X-THING", {"X-E": [], "X-F": ["f"]}, "kept")
    assert via_vcard(extra) == [extra]
    assert via_csv(extra) == [extra]


def test_a_grouped_property_with_parameters_comes_back_both_ways():
    extra = Extra("item1.X-ABDATE", {"TYPE": ["pref"], "X-NOTE": ["a;b:c"]}, "20200101")
    assert via_vcard(extra) == [extra]
    assert via_csv(extra) == [extra]


def test_a_csv_label_that_is_not_parameters_stays_a_label():
    """A Google custom field whose label only looks like a property is kept as a label."""
    text = "First Name,Custom Field 1 - Label,Custom Field 1 - Value\r\nAnn,X-FOO;bar,v\r\n"
    (rec,) = read_csv(text.encode(), "g.csv").records
    assert rec.extras == [Extra("X-CUSTOM-FIELD", {"TYPE": ["X-FOO;bar"]}, "v")]
    assert parse_param_text(";bar") is None
    assert parse_param_text(';X-Y="open') is None
    assert parse_param_text(";X-Y=a;TYPE=b,c") == {"X-Y": ["a"], "TYPE": ["b", "c"]}


params_strategy = st.dictionaries(
    st.sampled_from(["TYPE", "X-P", "X-SERVICE-TYPE", "LABEL"]),
    st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1), max_size=3),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(params_strategy)
def test_what_the_formatter_writes_the_parser_reads(params):
    text = format_params(params)
    expected = {k: [as_read(v) for v in vals] for k, vals in params.items()}
    assert parse_params(text[1:]) == expected
    assert parse_param_text(text) == expected
