"""The contact's fields, named once.

Every layer that lists a contact's own values (the store's columns, the import
record, the CSV columns, the undo snapshot, the matcher) derives its list from
these tuples instead of writing the names again.
"""

from __future__ import annotations

# A contact's single-valued text fields, in the order the forms and exports show them.
NAME_FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nickname",
)
WORK_FIELDS: tuple[str, ...] = ("organization", "department", "title")
TEXT_FIELDS: tuple[str, ...] = (
    "display_name",
    *NAME_FIELDS,
    *WORK_FIELDS,
    "notes",
    "photo_url",
    "linkedin_url",
)
BIRTHDAY_FIELDS: tuple[str, ...] = ("birthday_year", "birthday_month", "birthday_day")
# The photo itself: the image bytes and their MIME type.
PHOTO_FIELDS: tuple[str, ...] = ("photo", "photo_mime")
# Everything a person's card says about them (what an import may write and undo restores).
PERSON_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *BIRTHDAY_FIELDS, *PHOTO_FIELDS)
# How a person reads a field's name where it differs from the name with its "_" as spaces.
LABELS: dict[str, str] = {
    "given_name": "given name",
    "family_name": "family name",
    "middle_name": "middle name",
    "linkedin_url": "LinkedIn",
    "photo_url": "photo URL",
}
