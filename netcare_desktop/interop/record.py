"""The record types, now in ``core.record`` (the store's import writer needs them too).

A shim for the readers and exporters that import them from here; it can go once they
import ``netcare_desktop.core.record``."""

from netcare_desktop.core.record import (  # noqa: F401 - re-exported
    TEXT_FIELDS,
    Address,
    ContactRecord,
    Email,
    Extra,
    InteractionRecord,
    Issue,
    Phone,
    Url,
    sniff_image_mime,
)
