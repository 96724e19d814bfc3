"""Message templates for the small touches, and the ``mailto:`` links that carry them.

NetCare never sends anything itself: a composed message goes to the person's
own mail client through a ``mailto:`` URL (RFC 6068), or to the clipboard for
LinkedIn and other messengers.

Rendering replaces the known ``{placeholder}``s and nothing else: an unknown
``{name}``, a stray brace or a ``{{`` stays exactly as the person typed it, so
template text can never make rendering fail (there is no escape syntax:
``{{first_name}}`` renders as ``{Ada}``).  A known placeholder whose value
is empty is never left as ``{...}``: the topic and the link fall back to a
short phrase (:data:`FALLBACKS`); a missing name, organization or title takes
its clause with it ("Happy birthday, {first_name}!" -> "Happy birthday!"), and
an organization such as "Self Employed" or "-" counts as missing.

``mailto_url`` is the only place a URL is built: addresses are validated
(anything that could smuggle a header, another recipient or a query is
dropped), subject and body are percent-encoded as UTF-8 with nothing left
unescaped but the unreserved characters, and line breaks in the body become
CRLF as RFC 6068 asks.  ``parse_mailto`` reads such a URL back; tests use it
to prove round trips.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

from netcare_desktop.core.kinds import Kind

# -- templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A message for one kind of touch; ``kind`` is what gets logged once it is sent."""

    key: str
    name: str
    kind: Kind
    subject: str
    body: str

    def uses(self, placeholder: str) -> bool:
        """Whether the subject or body contains ``{placeholder}``."""
        token = "{" + placeholder + "}"
        return token in self.subject or token in self.body

    def to_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind.value,
            "subject": self.subject,
            "body": self.body,
        }

    @classmethod
    def from_dict(cls, data: object) -> Template:
        """Read a saved template; raise ValueError when it is not one."""
        if not isinstance(data, Mapping):
            raise ValueError("a template is a JSON object")
        values = {}
        for field in ("key", "name", "kind", "subject", "body"):
            value = data.get(field)
            if not isinstance(value, str):
                raise ValueError(f"template field {field!r} is missing or not text")
            values[field] = value
        if not values["key"].strip():
            raise ValueError("a template needs a key")
        return cls(
            key=values["key"],
            name=values["name"].strip() or values["key"],
            kind=Kind(values["kind"]),  # ValueError for an unknown kind
            subject=values["subject"],
            body=values["body"],
        )


DEFAULT_TEMPLATES: tuple[Template, ...] = (
    Template(
        key="congratulate",
        name="Congratulate",
        kind=Kind.CONGRATULATIONS,
        subject="Congratulations, {first_name}!",
        body=(
            "Hi {first_name},\n"
            "\n"
            "I just saw the good news — congratulations! It is so well deserved, "
            "and everyone at {organization} is lucky to have you.\n"
            "\n"
            "If there is anything I can do to help as you settle in, just say the word.\n"
            "\n"
            "Warm regards,\n"
        ),
    ),
    Template(
        key="share_article",
        name="Share an article",
        kind=Kind.ARTICLE_SHARED,
        subject="Thought of you when I read this, {first_name}",
        body=(
            "Hi {first_name},\n"
            "\n"
            "I came across this and thought of you straight away:\n"
            "\n"
            "{link}\n"
            "\n"
            "It reminded me of our conversation about {last_topic}. No need to reply — "
            "I just thought you would enjoy it.\n"
            "\n"
            "All the best,\n"
        ),
    ),
    Template(
        key="check_in",
        name="Check in",
        kind=Kind.CHECK_IN,
        subject="How are you doing, {first_name}?",
        body=(
            "Hi {first_name},\n"
            "\n"
            "It has been a while, and I was thinking of you. Last time we talked about "
            "{last_topic}, and I have been wondering how that turned out.\n"
            "\n"
            "How are things at {organization}? I would love to hear what you are up to "
            "these days — and if there is anything I can help with, just ask.\n"
            "\n"
            "Best,\n"
        ),
    ),
    Template(
        key="birthday",
        name="Birthday wishes",
        kind=Kind.BIRTHDAY,
        subject="Happy birthday, {first_name}!",
        body=(
            "Hi {first_name},\n"
            "\n"
            "Happy birthday! I hope the day brings you good company and a little time "
            "for yourself, and that the year ahead is a great one.\n"
            "\n"
            "Warmly,\n"
        ),
    ),
)

