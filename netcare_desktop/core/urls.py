"""Web addresses as a person reads them: percent-escapes decoded, each profile once.

LinkedIn exports and vCards carry profile URLs with their non-ASCII letters
percent-encoded (``/in/jos%C3%A9``); the window shows ``/in/josé``.  Only
escapes that decode to UTF-8 letters, digits and harmless punctuation are
decoded: an escaped space, slash, ``?``, ``#``, ``&``, ``%`` or control character
stays escaped, so the text shown is still the same address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from netcare_desktop.core.keys import url_key

_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_KEEP_ESCAPED = frozenset("/?#&=%+;:@[]\\\"'<>`^{}|")


def _shown(ch: str) -> bool:
    if ch in _KEEP_ESCAPED:
        return False
    category = unicodedata.category(ch)
    return category[0] in "LMNP" or category in ("Sm", "Sc", "So")


def readable_url(url: str) -> str:
    """``https://www.linkedin.com/in/jos%C3%A9`` -> ``https://www.linkedin.com/in/josé``."""
    text = (url or "").strip()

    def decode(match: re.Match[str]) -> str:
        run = match.group(0)
        raw = bytes(int(run[i + 1 : i + 3], 16) for i in range(0, len(run), 3))
        out = []
        i = 0
        while i < len(raw):
            # The longest UTF-8 sequence that starts here (1 to 4 bytes).
            for size in (1, 2, 3, 4):
                try:
                    ch = raw[i : i + size].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if len(ch) == 1:
                    break
            else:
                ch, size = "", 1
            if ch and _shown(ch):
                out.append(ch)
            else:
                out.append("".join(f"%{b:02X}" for b in raw[i : i + size]))
            i += size
        return "".join(out)

    return _ESCAPES.sub(decode, text)


def web_links(urls: Iterable[str], linkedin_url: str = "") -> list[str]:
    """The contact's web addresses to show, readable, each once, without the LinkedIn profile
    (shown on its own line) when it is among them."""
    seen = {url_key(readable_url(linkedin_url))} if linkedin_url.strip() else set()
    out = []
    for url in urls:
        if not url.strip():
            continue
        key = url_key(readable_url(url))
        if key in seen:
            continue
        seen.add(key)
        out.append(readable_url(url))
    return out
