"""Contacts in and out: ``import``, ``export``, ``imports`` and ``undo-import``.

An import is backed up before it writes and can be undone by its batch id; an export
is written privately and published whole, never over an existing file.
"""

from __future__ import annotations

import json
import sys

from netcare_desktop.cli.common import UserError, current_time, iso_text, load_prefs
from netcare_desktop.core.words import plural


def cmd_import(args) -> int:
    from pathlib import Path

    from netcare_desktop.interop import importer

    paths = importer.expand_paths(args.files)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UserError(f"no such file: {missing[0]}")
    special = [str(p) for p in paths if not Path(p).is_file()]
    if special:  # /dev/zero would never end, a FIFO would wait for a writer forever
        raise UserError(
            f"{special[0]} is not a regular file (a device, a pipe or a socket); nothing imported"
        )
    if not paths:
        raise UserError("no .vcf, .vcard, .csv or .json files in the given folders")
    from netcare_desktop.interop.stream import import_files

    before_write = None
    if not args.dry_run:
        from netcare_desktop import paths as app_paths
        from netcare_desktop.store import backup

        where = app_paths.resolve(args.data_dir)

        def before_write(records: int) -> None:
            try:
                backup.before_import(where.database, where.backups_dir, current_time(), records)
            except backup.BackupError as exc:
                raise UserError(
                    f"could not back up before importing, nothing imported: {exc}"
                ) from exc

    from netcare_desktop.interop.reading import chosen_encoding

    try:
        encoding = chosen_encoding(args.encoding)
    except LookupError:
        raise UserError(f"unknown code page: {args.encoding}") from None
    with encoding:
        outcome = import_files(
            paths,
            current_time(),
            # --region, else the region chosen in Preferences, else the locale's
            region=_region(args.region) or load_prefs().phone_region or None,
            dry_run=args.dry_run,
            source=" ".join(str(p) for p in args.files),
            before_write=before_write,
        )
    _say_nothing_read(outcome.files)
    report = importer.report_json(outcome.files)
    for entry, read in zip(report["files"], outcome.files, strict=True):
        if read.mapping:
            entry["mapping"] = read.mapping
    if not outcome.readable:  # nothing could be read: say why on stderr, nothing changed
        for f in outcome.files:
            for issue in f.issues:
                print(f"netcare: {issue}", file=sys.stderr)
        if args.json:
            report["dry_run"] = bool(args.dry_run)
            json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        return 1
    batch_id = outcome.result.batch_id
    if batch_id is not None:
        report["batch"] = batch_id
    report["dry_run"] = bool(args.dry_run)
    # Never a silent merge: each one in words, and each possible duplicate created apart.
    report["merges"] = outcome.result.merges
    report["kept_aside"] = outcome.result.kept_aside
    report["duplicates"] = outcome.duplicate_lines
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        verb = "Would import" if args.dry_run else "Imported"
        for f in report["files"]:
            print(
                f"{f['path']}: {plural(f['records'], 'record')} ({f['format']}): {f['created']} new, "
                f"{f['merged']} merged, {f['unchanged']} unchanged, "
                f"{plural(f['possible_duplicates'], 'possible duplicate')}"
            )
            if f.get("mapping"):
                print(_mapping_line(f["mapping"]))
            for e in f["errors"]:
                print(f"  line {e['line']}: {e['message']}")
        print(
            f"{verb}: {report['created']} new, {report['merged']} merged, {report['unchanged']} unchanged, "
            f"{plural(report['possible_duplicates'], 'possible duplicate')} created as new contacts"
            + (f". Undo with: netcare undo-import {batch_id}" if batch_id else "")
        )
        for line in outcome.duplicate_lines:
            print(f"  possible duplicate: {line}")
        for line in outcome.result.merges:
            print(f"  merged: {line}")
        if outcome.result.kept_aside:
            print(
                f"{plural(outcome.result.kept_aside, 'value')} that did not fit"
                " kept aside in the notes of the contacts merged into."
            )
    return 0


def _say_nothing_read(files) -> None:
    """A file that gave no record and said nothing (an empty file, one that is only a
    byte-order mark, a vCard file without a card, a JSON document without contacts) says
    so: then it counts as unreadable, and an import of nothing but such files exits 1."""
    from pathlib import Path

    from netcare_desktop.core.record import Issue

    for f in files:
        if f.records:
            continue
        try:
            with Path(f.path).open("rb") as fh:
                head = fh.read(4097)
        except OSError:
            continue
        blank = b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"  # BOMs, and blanks in any UTF
        if len(head) <= 4096 and not head.lstrip(blank):
            f.issues = [Issue(f.path, 1, "the file is empty: nothing to import", True)]
        elif not f.issues:
            what = {"vcard": "no vCard (BEGIN:VCARD)", "json": "no contacts"}.get(
                f.format, "no rows"
            )
            f.issues.append(Issue(f.path, 1, f"the file holds {what}: nothing to import", True))


