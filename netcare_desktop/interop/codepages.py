"""Which code page a file without CHARSET was written in: a guess checked against the text.

vCard 2.1 files from Outlook and phones in Greek, Cyrillic, Hebrew, Arabic, Central
European or East Asian locales often say nothing about their code page; read as
Windows-1252 their names come out as mojibake ("ÂáããÝëçò" for "Βαγγέλης").

:func:`guess` looks at the bytes that are not UTF-8 (a file's values, after
quoted-printable) and decodes them with every likely code page.  charset-normalizer
proposes; the decoded text decides: a candidate that gives a control character (C1, a
private-use or unassigned code point), a word mixing scripts, a Latin word whose accented
letters belong to no one language, a word with an impossible case pattern or no vowel,
or East Asian characters outside the common level of their standard is wrong.  This is
what makes short files (one card, one name), where detectors alone fail, come out right.
The guess is "uncertain" when a candidate giving *another* text scores about as well: the
window then lets the person choose (``CHOICES``).

Qt-free; used by the vCard reader (:mod:`.vcard.lines`) and offered to the CSV reader
(:func:`decode_8bit`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# code page -> what a person calls it (the import report, the preview's "Read as:" list)
CHOICES: dict[str, str] = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Western)",
    "cp1250": "Windows-1250 (Central European)",
    "iso8859-2": "ISO 8859-2 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8-r": "KOI8-R (Cyrillic)",
    "koi8-u": "KOI8-U (Cyrillic)",
    "cp866": "DOS 866 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "cp874": "Windows-874 (Thai)",
    "cp932": "Shift-JIS (Japanese)",
    "gb18030": "GB18030 (Chinese, simplified)",
    "big5hkscs": "Big5 (Chinese, traditional)",
    "cp949": "EUC-KR (Korean)",
    "euc-jp": "EUC-JP (Japanese)",
}
# The order breaks ties between candidates that score alike: the most common first.
_CANDIDATES = [c for c in CHOICES if c != "utf-8"]

_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "cp932": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "euc_kr": "cp949",
    "euc-kr": "cp949",
    "koi8_r": "koi8-r",
    "koi8_u": "koi8-u",
    "iso8859_2": "iso8859-2",
    "iso-8859-2": "iso8859-2",
    "latin2": "iso8859-2",
    "windows-1250": "cp1250",
    "windows-1251": "cp1251",
    "windows-1252": "cp1252",
    "windows-1253": "cp1253",
    "windows-1254": "cp1254",
    "windows-1255": "cp1255",
    "windows-1256": "cp1256",
    "windows-1257": "cp1257",
    "windows-1258": "cp1258",
    "utf_8": "utf-8",
    "utf8": "utf-8",
    "euc_jp": "euc-jp",
}


def normalize(name: str) -> str:
    """A code page's name as :data:`CHOICES` spells it (``Shift_JIS`` -> ``cp932``); a name
    Python does not know raises LookupError."""
    import codecs

    key = name.strip().lower()
    key = _ALIASES.get(key, _ALIASES.get(key.replace("-", "_"), key))
    if key in CHOICES:
        return key
    info = codecs.lookup(key)  # LookupError for a name Python does not know
    if not getattr(info, "_is_text_encoding", True) or key in ("utf-16", "utf-32"):
        raise LookupError(f"{name} is not a code page")
    return key


def label(codec: str) -> str:
    return CHOICES.get(codec, codec)


@dataclass(frozen=True)
class Guess:
    codec: str  # a key of CHOICES (or any Python codec, when the person chose it)
    certain: bool
    alternatives: tuple[str, ...] = ()  # other candidates that gave another, plausible text
    chosen: bool = False  # the person (or --encoding) said so

    @property
    def label(self) -> str:
        return label(self.codec)

    def describe(self) -> str:
        """For the import report: what the file was read as, and why."""
        if self.chosen:
            return f"read as {self.label}, as chosen"
        if self.certain:
            return f"read as {self.label}, no CHARSET in the file"
        others = ", ".join(label(c) for c in self.alternatives[:2])
        return (
            f"read as {self.label}, no CHARSET in the file; a guess, it could also be {others}"
            if others
            else f"read as {self.label}, no CHARSET in the file; a guess"
        )


# -- judging a decoded text ------------------------------------------------------

# The accented letters of each language written in Latin script (lower case); a word
# whose accented letters fit no single language is mojibake ("Jiøí" is Czech read as
# Windows-1252).
_LATIN_ALPHABETS = [
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "ąćęłńóśźż",  # Polish
    "áéíóöőúüű",  # Hungarian
    "čćđšž",  # Croatian, Slovene, Bosnian, Serbian Latin
    "ăâîșțşţ",  # Romanian
    "äöüß",  # German
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "áàâãçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "áéíóúëïöüèàäĳ",  # Dutch, Afrikaans
    "æøåéèóôü",  # Danish, Norwegian
    "åäöéü",  # Swedish, Finnish
    "áðéíóúýþæö",  # Icelandic
    "çğıöşüâîû",  # Turkish
    "āčēģīķļņšūž",  # Latvian
    "ąčęėįšųūž",  # Lithuanian
    "äöõüšž",  # Estonian
    "çë",  # Albanian
    "àèéìíòóùúçñ",  # Catalan
]
_LATIN_SETS = [frozenset(a) for a in _LATIN_ALPHABETS]
_VIETNAMESE = frozenset("àáâãèéêìíòóôõùúýăđĩũơư")  # only in Windows-1258 (tones combine)
_VOWELS = frozenset(
    "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿăąėęěīįıőœůűųāēōū"
    "аеёиоуыэюяіїєў"  # Cyrillic
    "αεηιουωάέήίόύώϊϋΐΰ"  # Greek
)

# Common characters of the East Asian standards: a text decoded with the wrong one
# gives rare characters (GB18030's extension, Big5's second level) or another script.
_COMMON_LEVEL = {
    "gb18030": ("gb2312", 0xB0A1, 0xD7FE),  # GB 2312 level 1, the 3,755 common hanzi
    "big5hkscs": ("big5", 0xA440, 0xC67E),  # Big5's frequently used characters
    "cp932": ("cp932", 0x889F, 0x9872),  # JIS X 0208 level 1 kanji
    "euc-jp": ("cp932", 0x889F, 0x9872),
    "cp949": ("cp949", 0xB0A1, 0xC8FE),  # KS X 1001's 2,350 Hangul syllables
}


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    if ch.isascii():
        return "latin"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("CJK", "IDEOGRAPHIC"):
        return "han"
    if first in ("HIRAGANA", "KATAKANA") or name.startswith("HALFWIDTH KATAKANA"):
        return "kana"
    if first == "FULLWIDTH":
        return "fullwidth"
    return first.lower()


def _common(ch: str, codec: str) -> bool:
    level = _COMMON_LEVEL.get(codec)
    if level is None:
        return True
    standard, low, high = level
    script = _script(ch)
    if script == "kana":  # full-width kana; half-width kana is where GB bytes land
        return standard == "cp932" and not unicodedata.name(ch, "").startswith("HALFWIDTH")
    if script == "hangul" and standard != "cp949" or script == "han" and standard == "cp949":
        return False  # Korean names are written in Hangul
    try:
        encoded = ch.encode(standard)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and low <= int.from_bytes(encoded, "big") <= high


_GREEK_TONOS = frozenset("άέήίόύώΐΰΆΈΉΊΌΎΏ")
_HEBREW_FINAL = frozenset("ךםןףץ")
_NO_START = frozenset("ъьыЪЬЫ")  # no Russian word starts with these
_THAI_LEADING = frozenset("เแโใไ")
_THAI_FOLLOWING = frozenset("ะาำๅ")
# Punctuation that real names and notes hold; any other non-letter is mojibake's sign
_FINE = frozenset("’‘“”„–—…«»\u00a0€·")


def _word_ok(word: str, codec: str) -> bool:
    if unicodedata.category(word[0])[0] == "M" or word[0] in _THAI_FOLLOWING:
        return False  # a vowel point or a tone mark before any letter
    scripts = {_script(c) for c in word if unicodedata.category(c)[0] != "M"}
    if len(scripts) > 1 and scripts - {"han", "kana"}:
        return False  # "ВбггЭлзт" is fine, "Βαγγ" with a Latin letter inside is not
    script = next(iter(scripts))
    if script in ("han", "kana", "hangul"):
        return all(_common(c, codec) for c in word)
    if script not in ("latin", "greek", "cyrillic", "hebrew", "arabic", "thai"):
        return False  # box drawing, Armenian in a Western file, ...
    lower = word.lower()
    if script == "latin":
        accented = {c for c in lower if not c.isascii()}
        if accented and not _one_language(accented, codec):
            return False
    elif script == "greek":
        if "ς" in word[:-1] or word[-1] == "σ" and len(word) > 1:
            return False  # the final sigma ends a word, and only there
        if sum(c in _GREEK_TONOS for c in word) > 1:
            return False  # one stress mark a word
    elif script == "cyrillic":
        if word[0] in _NO_START:
            return False
    elif script == "thai":
        if word[-1] in _THAI_LEADING:
            return False  # a leading vowel stands before a consonant
    elif script == "hebrew":
        if any(c in _HEBREW_FINAL for c in word[:-1]):
            return False  # final letters end a word
    if script in ("latin", "greek", "cyrillic"):
        # Names are Capitalised, lower case or UPPER CASE; "еКАТЕРИНА" (KOI8-R read as
        # Windows-1251) is none of these.  "McDonald" and "O'Brien" are fine.
        camel = script == "latin" and _camel(word)
        if not (word[1:].islower() or word.isupper() or camel or len(word) == 1):
            return False
        vowels = sum(c in _VOWELS for c in lower)
        if len(word) >= (4 if script == "latin" else 3) and not vowels:
            return False
        if script != "latin" and len(word) >= 4 and vowels < len(word) / 4:
            return False  # "НФЬГИ": Hebrew read as KOI8-R
    return True


def _one_language(accented: set[str], codec: str) -> bool:
    sets = [*_LATIN_SETS, _VIETNAMESE] if codec == "cp1258" else _LATIN_SETS
    return any(accented <= s for s in sets)


_category = lru_cache(maxsize=4096)(unicodedata.category)
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u3099\u309a"
)
_WORD = re.compile(f"(?:[^\\W\\d_]|[{_MARKS}])+")


def _words(text: str) -> list[str]:
    """Runs of letters and combining marks (Hebrew points, Thai vowels, accents)."""
    return _WORD.findall(text)


def _camel(word: str) -> bool:
    """McDonald, DeVries, MacLeod: each capital starts a part with lower-case letters."""
    if not word[0].isupper():
        return False
    return all(
        not c.isupper() or (i + 1 < len(word) and word[i + 1].islower()) for i, c in enumerate(word)
    )


def _bad_char(ch: str) -> bool:
    cat = _category(ch)
    if cat in ("Cc", "Co", "Cn", "Cs"):
        return ch not in "\t\n\r"
    return ch == "\ufffd"


def _frequent() -> dict[str, frozenset[str]]:
    """The 20 most frequent letters of each language, by script (charset-normalizer's
    tables): a text read with the wrong code page is full of rare letters."""
    try:
        from charset_normalizer.constant import FREQUENCIES
    except ImportError:  # pragma: no cover
        return {}
    out: dict[str, set[str]] = {}
    for letters in FREQUENCIES.values():
        script = _script(letters[0])
        if script not in ("latin", "han", "kana", "hangul"):
            out.setdefault(script, set()).update(c.lower() for c in letters[:20])
    return {k: frozenset(v) for k, v in out.items()}


_FREQUENT: dict[str, frozenset[str]] | None = None


def score(text: str, codec: str) -> float | None:
    """How plausible ``text`` is as the decoding with ``codec``, 0..1: the share of its
    non-ASCII characters that stand in plausible words, less a little for rare letters
    (None: a control character, impossible)."""
    global _FREQUENT
    if _FREQUENT is None:
        _FREQUENT = _frequent()
    if any(_bad_char(c) for c in set(text) if not c.isascii() or c < " "):
        return None
    total = len(text) - len(text.encode("ascii", "ignore")) - sum(map(text.count, _FINE))
    if not total:
        return 0.5  # nothing but ASCII and punctuation: no evidence
    words: list[str] = []
    mixed: set[str] = set()  # Latin words of lines whose accents fit no one language
    for line in text.splitlines():
        found = [w for w in _words(line) if not w.isascii()]
        words += found
        latin = [w for w in found if _script(w[0]) == "latin"]
        accented = {c for w in latin for c in w.lower() if not c.isascii()}
        if accented and not _one_language(accented, codec):
            mixed.update(latin)
    good = letters = frequent = 0
    for w in words:
        if w not in mixed and _word_ok(w, codec):
            good += sum(1 for c in w if not c.isascii())
        common = _FREQUENT.get(_script(w[0]))
        if common:
            for c in w.lower():
                if unicodedata.category(c)[0] == "L":
                    letters += 1
                    frequent += c in common
    value = good / total
    if letters:
        value -= 0.3 * (1 - frequent / letters)
    cased = [w for w in words if _script(w[0]) in ("latin", "greek", "cyrillic")]
    if cased and len(cased) == len(words) and not any(w[0].isupper() for w in cased):
        value *= 0.8  # names without one capital: Hebrew or Arabic read as a cased script
    return value


# -- the guess ----------------------------------------------------------------------

_SAMPLE_BYTES = 4 * 1024  # plenty of names; the judging is per character, in Python


def _detector_order(sample: bytes) -> list[str]:
    """charset-normalizer's candidates, best first, as names of CHOICES."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; the judging still works
        return []
    out: list[str] = []
    try:
        matches = from_bytes(sample, threshold=0.5)
    except Exception:  # noqa: BLE001 - a detector's trouble is not the file's
        return []
    for match in matches:
        for name in [match.encoding, *match.could_be_from_charset]:
            try:
                key = normalize(name)
            except LookupError:
                continue
            if key in CHOICES and key not in out and key != "utf-8":
                out.append(key)
    return out


