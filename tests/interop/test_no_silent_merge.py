"""Issue 15, "Never merge two people silently": two people are never merged unasked, a
short number is no matching key, and every merge is said, with what was kept aside.

The fixtures are ours, one case each: tests/fixtures/issue15/match (see SOURCES.md)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from netcare_desktop.core.keys import phone_key
from netcare_desktop.interop import importer, stream
from netcare_desktop.interop.choice import Choice
from netcare_desktop.store.models import Contact

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "issue15" / "match"
NOW = datetime(2026, 11, 25, 12)


def _plan(*names: str) -> importer.Plan:
    return importer.plan_import([importer.read_file(FIX / n) for n in names], region="GB")


def _import(*names: str, choices=None):
    plan = _plan(*names)
    for index, choice in (choices or {}).items():
        plan.items[index].choice = choice
    return plan, importer.apply_plan(plan, NOW)


def _command_line(*names: str, dry_run: bool = False) -> stream.Outcome:
    return stream.import_files(
        [FIX / n for n in names], NOW, region="GB", dry_run=dry_run, parallel=False
    )


def _people() -> dict[str, Contact]:
    return {c.display_name: c for c in Contact.select()}


class TestDifferentUidsAreTwoPeople:
    """Two cards with different UIDs, sharing an email, were one contact: the second
    card's name, organisation, title and UID were gone."""

    def test_two_cards_of_one_file_are_two_contacts_and_a_possible_duplicate(self, store):
        plan, result = _import("two_uids_one_email.vcf")
        work, personal = plan.items
        assert (work.action, personal.action) == ("new", "duplicate")
        assert "John Doe (Work)" in personal.why and "another UID" in personal.why
        # The preview offers the earlier card to merge into (a person may decide so).
        assert [name for _cid, name, _s in personal.candidates] == ["John Doe (Work)"]
        assert (result.created, result.merged, result.merges) == (2, 0, [])
        people = _people()
        assert set(people) == {"John Doe (Work)", "John Doe (Personal)"}
        john = people["John Doe (Personal)"]
        assert (john.organization, john.title, john.vcard_uid) == ("Doe Family", "Father", "test3")
        assert people["John Doe (Work)"].vcard_uid == "test2"

    def test_the_command_line_creates_both_and_lists_the_second(self, store):
        outcome = _command_line("two_uids_one_email.vcf")
        people = _people()
        assert set(people) == {"John Doe (Work)", "John Doe (Personal)"}
        (line,) = outcome.duplicate_lines
        assert line.startswith("John Doe (Personal) (two_uids_one_email.vcf, line 10)")
        assert f"created as contact {people['John Doe (Personal)'].id}" in line
        assert "John Doe (Work) (earlier in this import), but has another UID" in line
        assert line.endswith(f"(contact {people['John Doe (Work)'].id})")
        assert outcome.result.merges == []

    def test_the_person_may_merge_them_in_the_preview_and_nothing_is_lost(self, store):
        plan = _plan("two_uids_one_email.vcf")
        earlier = plan.items[1].candidates[0][0]
        plan.items[1].choice = Choice.merge(earlier)
        result = importer.apply_plan(plan, NOW)
        (john,) = Contact.select()
        assert (john.display_name, john.title, john.organization) == (
            "John Doe (Work)",
            "Engineer",
            "Example Corp",
        )
        assert john.notes.splitlines() == [
            "Kept from an import, full name: John Doe (Personal)",
            "Kept from an import, organization: Doe Family",
            "Kept from an import, title: Father",
        ]
        (said,) = result.merges
        assert said.startswith("John Doe (Personal) (two_uids_one_email.vcf, line 10)")
        assert "merged into John Doe (Work)" in said and "title 'Father'" in said

    def test_a_card_with_another_uid_and_name_than_a_stored_contact(self, store):
        _import("work_card_of_john.vcf")
        plan, result = _import("personal_card_of_a_stored_john.vcf")
        (item,) = plan.items
        work = _people()["John Doe (Work)"]
        assert item.action == "duplicate" and item.candidates[0][0] == work.id
        assert "another UID" in item.why
        assert result.created == 1 and set(_people()) == {"John Doe (Work)", "John Doe (Personal)"}


