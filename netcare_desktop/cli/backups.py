"""The ``backup`` and ``restore`` subcommands (``restore --undo`` puts back what was there)."""

from __future__ import annotations

from netcare_desktop.cli.common import UserError, current_time, load_prefs


def cmd_backup(args) -> int:
    from pathlib import Path

    from netcare_desktop import paths as app_paths
    from netcare_desktop.store import backup
    from netcare_desktop.store.models import db

    where = app_paths.resolve(args.data_dir)
    if args.list:
        for b in backup.list_backups(where.backups_dir):
            print(
                f"{b.taken_at:%Y-%m-%d %H:%M:%S}Z  {b.label:<15} {b.size / 1e6:8.1f} MB  {b.path}"
            )
        return 0
    prefs = load_prefs()
    try:
        if args.output:
            target = backup.export_copy(db.connection(), Path(args.output))
        else:
            target = backup.take_backup(
                db.connection(),
                where.backups_dir,
                current_time(),
                "manual",
                prefs.backup_days,
                prefs.backup_weeks,
            )
    except backup.BackupError as exc:
        raise UserError(str(exc)) from exc
    print(f"Backed up to {target} (verified).")
    return 0


def cmd_restore(args) -> int:
    from pathlib import Path

    from netcare_desktop import paths as app_paths
    from netcare_desktop.store import backup, schema
    from netcare_desktop.store.models import db

    where = app_paths.resolve(args.data_dir)
    if args.undo == bool(args.file):
        raise UserError("give a backup FILE to restore, or --undo to undo the last restore")
    try:
        if args.undo:
            source, safety = backup.undo_restore(db.connection(), where.backups_dir, current_time())
        else:
            source = Path(args.file)
            if not source.is_absolute() and not source.exists():
                source = where.backups_dir / source
            safety = backup.restore(db.connection(), source, where.backups_dir, current_time())
        schema.migrate(
            db.obj, where.backups_dir, current_time()
        )  # an older backup: bring it up to date
    except backup.BackupError as exc:
        raise UserError(str(exc)) from exc
    if args.undo:
        print(f"Undid the last restore: back to {source.name}. What it replaced is in {safety}.")
    else:
        print(
            f"Restored {source.name}. What was there before is kept in {safety}"
            " (`netcare restore --undo` puts it back)."
        )
    return 0
