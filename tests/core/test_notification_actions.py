"""What a reminder's notification offers, and how its text is escaped (core, no Qt)."""

from __future__ import annotations

from netcare_desktop.core import notifications as spec
from netcare_desktop.core.reminders import Notification


def test_one_reminder_opens_the_contact_and_offers_done_and_snooze():
    note = Notification("Time to get in touch", "Ada Lovelace · every 30 days", 7, ("kit:7",))
    assert spec.action_list(note) == [
        "default", "Open", "done", "Done", "snooze", "Snooze a day"
    ]  # fmt: skip
    assert spec.offers(note, "done") and spec.offers(note, "default")


def test_a_summary_opens_due_and_snoozes_them_all_but_never_logs_touches_blind():
    note = Notification("2 reminders need your attention", "Ada and Alan", None, ("a", "b"))
    assert spec.action_list(note) == ["default", "Open Due", "snooze", "Snooze a day"]
    assert not spec.offers(note, "done")


def test_the_status_reminder_opens_due_and_a_plain_notice_only_the_window():
    status = Notification("Time to update your own status or profile", "", None, ("status",))
    assert spec.action_list(status)[:2] == ["default", "Open Due"]
    assert spec.offers(status, "done")
    notice = Notification("NetCare is still running", "It keeps reminding you", None, ())
    assert spec.action_list(notice) == ["default", "Open NetCare"]
    assert not spec.offers(notice, "snooze")


def test_user_text_is_escaped_for_markup_servers_and_the_balloon_is_brief():
    assert spec.escape_body('Grace <b>Hopper</b> & "Co"') == (
        'Grace &lt;b&gt;Hopper&lt;/b&gt; &amp; "Co"'
    )
    assert spec.SNOOZE_FOR.days == 1
    assert 5000 <= spec.BALLOON_MS <= 10000  # read it, then it is out of the window's way
