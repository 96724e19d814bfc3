"""Shortcuts taken for import speed give what the plain way gives."""

from __future__ import annotations

import gc
import random
import re
from datetime import datetime
from difflib import SequenceMatcher

from netcare_desktop.interop.gcpause import collector_paused
from netcare_desktop.interop.similarity import best_matches


def reference_best_matches(query, choices, cutoff, limit):
    """difflib's matchers, one per choice: what ``best_matches`` must equal."""
    q = " ".join(sorted(query.split()))
    scored = []
    for i, choice in enumerate(choices):
        m = SequenceMatcher(None, q, " ".join(sorted(choice.split())), autojunk=False)
        if m.real_quick_ratio() * 100 < cutoff or m.quick_ratio() * 100 < cutoff:
            continue
        score = m.ratio() * 100
        if score >= cutoff:
            scored.append((score, i))
    scored.sort(key=lambda s: -s[0])
    return scored[:limit]


def test_best_matches_equals_difflib_matchers():
    rng = random.Random(7)
    alphabet = "ab cdeé  "
    for _ in range(3000):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        choices = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            for _ in range(rng.randint(0, 6))
        ]
        for cutoff in (0, 50, 88, 100):
            assert best_matches(query, choices, cutoff, 10) == reference_best_matches(
                query, choices, cutoff, 10
            )


def test_collector_paused_restores_the_collector():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left off: whoever turned it off turns it on
    finally:
        gc.enable()


def test_ascii_sort_key_shortcut_equals_the_full_one():
    from netcare_desktop.core.names import sort_key
    from netcare_desktop.store.import_rows import sort_name as _sort_key

    rng = random.Random(11)
    alphabet = "aZ 9-,.\tÉéÅß\u0301ﬁ"
    for _ in range(20000):
        display, family, given = (
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(3)
        )
        assert _sort_key(display, family, given) == sort_key(display, family, given)


def test_collector_paused_freezes_only_on_the_command_line(monkeypatch):
    from netcare_desktop.interop import gcpause

    frozen = gc.get_freeze_count()
    with collector_paused():  # under pytest-qt: a Qt process, nothing frozen
        kept = [[i] for i in range(100)]
    assert gc.get_freeze_count() == frozen
    monkeypatch.setattr(gcpause, "_command_line", lambda: True)
    try:
        with collector_paused():
            kept = [[i] for i in range(100)]
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()


def _card(i: int, given: str, family: str, org: str = "Acme") -> str:
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u-{i}\r\nFN:{given} {family}\r\n"
        f"N:{family};{given};;;\r\nORG:{org}\r\nEMAIL:p{i}@example.org\r\nEND:VCARD\r\n"
    )


def test_duplicate_scan_shortcut_plans_the_same(store, tmp_path, monkeypatch):
    """Blocks with only this import's records are not scored: same plan as scoring them."""
    from netcare_desktop.interop import importer

    rng = random.Random(4)
    given = ["Ada", "Adah", "Grace", "Alan", "Alan J", "Linus"]
    family = ["Lovelace", "Hopper", "Turing", "Torvalds", "Lovelace-King"]
    first = tmp_path / "first.vcf"
    first.write_text("".join(_card(i, rng.choice(given), rng.choice(family)) for i in range(8)))
    plan = importer.plan_import([importer.read_file(first)], region="GB")
    importer.apply_plan(plan, datetime(2026, 11, 25, 12))
    second = tmp_path / "second.vcf"
    second.write_text(
        "".join(
            _card(100 + i, rng.choice(given), rng.choice(family + ["Babbage", "Hamilton"]))
            for i in range(60)
        )
    )

    def shape(plan):
        return [
            (it.action, it.target_id, it.target_name, it.same_as, it.candidates, it.changes)
            for it in plan.items
        ]

    fast = shape(importer.plan_import([importer.read_file(second)], region="GB"))
    monkeypatch.setattr(importer.Matcher, "may_have_similar", lambda self, name: True)
    slow = shape(importer.plan_import([importer.read_file(second)], region="GB"))
    assert fast == slow
    assert any(action == "duplicate" for action, *_ in fast)


def test_line_break_normalisation_shortcut():
    from netcare_desktop.interop.vcard import _normalize_breaks

    rng = random.Random(9)
    for _ in range(20000):
        block = bytes(rng.choice(b"\r\na :") for _ in range(rng.randint(0, 12)))
        lf = block.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n")
        if b"\n" not in lf:  # CR line ends: every CR ends a line
            expected = lf.replace(b"\r", b"\n")
        else:  # issue 15: a lone CR ends a line only where a line (or a fold) could start
            expected = re.sub(rb"\r(?=[\r\n ]|a+ *:|$)", b"\n", lf)
        assert _normalize_breaks(block) == expected
