"""The vCard corpus tests' expectations: matchers, the facts a card is compared by, shared texts.

The expectations themselves are in vcard_corpus_files_a.py, _b.py and _c.py; the
conventions they share with the reader are in test_vcard_corpus.py's docstring.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from netcare_desktop.core.record import Address, ContactRecord

# -- matchers ---------------------------------------------------------------------------


class OneOf:
    """Equal to any of the given values (for facts a file leaves open)."""

    def __init__(self, *options: object) -> None:
        self.options = options

    def __eq__(self, other: object) -> bool:
        return any(other == o for o in self.options)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OneOf{self.options!r}"


class Has:
    """A string containing ``part`` (case-insensitive): a fax number's label must say "fax"."""

    def __init__(self, part: str) -> None:
        self.part = part.lower()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.part in other.lower()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Has({self.part!r})"


class InOrder:
    """Text that holds each part, in this order (several NOTEs joined by the reader)."""

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return False
        pos = 0
        for part in self.parts:
            found = other.find(part, pos)
            if found < 0:
                return False
            pos = found + len(part)
        return len(other) <= sum(len(p) for p in self.parts) + 4 * len(self.parts)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"InOrder{self.parts!r}"


FAX = Has("fax")
PAGER = Has("pager")

# -- expectations -----------------------------------------------------------------------


def E(value: str, label: object = "", pref: bool = False) -> tuple:  # noqa: N802
    return (value, label, pref)


def P(value: str, label: object = "") -> tuple:  # noqa: N802
    return (value, label)


def U(value: str, label: object = "") -> tuple:  # noqa: N802
    return (value, label)


def A(  # noqa: N802
    label: object = "",
    po_box: str = "",
    extended: str = "",
    street: str = "",
    locality: str = "",
    region: str = "",
    postal_code: str = "",
    country: str = "",
) -> Address:
    return Address(label, po_box, extended, street, locality, region, postal_code, country)


@dataclass
class Card:
    line: int = 1
    display_name: object = ""
    given_name: object = ""
    family_name: object = ""
    middle_name: object = ""
    prefix: object = ""
    suffix: object = ""
    nickname: object = ""
    organization: object = ""
    department: object = ""
    title: object = ""
    birthday: tuple | None = None  # (year or None, month, day)
    notes: object = ""
    emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    urls: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    groups: object = field(default_factory=list)
    uid: str = ""
    photo: tuple | None = None  # (length, sha256[:16], mime)
    photo_url: str = ""
    linkedin_url: str = ""
    # not compared as a whole: names that must be among rec.extras (a name twice: two extras)
    extras: list[str] = field(default_factory=list)
    extra_values: dict[str, str] = field(default_factory=dict)  # name -> part of its value
    extra_params: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def facts(self) -> dict:
        return {k: getattr(self, k) for k in FACT_FIELDS}


@dataclass
class Expect:
    cards: list[Card]
    issues: list[tuple] = field(default_factory=list)  # (line or tuple of lines, text, skipped)
    total: int | None = None  # cards in the file, skipped ones included

    @property
    def card_count(self) -> int:
        return self.total if self.total is not None else len(self.cards)


def _nl(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def facts(rec: ContactRecord) -> dict:
    """What a record says, in the shape of ``Card.facts()``."""
    birthday = None
    if rec.birthday_month is not None:
        birthday = (rec.birthday_year, rec.birthday_month, rec.birthday_day)
    photo = None
    if rec.photo is not None:
        photo = (len(rec.photo), hashlib.sha256(rec.photo).hexdigest()[:16], rec.photo_mime)
    return {
        "line": rec.line,
        "display_name": rec.display_name,
        "given_name": rec.given_name,
        "family_name": rec.family_name,
        "middle_name": rec.middle_name,
        "prefix": rec.prefix,
        "suffix": rec.suffix,
        "nickname": rec.nickname,
        "organization": rec.organization,
        "department": rec.department,
        "title": rec.title,
        "birthday": birthday,
        "notes": _nl(rec.notes),
        "emails": [(e.value, e.label, e.preferred) for e in rec.emails],
        "phones": [(p.value, p.label) for p in rec.phones],
        "urls": [(u.value, u.label) for u in rec.urls],
        "addresses": [
            Address(
                a.label,
                *(
                    _nl(x)
                    for x in (
                        a.po_box,
                        a.extended,
                        a.street,
                        a.locality,
                        a.region,
                        a.postal_code,
                        a.country,
                    )
                ),
            )
            for a in rec.addresses
        ],
        "groups": list(rec.groups),
        "uid": rec.uid,
        "photo": photo,
        "photo_url": rec.photo_url,
        "linkedin_url": rec.linkedin_url,
    }


FACT_FIELDS = list(facts(ContactRecord()))

# -- shared texts -------------------------------------------------------------------------

BSD = (
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY '
    "EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF "
    "MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE "
    "COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, "
    "EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF "
    "SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) "
    "HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR "
    "TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS "
    "SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
)
OUTLOOK_NOTE = (
    "THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS'' AND ANY EXPRESS OR IMPLIED "
    "WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND "
    "FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL GEORGE EL-HADDAD OR "
    "CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR "
    "CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR "
    "SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON "
    "ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING "
    "NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF "
    "ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
)
LOTUS_NOTE = (
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"\n'
    "AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO , THE\n"
    "IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR P URPOSE\n"
    "ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTOR S BE\n"
    "LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR\n"
    "CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF\n"
    " SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS \n"
    "INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN\n"
    " CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)\n"
    "A RISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE\n"
    " POSSIBILITY OF SUCH DAMAGE."
)
FAVOURITE = "\nFavotire Color: Blue"
CJK = "十城目管理大型知座"  # eds__libebook-vcard-5.vcf, every value
N_TILDE = "Ñ"
ANDROID_NOTE = ("Ñ " * 7 + "Ñ") * 2 + "Ñ Ñ Ñ Ñ Ñ"  # "=C3=91=" soft breaks glue two Ñ
RIBBON_PNG = (72, "98519c2e8c4cfcf5", "image/png")  # radicale's 1x1 data: URI PNG

# Half-width katakana reading of 山田 太郎, written raw in Shift_JIS.
SJIS_READING = "ﾔﾏﾀﾞ;ﾀﾛｳ"
