"""The matching keys, now in ``core.keys`` (the store's import writer needs them too).

A shim for the code that imports them from here; it can go once that code imports
``netcare_desktop.core.keys``."""

from netcare_desktop.core.keys import (  # noqa: F401 - re-exported
    DEFAULT_REGION,
    fold,
    normalize_email,
    normalize_linkedin,
    normalize_phone,
    region_from_locale,
)
