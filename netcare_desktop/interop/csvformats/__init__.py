"""CSV contacts: LinkedIn, Google Contacts, Outlook, and any other CSV through a column mapping.

Reading is tolerant: the bytes are decoded by sniffing (UTF-8 BOM, UTF-16/32 BOM or NUL
pattern, UTF-8, else a local code page found by charset-normalizer when it decodes to a
non-Latin script, else Windows-1252), the delimiter is the one (comma, semicolon, tab) that
splits the first rows most consistently, the CSV is split by a small tokeniser of our own that knows
the physical line where every row starts (quoted cells may span lines) and resynchronises after
an unterminated quote instead of swallowing the rest of the file, and every row is mapped on its
own: a row that cannot be read costs that row (an :class:`Issue` with its line), a value that
cannot be read costs that value.

Formats, recognised from the header alone by a score (of the formats whose required
columns are there, the one whose reader knows most columns; never one shared name):

- ``linkedin``: LinkedIn's ``Connections.csv`` (the current one with its "Notes:" preamble and a
  URL column, and the older six-column one).
- ``google``: Google Contacts, the current header ("First Name", "Labels", "E-mail 1 - Label")
  and the legacy one ("Given Name", "Group Membership", "E-mail 1 - Type"). Several values in
  one cell are joined with " ::: "; a label starting with "* " marks the primary value
  ("* Work" is a preferred email labelled "Work"); "* myContacts" is the label everyone has.
- ``outlook``: Outlook desktop, Outlook.com and Google's "Outlook CSV" export. "Title" is the
  name prefix there, "Job Title" the title; dates are M/D/YYYY and "0/0/00" means none.
- ``thunderbird``: Thunderbird's address-book export, English, German or French header, or
  any translation by its fixed 37-column layout; "Custom 1".."4" are ``X-CUSTOM1``..``4``.
- ``khard``: khard's CSV ("Email 1 - value", "Additional 1", "Organisation 1"...).
- ``generic``: anything else; it needs a mapping (column -> one of :data:`FIELDS`), which
  :func:`suggest_mapping` proposes from the column names (``read_csv(guess=True)``, as the
  command line does, uses that guess and refuses a file with no known column name).
  A column mapped to nothing is kept as an ``X-<COLUMN-NAME>`` extra.

Values NetCare does not model (a Google event or relation, an Outlook "Hobby") are kept as
:class:`Extra`s with a vCard-style name and escaped value, so a vCard export keeps them:
an anniversary is ``ANNIVERSARY`` (basic ISO date), other events ``X-EVENT;TYPE=<label>``,
relations ``RELATED;VALUE=text;TYPE=<label>``, Google custom fields
``X-CUSTOM-FIELD;TYPE=<label>``, phonetic names ``X-PHONETIC-FIRST-NAME`` (-MIDDLE-, -LAST-),
IM addresses ``X-IM``, LinkedIn's Connected On ``X-LINKEDIN-CONNECTED-ON`` (besides
``connected_on``: the store keeps extras), and any other non-empty column ``X-<COLUMN-NAME>``.
:func:`write_google_csv` writes all of them back: events, relations and custom fields in
their columns, phonetic names in theirs, and any other extra as a custom field labelled with its
vCard name and parameters ("X-HOBBY", "item1.X-ABDATE;TYPE=pref"), which reads back as that
extra. ``connected_on`` becomes an event labelled "Connected on LinkedIn" (read back likewise).

Spreadsheet formulas (OWASP "CSV injection"): :func:`write_google_csv` writes any cell that
begins with ``=`` ``+`` ``-`` ``@`` TAB or CR with a single quote before it, so a spreadsheet
shows it as text and never runs it; a cell that begins with quotes followed by one of those
gets one quote more (Google's year-less birthday ``--MM-DD``, digits and minus signs only, is
written as it is), so reading is unambiguous: :func:`read_csv` removes one leading quote
from a Google-format cell made of quotes and then one of those characters, and nothing else.
A phone number such as +44 20 7946 0000 is written '+44 20 7946 0000: a spreadsheet shows it
with the apostrophe, as text (not the formula "=44 20 7946 0000", nor the number
442079460000); NetCare's import gives back +44 20 7946 0000.

Pure Python: no Qt, no database.

The package: :mod:`.sniff` (decoding, the tokeniser, the header and the format),
:mod:`.guess` (a generic file's mapping from its column names), :mod:`.values` (dates,
emails, labels, the formula guard), :mod:`.rows` (one row's cells by column), one module
per dialect (:mod:`.linkedin`, :mod:`.google` with the writer, :mod:`.outlook`,
:mod:`.generic`), and :mod:`.reader` (:func:`read_csv`). Kept properties' parameters are
read and written by the vCard package's one parser and formatter. Everything other
modules use is re-exported here.
"""

from netcare_desktop.interop.csvformats.generic import FIELDS
from netcare_desktop.interop.csvformats.google import (
    GOOGLE_HEADER_BASE,
    google_header,
    write_google_csv,
)
from netcare_desktop.interop.csvformats.guess import suggest_mapping
from netcare_desktop.interop.csvformats.reader import FORMATS, CsvResult, read_csv
from netcare_desktop.interop.csvformats.sniff import decode_bytes, detect_format
from netcare_desktop.interop.csvformats.values import (
    cell_text,
    neutralise,
    parse_date,
    unneutralise,
)

__all__ = [
    "FIELDS",
    "FORMATS",
    "GOOGLE_HEADER_BASE",
    "CsvResult",
    "cell_text",
    "decode_bytes",
    "detect_format",
    "google_header",
    "neutralise",
    "parse_date",
    "read_csv",
    "suggest_mapping",
    "unneutralise",
    "write_google_csv",
]
