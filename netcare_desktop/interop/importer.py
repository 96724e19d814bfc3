"""Importing: read files, plan what each record will do, apply in one transaction, undo.

The stages, each in its own module (this one is their public face):

1. ``interop.reading`` -- ``read_file``: vCard, CSV (LinkedIn, Google, Outlook, or
   mapped) or NetCare JSON, recognised from the content; every problem is an ``Issue``
   with file and line.
2. ``interop.matching`` and ``interop.planning`` -- ``plan_import``: each record becomes a
   ``PlanItem`` -- *new*, *merge* into an existing contact (with the fields that change),
   *unchanged*, or *duplicate* (a similar name: only proposed, never merged
   automatically).  Matching, in order: vCard UID, email (case-insensitive), phone
   (E.164), LinkedIn profile.  Records of the same import match each other too, so a
   person twice in one file, or in two files, ends as one contact.  A person may choose
   otherwise for each record (``PlanItem.choice``, a ``Choice``).
3. ``store.imports`` -- ``apply_plan``: one transaction, recorded as an ``ImportBatch``
   with a change per contact (created, or updated with a snapshot of the contact
   before).  A merge fills empty fields and adds new emails, phones, URLs, groups,
   addresses; it never overwrites a value: differing values are listed as conflicts in
   the plan.  Cancelling rolls everything back.
4. ``store.import_undo`` -- ``undo`` (``preview_undo`` first): takes back what the batch
   wrote and only that; touches, groups and edits made since stay, and so do contacts it
   created that were touched since, unless asked.

Re-importing the same file finds every record unchanged.  ``interop.stream`` is the
command line's driver: it plans and writes a chunk of records at a time.
"""

from __future__ import annotations

import json
from typing import Any

from netcare_desktop.core.record import (
    Issue,  # noqa: F401 - re-exported
    record_display_name,  # noqa: F401 - re-exported
)
from netcare_desktop.interop.matching import (  # noqa: F401 - re-exported
    DUPLICATE_SCORE,
    Existing,
    Matcher,
    extra_line,
)
from netcare_desktop.interop.planning import (  # noqa: F401 - re-exported
    Act,
    Applier,
    Choice,
    ImportCancelled,
    ImportResult,
    Plan,
    PlanItem,
    apply_plan,
    plan_import,
    plan_one,
)
from netcare_desktop.interop.reading import (  # noqa: F401 - re-exported
    MAX_IMPORT_BYTES,
    MAX_PHOTO_BYTES,
    MAX_TEXT_CHARS,
    SUFFIXES,
    FileReport,
    expand_paths,
    read_chunks,
    read_file,
    sniff_format,
)
from netcare_desktop.store.import_undo import (  # noqa: F401 - re-exported
    ContactUndo,
    UndoPlan,
    batches,
    import_owner,
    import_running,
    preview_undo,
    undo,
)


def undo_batch(batch_id: int, delete_touched: bool = False) -> dict[str, int]:
    """``undo``, counted: contacts removed, contacts put back."""
    plan = undo(batch_id, delete_touched)
    return {"deleted": plan.deleted, "restored": len(plan.changed)}


def report_json(reports: list[FileReport]) -> dict:
    """What each file's records did, and the totals, as ``netcare import --json`` says."""
    files: list[dict[str, Any]] = []
    for f in reports:
        files.append(
            {
                "path": f.path,
                "format": f.format,
                "records": f.records,
                "created": f.created,
                "merged": f.merged,
                "unchanged": f.unchanged,
                "possible_duplicates": f.possible_duplicates,
                "errors": [{"line": i.line, "message": i.message} for i in f.issues],
            }
        )
    totals = {
        k: sum(f[k] for f in files)
        for k in ("created", "merged", "unchanged", "possible_duplicates")
    }
    return {"files": files, **totals}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
