"""Realistic sample networks, for benchmarks, screenshots and tests.

Deterministic for a given seed.  Bulk inserts go straight through SQL in one
transaction (the FTS triggers still fire), so 100,000 contacts take seconds.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from netcare_desktop.core.kinds import DEFAULT_DIRECTION, Kind
from netcare_desktop.core.names import sort_key
from netcare_desktop.store.models import db

GIVEN = (
    "Ada Grace Alan Katherine Linus Margaret Tim Barbara Dennis Frances Ken Radia Donald Shafi "
    "Edsger Hedy John Sophie Guido Anita Bjarne Carol Niklaus Lynn Vint Joan Yukihiro Mary "
    "Amara Chen Priya Mateo Aisha Lars Ingrid Kwame Sofia Hiroshi Elena Omar Zara Nikolai Lucia "
    "José Zoë Søren Łukasz Chloé Andrés"
).split()
FAMILY = (
    "Lovelace Hopper Turing Johnson Torvalds Hamilton Berners-Lee Liskov Ritchie Allen Thompson "
    "Perlman Knuth Goldwasser Dijkstra Lamarr McCarthy Wilson Rossum Borg Stroustrup Shaw Wirth "
    "Conway Cerf Clarke Matsumoto Jackson Okafor Wei Raman Álvarez Haddad Nilsson Berg Mensah "
    "Rossi Tanaka Petrova Farouk Ahmed Volkov Moreno Müller O'Brien García Kowalski Dubois"
).split()
ORGS = (
    "Analytical Engines",
    "Harbor Robotics",
    "Northwind Labs",
    "Riverside Book Club",
    "City Food Bank",
    "Open Source Initiative",
    "Alumni Association",
    "Tennis Club",
    "Bluebird Ventures",
    "Acme Corp",
    "Helix Bio",
    "Quanta Systems",
    "Civic Code",
    "Lakeside Rowing",
    "Foundry & Co",
)
GROUP_KINDS = {
    "Riverside Book Club": "book club",
    "City Food Bank": "charity",
    "Open Source Initiative": "online group",
    "Alumni Association": "alumni",
    "Tennis Club": "club",
    "Civic Code": "association",
    "Lakeside Rowing": "club",
}
TITLES = (
    "Engineer",
    "Product Manager",
    "Designer",
    "Founder",
    "Researcher",
    "Director",
    "Recruiter",
    "Data Scientist",
    "Treasurer",
    "Coach",
    "CTO",
    "Consultant",
    "Editor",
    "",
)
SUMMARIES = {
    Kind.CONGRATULATIONS: "Congratulated on the new role",
    Kind.ARTICLE_SHARED: "Shared an article on distributed teams",
    Kind.CHECK_IN: "Asked how the move went",
    Kind.COFFEE: "Coffee near the office",
    Kind.INTRO_MADE: "Introduced to a hiring manager",
    Kind.FAVOR_ASKED: "Asked for feedback on my talk",
    Kind.CALL: "Catch-up call",
    Kind.MEETING: "Met at the meetup",
}


def seed_sample(
    count: int, now: datetime, seed: int = 7, interactions_per_contact: float = 1.5
) -> None:
    rng = random.Random(seed)
    circle_ids = [
        r[0] for r in db.execute_sql("SELECT id FROM circle ORDER BY position").fetchall()
    ]
    kinds = list(SUMMARIES)
    with db.atomic():
        cur = db.cursor()
        # Every organization is also a group (employer, club, charity...), with members.
        group_ids = {}
        for org in ORGS:
            cur.execute(
                'INSERT OR IGNORE INTO "group" (name, kind) VALUES (?, ?)',
                (org, GROUP_KINDS.get(org, "employer")),
            )
            group_ids[org] = cur.execute(
                'SELECT id FROM "group" WHERE name = ?', (org,)
            ).fetchone()[0]
        for i in range(count):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            name = f"{given} {family}"
            org = rng.choice(ORGS)
            circle = rng.choice(circle_ids + [None, None]) if circle_ids else None
            created = now - timedelta(days=rng.randint(30, 900))
            # Birthdays for about four in ten, a quarter of them without the year.
            b_year = b_month = b_day = None
            if rng.random() < 0.4:
                b_month, b_day = rng.randint(1, 12), rng.randint(1, 28)
                b_year = rng.randint(1950, 2000) if rng.random() < 0.75 else None
            cur.execute(
                "INSERT INTO contact (display_name, sort_name, given_name, family_name, middle_name,"
                " prefix, suffix, nickname, organization, department, title, notes, photo_mime,"
                " photo_url, circle_id, circle_since, vcard_uid, linkedin_url, archived,"
                " birthday_year, birthday_month, birthday_day,"
                " created_at, updated_at)"
                " VALUES (?,?,?,?,'','','','',?,'',?,?,'','',?,?,'','',0,?,?,?,?,?)",
                (
                    name,
                    sort_key(name, family, given),
                    given,
                    family,
                    org,
                    rng.choice(TITLES),
                    f"Met through {rng.choice(ORGS)}." if rng.random() < 0.3 else "",
                    circle,
                    created if circle else None,
                    b_year,
                    b_month,
                    b_day,
                    created,
                    created,
                ),
            )
            cid = cur.lastrowid
            cur.execute(
                "INSERT INTO membership (contact_id, group_id, role) VALUES (?, ?, ?)",
                (cid, group_ids[org], "member" if org in GROUP_KINDS else "colleague"),
            )
            email = f"{given}.{family}{i}@example.org".lower().replace("'", "")
            cur.execute(
                "INSERT INTO email (contact_id, address, label, preferred, position) VALUES (?,?,?,0,0)",
                (cid, email, "work"),
            )
            last = None
            for _ in range(int(rng.random() * interactions_per_contact * 2)):
                kind = rng.choice(kinds)
                when = now - timedelta(days=rng.randint(1, 400), hours=rng.randint(0, 12))
                last = max(last, when) if last else when
                # A few touches carry a follow-up date; most older ones were done.
                follow, done = None, 0
                if rng.random() < 0.03:
                    follow = (when + timedelta(days=rng.randint(3, 30))).date()
                    done = 1 if follow < (now - timedelta(days=20)).date() else 0
                cur.execute(
                    "INSERT INTO interaction (contact_id, occurred_at, kind, direction, summary, notes,"
                    " follow_up, follow_up_done, created_at) VALUES (?,?,?,?,?,'',?,?,?)",
                    (
                        cid,
                        when,
                        kind.value,
                        DEFAULT_DIRECTION[kind].value,
                        SUMMARIES[kind],
                        follow,
                        done,
                        when,
                    ),
                )
            if last:
                cur.execute("UPDATE contact SET last_touch_at = ? WHERE id = ?", (last, cid))