# Each default template is suggested for the kind it logs (Birthday wishes for a
# birthday touch, which is also the reminder kind's word), then what suits each reminder
# (core.reminders.ReminderKind values).
_SUGGESTED = {t.kind.value: t.key for t in DEFAULT_TEMPLATES} | {
    "keep_in_touch": "check_in",
    "follow_up": "check_in",
}


def suggested_template(kind_or_reason: str) -> str:
    """The key of the template that suits an interaction kind or a reminder kind.

    Accepts a :class:`Kind` or a reminder kind value (``"birthday"``,
    ``"keep_in_touch"``, ``"follow_up"``); anything else suggests the check-in.
    """
    return _SUGGESTED.get(str(kind_or_reason), "check_in")


def merge_with_defaults(saved: Iterable[Template]) -> list[Template]:
    """The saved templates in their order (first of each key wins), then any default missing."""
    out: list[Template] = []
    seen: set[str] = set()
    for template in saved:
        if template.key not in seen:
            seen.add(template.key)
            out.append(template)
    out.extend(t for t in DEFAULT_TEMPLATES if t.key not in seen)
    return out


# -- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComposeContext:
    """What a template can say about the person it is written to."""

    first_name: str
    name: str
    organization: str
    title: str
    last_topic: str
    link: str = ""


PLACEHOLDERS: dict[str, str] = {
    "first_name": "Their given name (their display name when the given name is not known)",
    "name": "Their full name, as shown in NetCare",
    "organization": "Where they work, or the organization you know them from",
    "title": "Their job title or role",
    "last_topic": "The summary of the latest interaction you logged with them",
    "link": "The link you paste into the Link field (for sharing an article)",
}

# What an empty value renders as, for the placeholders whose sentence still reads with
# it ("our conversation about what you were working on").  The others (MISSING_DROPS)
# take their clause with them: "…so well deserved, and everyone at {organization} is
# lucky to have you." loses ", and everyone at … you" when no company is known, and
# "Happy birthday, {first_name}!" becomes "Happy birthday!".  Only a greeting keeps a
# word: "Hi {first_name}," reads "Hi there,".
FALLBACKS: dict[str, str] = {
    "last_topic": "what you were working on",
    "link": "[link]",
}
MISSING_DROPS = frozenset({"first_name", "name", "organization", "title"})
GREETING_FALLBACK = "there"

# An organization that says there is none ("Self-Employed", "Freelance", "-").
_NO_COMPANY = frozenset(
    {
        "selfemployed",
        "self",
        "freelance",
        "freelancer",
        "freelancing",
        "independent",
        "independentconsultant",
        "independentcontractor",
        "selfemployedfreelance",
        "unemployed",
        "retired",
        "none",
        "na",
        "notapplicable",
        "nil",
        "null",
        "private",
        "confidential",
        "various",
        "opentowork",
        "lookingforwork",
        "unknown",
    }
)

_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SPACES_RE = re.compile(r"\s+")
_NOT_WORD_RE = re.compile(r"[\W_]+")


def no_company(organization: str) -> bool:
    """Whether an organization field says there is none: "Self Employed", "-", "N/A"…"""
    key = _NOT_WORD_RE.sub("", (organization or "").casefold())
    return not key or key in _NO_COMPANY


def placeholder_help() -> str:
    """One line per placeholder, for the template editor's help text."""
    return "\n".join(f"{{{key}}} — {text}" for key, text in PLACEHOLDERS.items())


def _known(values: dict[str, str]) -> dict[str, str]:
    """Values that say something; "" for the missing ones (see MISSING_DROPS)."""
    if no_company(values["organization"]):
        values["organization"] = ""
    if not _NOT_WORD_RE.sub("", values["title"]):
        values["title"] = ""  # "-", "." and the like
    if not values["first_name"]:
        values["first_name"] = values["name"]
    return values