class TestAnotherNameAndOrganisationIsAnotherPerson:
    def test_two_people_behind_one_mailbox_stay_two(self, store):
        plan, result = _import("shared_mailbox_two_people.vcf")
        assert [it.action for it in plan.items] == ["new", "duplicate"]
        assert "another name and organisation" in plan.items[1].why
        assert set(_people()) == {"Maria Rossi", "Paolo Bianchi"}
        assert _people()["Paolo Bianchi"].organization == "Bianchi Costruzioni"

    def test_the_command_line_too(self, store):
        outcome = _command_line("shared_mailbox_two_people.vcf")
        assert set(_people()) == {"Maria Rossi", "Paolo Bianchi"}
        assert [line.split(" (")[0] for line in outcome.duplicate_lines] == ["Paolo Bianchi"]


class TestShortNumbersAreNoKey:
    """911, 112, an extension, a number not in its country's plan: shared by many."""

    def test_people_sharing_them_in_one_file_stay_apart(self, store):
        plan, result = _import("emergency_and_short_numbers.vcf")
        assert [it.action for it in plan.items] == ["new"] * 8
        assert result.created == 8 and Contact.select().count() == 8

    def test_nor_against_a_stored_contact(self, store):
        _import("stored_hero.vcf")
        plan, result = _import("another_hero_same_911.vcf")
        assert [it.action for it in plan.items] == ["new"]
        assert set(_people()) == {"Wonder Woman", "Spider Woman"}

    def test_the_command_line_too(self, store):
        outcome = _command_line("emergency_and_short_numbers.vcf")
        assert outcome.result.created == 8 and outcome.result.merges == []

    def test_only_a_valid_full_number_is_dialable(self):
        from netcare_desktop.core.keys import dialable

        assert dialable(phone_key("+44 20 7946 0958", "", "GB"))
        assert dialable(phone_key("202-555-0143", "", "US"))
        for raw, region in (("911", "US"), ("112", "DE"), ("x204", "GB"), ("+1 555 0100", "US")):
            assert not dialable(phone_key(raw, "", region)), raw


class TestMergesAreReported:
    """A merge said nothing, and a value that did not fit (another title) was dropped."""

    def test_the_same_person_twice_in_one_file(self, store):
        plan, result = _import("same_person_twice.vcf")
        assert [it.action for it in plan.items] == ["new", "merge"]
        assert result.merges == [
            "Ada L. (same_person_twice.vcf, line 8) merged into Ada Lovelace;"
            " kept aside: title 'Countess of Lovelace'"
        ]
        assert result.kept_aside == 1
        (ada,) = Contact.select()
        assert (ada.title, ada.birthday_month) == ("Mathematician", 12)
        assert ada.notes == "Kept from an import, title: Countess of Lovelace"

    def test_the_command_line_says_it_too(self, store):
        outcome = _command_line("same_person_twice.vcf")
        assert outcome.result.merges == [
            "Ada L. (same_person_twice.vcf, line 8) merged into Ada Lovelace;"
            " kept aside: title 'Countess of Lovelace'"
        ]
        dry = _command_line("same_person_twice.vcf", dry_run=True)
        assert dry.result.merges == []  # the same again: nothing new, nothing merged

    def test_a_merge_into_a_stored_contact_keeps_the_other_title_once(self, store):
        _import("stored_ada.vcf")
        plan, result = _import("ada_with_another_title.vcf")
        (item,) = plan.items
        assert item.action == "merge"
        assert item.conflicts == ["title: keeps 'Mathematician', 'Countess of Lovelace' kept aside"]
        assert result.merges == [
            "Ada Lovelace (ada_with_another_title.vcf, line 1) merged into Ada Lovelace;"
            " kept aside: title 'Countess of Lovelace'"
        ]
        (ada,) = Contact.select()
        assert ada.title == "Mathematician"
        assert ada.notes == "Kept from an import, title: Countess of Lovelace"
        again, result2 = _import("ada_with_another_title.vcf")
        assert [it.action for it in again.items] == ["unchanged"] and result2.merges == []
        assert Contact.get().notes == ada.notes
        importer.undo(result.batch_id)
        assert Contact.get().notes == ""
