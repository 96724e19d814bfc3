"""vCard 2.1, 3.0 and 4.0: a tolerant reader and a strict writer.

Written for what real clients produce rather than only for the RFCs, and read
one card at a time so a broken value costs that value, a broken card costs
that card, and never the file.

References:
- vCard 2.1 (versit, 1996): bare parameters (``TEL;CELL;PREF``), quoted-printable
  with ``=`` soft line breaks, ``CHARSET``, base64 blocks ended by a blank line.
- RFC 2425 §5.8.1 and RFC 2426 (vCard 3.0): line folding, ``ENCODING=b``, escapes.
- RFC 6350 (vCard 4.0): §3.2 folding, §3.3 ABNF (params, quoted values), §3.4
  value escaping, §4.1 lists and structured values, §6.2.5 year-less dates,
  ``data:`` URIs (RFC 2397) for PHOTO.
- RFC 6868: ``^n`` ``^'`` ``^^`` in parameter values.

Apple's ``itemN.`` groups with ``X-ABLabel`` give labels to the property they
group; ``X-APPLE-OMIT-YEAR`` (and the bare year 1604) mean "year unknown".
Properties NetCare does not model are kept as :class:`Extra`s with their
original (escaped) value, so an export writes them back unchanged.

Speed: plain cards (UTF-8, no quoted-printable or CHARSET, nothing to report) take a fast
path, one regular expression over each unfolded card and their common properties mapped
inline; every other card is read line by line by the general reader.  Both give the same
records and issues (tests/interop/test_vcard_fast.py and the property tests compare them).
Reading the 10,000-card file of ``bench/import_bench.py`` (27.8 MB) takes about 0.5 s,
vobject 0.9.9 about 6 s to parse it.

The package, in the order a file is read and written:

- :mod:`.lines`: the file's bytes to cards of properties (decoding, unfolding, one line);
- :mod:`.params`: the one parameter parser and formatter (RFC 6868), shared with the CSV formats;
- :mod:`.values`: escapes, structured values, labels, dates, photos;
- :mod:`.cards`: one card to a :class:`ContactRecord`;
- :mod:`.fast`: the fast path for plain cards;
- :mod:`.reader`: :func:`iter_vcards`, :func:`read_vcards`;
- :mod:`.writer`: :func:`write_vcard` and its encoders.

Everything other modules use is re-exported here.
"""

from netcare_desktop.interop.vcard.cards import card_to_record
from netcare_desktop.interop.vcard.lines import (
    BLOCK,
    BOM,
    Property,
    RawCard,
    normalize_breaks,
    parse_line,
    read_raw_cards,
    to_utf8_bytes,
)
from netcare_desktop.interop.vcard.params import encode_param, format_params
from netcare_desktop.interop.vcard.reader import VcardResult, collect, iter_vcards, read_vcards
from netcare_desktop.interop.vcard.values import split_escaped, unescape
from netcare_desktop.interop.vcard.writer import (
    TEXT_SPECIALS,
    URI_SPECIALS,
    encode_value,
    escape_text,
    extra_problem,
    fold,
    keep_escaped,
    type_param,
    write_vcard,
    write_vcards,
)

# The old private name, for tests/interop/test_speedups.py (not this package's to change).
_normalize_breaks = normalize_breaks

__all__ = [
    "BLOCK",
    "BOM",
    "TEXT_SPECIALS",
    "URI_SPECIALS",
    "Property",
    "RawCard",
    "VcardResult",
    "_normalize_breaks",
    "normalize_breaks",
    "type_param",
    "card_to_record",
    "collect",
    "encode_param",
    "encode_value",
    "escape_text",
    "extra_problem",
    "fold",
    "format_params",
    "iter_vcards",
    "keep_escaped",
    "parse_line",
    "read_raw_cards",
    "read_vcards",
    "split_escaped",
    "to_utf8_bytes",
    "unescape",
    "write_vcard",
    "write_vcards",
]
