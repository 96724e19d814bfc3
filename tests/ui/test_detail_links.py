"""The detail pane shows a LinkedIn profile decoded, and once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from netcare_desktop.store import contacts
from netcare_desktop.store.contacts import ContactInput
from netcare_desktop.ui.widgets import PlainLabel


def test_the_pane_shows_the_linkedin_profile_decoded_and_once(qtbot, window, now):
    profile = "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa"
    contacts.create_contact(
        ContactInput(
            given_name="José",
            family_name="García",
            linkedin_url=profile,
            urls=[("profile", profile), ("", "https://jose.example/caf%C3%A9")],
        ),
        now,
    )
    window.refresh()
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.model.index(0, 0)).center(),
    )
    facts = {lab.accessibleName(): lab.text() for lab in window.detail.findChildren(PlainLabel)}
    assert facts["LinkedIn"] == "https://www.linkedin.com/in/josé-garcía"
    assert facts["Web"] == "https://jose.example/café"  # the profile is not repeated here
    shown = "\n".join(facts.values())
    assert "%C3" not in shown and shown.count("linkedin.com") == 1
