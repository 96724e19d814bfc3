"""``netcare import``: read, plan and write a chunk of records at a time.

The window shows the plan of a whole import first (``importer.plan_import``, then
``apply_plan``), because a person decides on it.  The command line has nobody to ask, so
it plans each chunk of records just before writing it: the same rules (``plan_one``), the
same writer (``planning.Applier``), one batch to undo.  Each chunk is committed in its own short transaction, so
that other writers wait for a chunk (a fraction of a second), never for a whole import;
the batch says "in progress" (and which process writes it) until its last commit.  An
import that fails or is cancelled is taken back at once (``discard``); one whose process
was killed is taken back by the next start (``recover_interrupted``), before anything
else writes.  So no half import outlives the next start.  Only a chunk of records is alive
at a time, so memory stays bounded whatever the size of the file (a file is read whole,
up to ``MAX_IMPORT_BYTES``, but its records are not all built at once).

On Linux, a big import is read in a second, forked process while this one plans and
writes: parsing is pure Python, writing is mostly SQLite, and a machine has two cores at
least.  The reader sends each chunk of records pickled through a pipe (which holds it back
while the writer is behind).  If the reader fails, what was written is taken back and the
files read again in this process: the second process can speed an import up, never change
it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import peewee

from netcare_desktop.core.keys import region_from_locale
from netcare_desktop.core.record import ContactRecord, Issue
from netcare_desktop.core.words import plural
from netcare_desktop.interop.gcpause import collector_paused
from netcare_desktop.interop.matching import Matcher
from netcare_desktop.interop.planning import Applier, ImportResult, PlanItem, plan_one
from netcare_desktop.interop.reading import FileReport, read_chunks
from netcare_desktop.store.import_undo import UndoPlan, import_owner, import_running, undo
from netcare_desktop.store.models import ImportBatch, db

log = logging.getLogger(__name__)

CHUNK = 500  # records planned and written together (and committed)
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default, back after an import
PARALLEL_FROM_BYTES = 1_000_000  # smaller imports take less than starting a process saves
LOOK_AHEAD = 100  # records read before writing: enough to know whether to back up first
FIRST_CHUNK = LOOK_AHEAD + 28  # the reading process's first chunk: the writer starts sooner

Part = list[ContactRecord] | FileReport


class ReaderFailed(Exception):
    """The reading process ended without finishing (killed, out of memory, a bug)."""


@dataclass
class Outcome:
    files: list[FileReport]
    result: ImportResult
    duplicates: list[PlanItem] = field(default_factory=list)  # created, similar to a contact
    # Each of them in words, with the ids of both contacts: "John Doe (Personal) (x.vcf,
    # line 9), created as contact 2: shares an email address with John Doe (Work) (earlier
    # in this import), but has another UID (contact 1)".
    duplicate_lines: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return any(not f.unreadable for f in self.files)


def import_files(
    paths: list[Path],
    now: datetime,
    *,
    region: str | None = None,
    dry_run: bool = False,
    source: str = "",
    before_write: Callable[[int], None] | None = None,
    parallel: bool | None = None,
) -> Outcome:
    """Import ``paths`` (or only count what would happen, ``dry_run``).

    ``before_write(records)`` runs once before the first write, with the number of records
    read so far (more than ``LOOK_AHEAD``, or all of them): the place for a backup.
    ``parallel``: read in a second process; None decides by platform and size."""
    if parallel is None:
        parallel = _fork_available() and _total_size(paths) >= PARALLEL_FROM_BYTES
    once = _Once(before_write)
    region = region or region_from_locale()
    if parallel:
        parts = _forked(paths)
        try:
            return _import(paths, now, region, dry_run, source, once, parts)
        except ReaderFailed as exc:  # rolled back: read it all again, here
            log.warning("%s; reading in this process instead", exc)
        finally:
            parts.close()  # the reading process ends with it, whatever happened
    return _import(paths, now, region, dry_run, source, once, _in_process(paths))


class _Once:
    def __init__(self, action: Callable[[int], None] | None):
        self.action = action

    def __call__(self, records: int) -> None:
        action, self.action = self.action, None
        if action is not None:
            action(records)


def _import(
    paths: list[Path],
    now: datetime,
    region: str,
    dry_run: bool,
    source: str,
    before_write: _Once,
    parts: Iterator[Part],
) -> Outcome:
    with collector_paused():
        matcher = Matcher(region)
        matcher.load()
        head: list[Part] = []
        seen = 0
        for part in parts:
            head.append(part)
            if not isinstance(part, FileReport):
                seen += len(part)
                if seen > LOOK_AHEAD:
                    break
        source = source or ", ".join(p.name for p in paths)
        if dry_run or seen == 0:
            return _run(head, parts, Applier(None, region), matcher)
        before_write(seen)
        with db.atomic():
            writer = Applier.begin(now, source, region)
            store = writer.store
            assert store is not None
            store.mark_in_progress(import_owner())
            store.mark_rows()
        # As one transaction did, let the log grow through the import and copy it into the
        # file once at the end, instead of a checkpoint after every few chunks (+10-20 %).
        db.execute_sql("PRAGMA wal_autocheckpoint = 0")
        try:
            outcome = _run(head, parts, writer, matcher)
            with db.atomic():
                store.chunk_begin()
                writer.finish([f.path for f in outcome.files])  # the summary replaces in_progress
        except BaseException:
            try:
                discard(store.batch.id)
            except Exception:  # noqa: BLE001 - the next start takes it back instead
                log.exception("could not take back the unfinished import %s", store.batch.id)
            raise
        finally:
            db.execute_sql(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
        with contextlib.suppress(peewee.DatabaseError):  # best effort; the next commit retries
            db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
        return outcome


def discard(batch_id: int) -> UndoPlan | None:
    """Take back an import that did not finish (failed, cancelled, or its process killed).

    Its batch goes too, unless a contact it created was touched meanwhile by another
    writer (then that contact stays, and the batch stays, marked undone, to say so).
    None when there was nothing left to take back (another start did it)."""
    with db.atomic():
        # Under the lock: another start may have taken it back already.
        batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if batch is None or batch.undone or not (batch.summary or {}).get("in_progress"):
            return None
        plan = undo(batch_id, interrupted=True)
        if plan.touched:
            ImportBatch.update(summary={"interrupted": True, "kept": len(plan.touched)}).where(
                ImportBatch.id == batch_id
            ).execute()
        else:
            ImportBatch.delete().where(ImportBatch.id == batch_id).execute()
    return plan


def unfinished_imports() -> bool:
    """Is any import marked as in progress? (One cheap query, for every start.)"""
    return (
        db.execute_sql(
            "SELECT 1 FROM import_batch WHERE json_extract(summary, '$.in_progress') IS NOT NULL"
            " LIMIT 1"
        ).fetchone()
        is not None
    )


def recover_interrupted() -> list[str]:
    """At start: take back the imports whose process died before they finished (a crash,
    SIGKILL, a power cut), so that no half import outlives the next start. Returns what
    it did, in words for a person."""
    said: list[str] = []
    if not unfinished_imports():
        return said
    for batch in ImportBatch.select().where(ImportBatch.undone == False):  # noqa: E712
        if not (batch.summary or {}).get("in_progress") or import_running(batch):
            continue
        plan = discard(batch.id)
        if plan is None:
            continue
        kept = f"; kept {len(plan.touched)} touched since" if plan.touched else ""
        said.append(
            f"an import that did not finish ({batch.source}) was taken back:"
            f" {plural(plan.deleted, 'contact')} removed, {len(plan.changed)} put back{kept}"
        )
    return said


def _run(
    head: list[Part],
    rest: Iterator[Part],
    writer: Applier,
    matcher: Matcher,
) -> Outcome:
    outcome = Outcome([], writer.result)
    earlier: dict[int, tuple[int, PlanItem]] = {}
    current: FileReport | None = None
    index = 0
    for part in _chain(head, rest):
        if isinstance(part, FileReport):  # the file's last part: what its reader found
            if current is None:
                current = part
            else:
                current.format, current.records = part.format, part.records
                current.issues, current.header = part.issues, part.header
                current.mapping = part.mapping
                current.needs_mapping = part.needs_mapping
            if current.needs_mapping:
                current.issues.append(
                    Issue(
                        current.path,
                        1,
                        "CSV columns not recognised: import it from the app to map its columns",
                        True,
                    )
                )
            outcome.files.append(current)
            current = None
            continue
        if current is None:
            current = writer.files[part[0].source] = FileReport(part[0].source)
        # Each chunk is its own short transaction, so other writers (a `netcare log`, the
        # window) wait for a chunk, not for the whole import; the batch is marked in
        # progress until the last one, and taken back whole if the import does not finish.
        store = writer.store
        with db.atomic() if store is not None else contextlib.nullcontext():
            if store is not None:
                store.chunk_begin()
            items = []
            for rec in part:
                items.append(plan_one(rec, matcher, index, earlier, writer.created))
                index += 1
            for item in items:
                writer.add(item)
                if item.action == "duplicate":
                    outcome.duplicates.append(item)
            writer.flush()  # every new record of the chunk has its contact now
            if store is not None:
                store.mark_rows()
        for item in items:
            if item.action == "duplicate":
                outcome.duplicate_lines.append(_duplicate_line(item, writer))
        for item in items:
            if item.placeholder:
                del earlier[item.placeholder]
    return outcome


def _duplicate_line(item: PlanItem, writer: Applier) -> str:
    """A possible duplicate the command line created as a contact of its own, in words."""
    rec = item.record
    where = f"{Path(rec.source).name}, line {rec.line}"
    target = item.target_id
    if target is not None and target < 0:  # an earlier record of this import
        target = writer.created.get(target)
    mine = writer.created.get(item.placeholder) if writer.write else None
    created = f"created as contact {mine}" if mine else "a new contact"
    other = f" (contact {target})" if target else ""
    return (
        f"{item.name} ({where}), {created}: {item.why or 'similar to ' + item.target_name}{other}"
    )


def _chain(head: list[Part], rest: Iterator[Part]) -> Iterator[Part]:
    while head:
        yield head.pop(0)
    yield from rest


def _in_process(paths: list[Path]) -> Iterator[Part]:
    for path in paths:
        yield from read_chunks(path, size=CHUNK, guess=True)


def _fork_available() -> bool:
    """Forking is safe where the command runs without threads and the platform forks
    cleanly (Linux; macOS's system libraries do not survive a fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _total_size(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        try:
            total += p.stat().st_size
        except OSError:
            pass
    return total


def _forked(paths: list[Path]) -> Generator[Part, None, None]:
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    try:
        receiver, sender = ctx.Pipe(duplex=False)
    except OSError as exc:  # out of file descriptors
        raise ReaderFailed(f"no pipe for a reading process ({exc})") from exc
    reader = ctx.Process(target=_read_into, args=(sender, receiver, paths), name="netcare-reader")
    reader.daemon = True
    try:
        reader.start()
    except OSError as exc:  # a process limit, or no memory to fork
        receiver.close()
        sender.close()
        raise ReaderFailed(f"no reading process ({exc})") from exc
    sender.close()
    finished = False
    try:
        while True:
            try:
                part = pickle.loads(receiver.recv_bytes())
            except EOFError:  # it ended between two chunks
                break
            except (OSError, pickle.UnpicklingError) as exc:  # it ended in the middle of one
                log.warning("the reading process broke off a chunk: %s", exc)
                break
            if part is None:
                finished = True
                break
            yield part
    finally:
        receiver.close()
        if not finished and reader.is_alive():
            reader.terminate()
        reader.join()
    if not finished:
        raise ReaderFailed(f"the reading process stopped (exit code {reader.exitcode})")


def _read_into(sender, receiver, paths: list[Path]) -> None:  # in the forked process
    import gc

    gc.disable()  # it lives for one import; nothing it builds is kept
    try:
        # Without the pipe's reading end here, the writer's death breaks the pipe and ends
        # this process at its next send; without the standard streams, whoever reads the
        # command's output is not kept waiting by it.
        receiver.close()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        for path in paths:
            for part in read_chunks(path, size=CHUNK, first=FIRST_CHUNK, guess=True):
                sender.send_bytes(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        sender.send_bytes(pickle.dumps(None))
        sender.close()
    except BaseException:  # noqa: BLE001 - the writer notices, and reads again itself
        os._exit(1)