def guess(sample: bytes) -> Guess:
    """The code page of ``sample`` (bytes that are not UTF-8: the values of a file, or the
    whole of a CSV), checked against the text each candidate gives."""
    sample = sample[:_SAMPLE_BYTES]
    high = sum(sample.count(bytes([b])) for b in range(0x80, 0x100))
    # charset-normalizer knows languages, but needs text to know them by: its first
    # choice gets a head start only on a sample of some length.
    detector = _detector_order(sample) if high >= 100 else []
    scored: list[tuple[float, int, str, str]] = []  # (score, rank, codec, text)
    for rank, codec in enumerate(_CANDIDATES):
        try:
            text = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        value = score(text, codec)
        if value is None:
            continue
        if detector and codec == detector[0]:
            value += 0.05
        scored.append((value, rank, codec, text))
    if not scored:
        return Guess("cp1252", certain=False)
    scored.sort(key=lambda s: (-s[0], s[1]))
    best_score, _, best, best_text = scored[0]
    # Code pages that give the same text: the most common one is named
    best = min((s for s in scored if s[3] == best_text), key=lambda s: s[1])[2]
    rivals: list[str] = []
    texts = {best_text}
    for value, _, codec, text in scored[1:]:
        if text not in texts and value >= best_score - 0.15:
            rivals.append(codec)
            texts.add(text)
    certain = best_score >= 0.9 and not rivals
    return Guess(best, certain=certain, alternatives=tuple(rivals))


def decode_8bit(data: bytes, encoding: str | None = None) -> tuple[str, Guess | None]:
    """A whole file (a CSV) that is not UTF-8: its text and the guess (None when it is
    UTF-8). ``encoding`` is the person's choice.  For the CSV reader."""
    if encoding:
        codec = normalize(encoding)
        return data.decode(codec, errors="replace"), Guess(codec, True, chosen=True)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    found = guess(data)
    return data.decode(found.codec, errors="replace"), found
