"""Take the README's screenshot: sample network, a contact selected, real window.

Run under a real X server for a faithful picture:
    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot.py docs/screenshot.png
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netcare_desktop import paths
from netcare_desktop.core.kinds import Kind
from netcare_desktop.store import contacts
from netcare_desktop.store.database import open_store
from netcare_desktop.store.sample import seed_sample
from netcare_desktop.ui.formatting import utc_now
from netcare_desktop.ui.main_window import MainWindow, app_icon


def main(out: str, view: str = "contacts") -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("NetCare")
    with tempfile.TemporaryDirectory() as tmp:
        p = paths.resolve(tmp)
        p.ensure()
        now = utc_now()
        db = open_store(p.database, p.backups_dir, now)
        seed_sample(60, now, seed=3)
        cid = contacts.create_contact(
            contacts.ContactInput(
                given_name="Ada",
                family_name="Lovelace",
                organization="Analytical Engines",
                title="Research Director",
                circle_id=1,
                emails=[("work", "ada@analytical.example")],
                phones=[("mobile", "+44 20 7946 0958")],
                groups=["Riverside Book Club", "Women in Computing"],
                birthday_month=12,
                birthday_day=10,
                notes="Met at the Royal Society lecture. Loves talking about poetical science.",
            ),
            now - timedelta(days=200),
        )
        for days, kind, summary, follow in (
            (3, Kind.ARTICLE_SHARED, "Sent her the piece on Babbage's notebooks", None),
            (21, Kind.CONGRATULATIONS, "Congratulated her on the new role", None),
            (48, Kind.COFFEE, "Coffee near King's Cross", (now + timedelta(days=10)).date()),
            (95, Kind.FAVOR_ASKED, "Asked for feedback on my talk", None),
        ):
            contacts.log_interaction(
                cid, kind, now - timedelta(days=days), now, summary=summary, follow_up=follow
            )
        app.setWindowIcon(app_icon())
        from netcare_desktop.store.reader import open_reader

        w = MainWindow(p, open_reader(p.database))
        w.resize(1240, 760)
        w.show()
        w.select_contact(cid)
        w.reminders.check(announce=False)
        if view == "due":
            w.show_due()
        elif view == "today":
            w.show_today()
        elif view == "groups":
            w._show_tab(3)
        elif view == "health":
            w._show_tab(4)

        def shoot():
            w.grab().save(out)
            print(out)
            app.quit()

        QTimer.singleShot(500, shoot)
        app.exec()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:] or ["screenshot.png"])))