def _mapping_line(mapping: dict[str, str]) -> str:
    """ "  columns mapped by their names: 'First name' -> given name, ...; kept as ..." """
    mapped = [f"{k!r} -> {v.replace('_', ' ')}" for k, v in mapping.items() if v != "ignore" and k]
    kept = [repr(k) for k, v in mapping.items() if v == "ignore" and k]
    line = "  columns mapped by their names: " + ", ".join(mapped)
    if kept:
        line += "; kept as they are (X- properties): " + ", ".join(kept)
    return line


def _region(text: str | None) -> str | None:
    """``--region`` as phonenumbers knows it (``gb`` -> ``GB``), or a user error."""
    if not text:
        return None
    import phonenumbers

    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise UserError(
            f"--region {text!r} is not a region code (two letters, e.g. US, GB, DE, FR, IN)"
        )
    return code


def cmd_export(args) -> int:
    from netcare_desktop.interop.exporter import export

    problems: list[str] = []
    if args.output:
        import os
        from pathlib import Path

        from netcare_desktop.store import files

        target = Path(args.output).absolute()
        # Private from its first byte (0600, O_EXCL|O_NOFOLLOW); anything already at the
        # target (a file, a symlink, a FIFO, another user's file) is refused, not followed.
        tmp = target.with_name(f".{target.name}.{os.getpid()}{files.PARTIAL}")
        try:
            files.refuse_existing(target)
            fd = files.create_private(tmp)
        except OSError as exc:
            raise UserError(
                exc.strerror
                if isinstance(exc, files.UnsafeTarget)
                else f"cannot write {target}: {files.describe_os_error(exc)}"
            ) from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = export(args.format, out, current_time(), problems=problems)
                out.flush()
                os.fsync(out.fileno())
            files.publish(tmp, target)  # whole or not at all; never over a file
        except OSError as exc:
            raise UserError(
                exc.strerror
                if isinstance(exc, files.UnsafeTarget)
                else f"cannot write {target}: {files.describe_os_error(exc)}"
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
        print(f"Exported {plural(count, 'contact')} to {target}.", file=sys.stderr)
    else:
        sys.stdout.reconfigure(newline="")
        export(args.format, sys.stdout, current_time(), problems=problems)
    for problem in problems:  # a value the format cannot hold is never dropped silently
        print(f"netcare: not exported: {problem}", file=sys.stderr)
    return 0


def cmd_imports(args) -> int:
    from netcare_desktop.interop import importer

    rows = importer.batches()
    if args.json:
        json.dump(
            [
                {
                    "id": b.id,
                    "at": iso_text(b.created_at),
                    "source": b.source,
                    "undone": b.undone,
                    **(b.summary or {}),
                }
                for b in rows
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No imports yet.", file=sys.stderr)
    for b in rows:
        s = b.summary or {}
        state = " (undone)" if b.undone else ""
        print(
            f"{b.id:>4}  {b.created_at:%Y-%m-%d %H:%M}  {s.get('created', 0)} new, {s.get('merged', 0)} merged"
            f"  {b.source}{state}"
        )
    return 0


def cmd_undo_import(args) -> int:
    from netcare_desktop.interop import importer

    try:
        if args.dry_run:
            plan = importer.preview_undo(args.batch, args.delete_touched)
        else:
            plan = importer.undo(args.batch, args.delete_touched)
    except (LookupError, ValueError) as exc:
        raise UserError(str(exc.args[0])) from exc
    if args.dry_run:
        print(f"Undoing import {args.batch} would change this (nothing was changed):")
        print("\n".join(plan.lines()))
        if plan.touched and not args.delete_touched:
            print("Add --delete-touched to delete the contacts it keeps too.")
        return 0
    print(
        f"Undid import {args.batch}: {plural(plan.deleted, 'contact')} removed, "
        f"{len(plan.changed)} restored as they were."
    )
    print("\n".join(plan.lines(done=True)))
    if plan.kept_contacts:
        print(
            f"Kept {plural(len(plan.kept_contacts), 'contact')} touched since the import; "
            f"delete them with: netcare undo-import {args.batch} --delete-touched",
            file=sys.stderr,
        )
    return 0