def context_values(ctx: ComposeContext) -> dict[str, str]:
    """The text each placeholder stands for, one line each.

    ``last_topic`` and ``link`` fall back to a phrase (:data:`FALLBACKS`); the
    others are "" when not known, and :func:`render` drops their clause.
    """
    raw = {
        "first_name": ctx.first_name,
        "name": ctx.name,
        "organization": ctx.organization,
        "title": ctx.title,
        "last_topic": ctx.last_topic,
        "link": ctx.link,
    }
    values = _known({k: _SPACES_RE.sub(" ", v or "").strip() for k, v in raw.items()})
    return {k: v or FALLBACKS.get(k, "") for k, v in values.items()}


# A clause ends at , ; : or a dash; a sentence at . ! ? (before a space or the end of
# the line) or at the line's end.
_LEFT_RE = re.compile(r"[.!?]\s+|[,;:\u2014\u2013]\s*|\s-\s")
_RIGHT_RE = re.compile(r"[.!?](?=\s|$)|[,;:\u2014\u2013]|\s-\s")
_GREETING_RE = re.compile(r"\s*([^\W\d_]+)\s+")  # "Hi ", "Dear ", "Hello "
_GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "howdy"})  # "Hi there," reads


def _drop(text: str, start: int, end: int) -> str:
    """``text`` without the clause around the missing placeholder at ``start:end``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    before, after = text[line_start:start], text[end:line_end]
    ends_here = not after.strip() or after[0] in ".!?,;:"
    # "Congratulations, {first_name}!" -> "Congratulations!"
    vocative = re.search(r",\s*$", before)
    if vocative and before[: vocative.start()].strip() and ends_here:
        return text[: line_start + vocative.start()] + text[end:]
    # "Hi {first_name}," -> "Hi there,"; "Dear {first_name}," -> "Dear,"
    greeting = _GREETING_RE.fullmatch(before)
    if greeting and ends_here and text[start + 1 : end - 1] in ("first_name", "name"):
        if greeting.group(1).casefold() in _GREETINGS:
            return text[:start] + GREETING_FALLBACK + text[end:]
        return text[: line_start + greeting.end(1)] + text[end:]
    lefts = list(_LEFT_RE.finditer(before))
    left = lefts[-1] if lefts else None
    right = _RIGHT_RE.search(after)
    r_at = line_start + len(before) + (end - start) + right.start() if right else line_end
    if left is not None and left.group(0)[0] not in ".!?":
        # Inside a sentence: from the separator before to the punctuation after.
        return text[: line_start + left.start()] + text[r_at:]
    # A whole sentence, or the sentence's first clause.
    l_at = line_start + (left.end() if left else 0)
    if right is None:
        return text[:l_at].rstrip(" \t") + text[line_end:]
    rest = text[r_at + len(right.group(0)) :].lstrip(" \t")
    if right.group(0)[0] not in ".!?" and rest[:1].islower():
        rest = rest[0].upper() + rest[1:]  # "At {organization}, things…" -> "Things…"
    head = text[:l_at]
    if head.endswith("\n") and rest.startswith("\n") and not text[l_at:r_at].count("\n"):
        rest = rest[1:]  # the line is gone, not left empty
    return head + rest


def render(text: str, ctx: ComposeContext) -> str:
    """Replace the known ``{placeholder}``s in ``text``; leave everything else as it is.

    A placeholder with nothing to say (:data:`MISSING_DROPS`) takes its clause
    with it, so the text reads as if written without it.  One pass for the
    values: a value that itself contains ``{first_name}`` is not expanded again.
    """
    values = context_values(ctx)
    dropped, starts_on_a_line = False, not text.startswith("\n")
    while True:
        missing = next(
            (
                m
                for m in _PLACEHOLDER_RE.finditer(text)
                if m.group(1) in MISSING_DROPS and not values[m.group(1)]
            ),
            None,
        )
        if missing is None:
            break
        text = _drop(text, missing.start(), missing.end())
        dropped = True
    if dropped:
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        if starts_on_a_line:
            text = text.lstrip("\n")

    def sub(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return _PLACEHOLDER_RE.sub(sub, text)


def last_topic_from(summary: str) -> str:
    """An interaction summary as a topic: one line, without a closing full stop."""
    return _SPACES_RE.sub(" ", summary or "").strip().rstrip(".;:, ").strip()


# -- mailto: (RFC 6068) --------------------------------------------------------------------

# Some clients (and Windows' shell) cut mailto: URLs longer than about this.
MAILTO_SAFE_LENGTH = 2000

# An address is one addr-spec, nothing more.  Local part: letters, marks and digits
# of any script, and the atext punctuation that cannot start a query, a fragment, a
# header, an escape or a second address — so no ? & # % , ; : < > ( ) " \\ [ ] and
# no whitespace or control character.  Domain: dot-separated labels of letters,
# marks, digits and inner hyphens.
_LOCAL_PUNCT = frozenset("!$'*+-/=^_`{|}~")
_ADDRESS_MAX = 254
# Characters left unescaped in an address (beyond unreserved): RFC 6068's some-delims
# that are also atext.  Everything else, non-ASCII included, is percent-encoded UTF-8.
_ADDRESS_SAFE = "!$'*+"


def _word_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum()
    return unicodedata.category(ch)[0] in "LMN"


def _dot_atoms(text: str, allowed_punct: frozenset[str]) -> list[str] | None:
    parts = text.split(".")
    for part in parts:
        if not part or not all(_word_char(ch) or ch in allowed_punct for ch in part):
            return None
    return parts


def clean_address(address: str) -> str | None:
    """The address, trimmed, when it is a single plain ``local@domain``; else None.

    Rejected: anything with a line break, a control character, whitespace
    inside, a second ``@``, or a character such as ``? & # % , ;`` that a mail
    client could read as the start of a header, a query or another recipient.
    """
    if not isinstance(address, str):
        return None
    text = address.strip()
    if not text or len(text) > _ADDRESS_MAX or text.count("@") != 1:
        return None
    local, domain = text.split("@")
    if _dot_atoms(local, _LOCAL_PUNCT) is None:
        return None
    labels = _dot_atoms(domain, frozenset("-"))
    if labels is None or any(label.startswith("-") or label.endswith("-") for label in labels):
        return None
    return text


def _encode_address(address: str) -> str:
    local, domain = address.split("@")
    # Non-ASCII domains travel as percent-encoded UTF-8 (lossless; the mail client
    # converts to A-labels when it sends).
    return quote(local, safe=_ADDRESS_SAFE) + "@" + quote(domain, safe="")


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _is_break_or_control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029"


def _one_line(text: str) -> str:
    """A subject is one line: line breaks (and any control character) become spaces."""
    return "".join(" " if _is_break_or_control(ch) else ch for ch in text)


def mailto_url(to: Iterable[str], subject: str = "", body: str = "") -> str:
    """A ``mailto:`` URL that opens a draft to ``to`` with this subject and body.

    Invalid or unsafe addresses are dropped (see :func:`clean_address`); the
    URL then simply has fewer recipients, never an extra header.  The subject
    is flattened to one line; the body's line breaks become CRLF.  Both are
    percent-encoded as UTF-8 (spaces as ``%20``, never ``+``), so ``& ? # = %
    +``, non-ASCII text and line breaks arrive exactly.
    """
    addresses = [a for a in (clean_address(x) for x in to) if a is not None]
    url = "mailto:" + ",".join(_encode_address(a) for a in addresses)
    fields = []
    subject = _one_line(subject)
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        fields.append("body=" + quote(_crlf(body), safe=""))
    if fields:
        url += "?" + "&".join(fields)
    return url


def parse_mailto(url: str) -> tuple[list[str], dict[str, str]]:
    """Read a ``mailto:`` URL back: (recipients, headers by lower-case name).

    A ``to`` header's addresses join the recipients.  Values are decoded from
    UTF-8; line breaks are left as they are (CRLF).  Raises ValueError when the
    text is not a ``mailto:`` URL.
    """
    if not url.lower().startswith("mailto:"):
        raise ValueError("not a mailto: URL")
    rest = url[len("mailto:") :]
    if "#" in rest:
        raise ValueError("a mailto: URL has no fragment")
    path, _, query = rest.partition("?")

    def addresses(text: str) -> list[str]:
        return [unquote(part, errors="strict") for part in text.split(",") if part]

    to = addresses(path)
    headers: dict[str, str] = {}
    if query:
        for field in query.split("&"):
            name, eq, value = field.partition("=")
            if not eq:
                raise ValueError(f"malformed header field {field!r}")
            key = unquote(name, errors="strict").lower()
            if key == "to":
                to.extend(addresses(value))
                continue
            if key in headers:
                raise ValueError(f"header {key!r} appears twice")
            headers[key] = unquote(value, errors="strict")
    return to, headers
