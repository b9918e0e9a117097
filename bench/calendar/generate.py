#!/usr/bin/env python3
"""Writes the calendar benchmark's three files (deterministic: seeded), as Google Calendar and
Outlook export them: CRLF, lines folded at 75 octets (never inside a UTF-8 sequence), VTIMEZONEs
for Europe/Paris and America/New_York with STANDARD/DAYLIGHT RRULEs, escaped text and unicode.

  big.ics     EVENTS VEVENTs (default 10,000): mostly one-offs over 2025-2027, zoned (Paris,
              New York) or UTC, 2-15 attendees each; about a tenth are series (RRULE, some EXDATEs)
              and some are overrides of a series' instance (RECURRENCE-ID).
  series.ics  SERIES recurring series (default 1,000) in Europe/Paris, to expand over 2026: DAILY,
              WEEKLY with BYDAY lists, INTERVAL=2, MONTHLY BYDAY=2TU / BYMONTHDAY / -1, YEARLY;
              COUNT, UNTIL (UTC) or endless; EXDATEs; moved instances (RECURRENCE-ID overrides).
  leader.ics  A busy leader's year (lea@example.com): ~40 recurring meetings and ~1,500 one-offs
              in 2026, with her reports and peers, some declined, tentative, free or all-day.

Every series' DTSTART is one of its rule's instances, overrides only move instances that exist,
and no event straddles the window's edges, so that two correct engines must count the same
occurrences; times are between 07:00 and 20:00, away from DST gaps.

usage: generate.py OUT_DIR [EVENTS] [SERIES]
"""
import datetime as dt
import os
import random
import unicodedata
import sys

out_dir = sys.argv[1]
event_count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
series_count = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000

VTIMEZONES = {
    "Europe/Paris": [
        "BEGIN:VTIMEZONE", "TZID:Europe/Paris", "X-LIC-LOCATION:Europe/Paris",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
        "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
        "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ],
    "America/New_York": [
        "BEGIN:VTIMEZONE", "TZID:America/New_York", "X-LIC-LOCATION:America/New_York",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT",
        "DTSTART:19700308T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "TZNAME:EST",
        "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ],
}

FIRST = ["Léa", "Zoë", "Jürgen", "Ayşe", "Søren", "Chloé", "José", "Åsa", "Björn", "Noah", "Emma",
         "Liam", "Olivia", "Mateo", "Sofía", "Hiroshi", "Yuki", "Priya", "Arjun", "Fatima", "Omar",
         "Ingrid", "Pierre", "Camille", "Lucas", "Maëlle", "François", "Nadia", "Kwame", "Amara"]
LAST = ["Martin", "Müller", "Weiß", "Yılmaz", "Østergaard", "Dubois", "García", "Nyström",
        "Ångström", "Smith", "Johnson", "Nguyen", "Tanaka", "Sato", "Patel", "Sharma", "Haddad",
        "Okafor", "Lefèvre", "Moreau", "Rossi", "Kowalski", "Novák", "O'Brien", "Silva"]
TOPICS = ["Roadmap review", "Sprint planning", "Design critique", "Hiring sync", "Budget Q{q}",
          "Incident post-mortem", "1:1", "Customer call – {c}", "Architecture forum", "Demo day 🚀",
          "Onboarding: {n}", "Offsite prep", "Réunion d'équipe", "Retro; lessons learned",
          "Interview, senior engineer", "Vendor review (Contoso, Fabrikam)", "Board prep \\ finance",
          "Security review", "Pricing workshop", "Coffee ☕ with {n}"]
CUSTOMERS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"]
ROLES = ["REQ-PARTICIPANT"] * 6 + ["OPT-PARTICIPANT"] * 2 + ["CHAIR", "NON-PARTICIPANT"]
PARTSTATS = ["ACCEPTED"] * 6 + ["NEEDS-ACTION"] * 2 + ["TENTATIVE", "DECLINED"]
PARIS_OFFSET = {False: dt.timedelta(hours=1), True: dt.timedelta(hours=2)}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def last_sunday(year, month):
    d = dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def paris_to_utc(local):
    """Europe/Paris local → UTC (EU rules; callers keep away from the 02:00-03:00 transitions)."""
    dst = last_sunday(local.year, 3) <= local.date() < last_sunday(local.year, 10)
    return local - PARIS_OFFSET[dst]


def fold(line):
    """RFC 5545 3.1: at most 75 octets a line, continuations start with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 sequence
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts) + "\r\n"


def text(value):
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def stamp(t):
    return t.strftime("%Y%m%dT%H%M%S")


def ascii_name(name):
    plain = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("ß", "ss").replace("ı", "i"))
    return plain.encode("ascii", "ignore").decode().lower().replace("'", "").replace(" ", ".")


def person(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = ascii_name(first + "." + last)
    return f"{first} {last}", f"{email}{rng.randrange(100)}@example.com"


def title(rng, name):
    return rng.choice(TOPICS).format(q=rng.randint(1, 4), c=rng.choice(CUSTOMERS), n=name.split()[0])


def description(rng, summary):
    lines = [f"Agenda for “{summary}”:", "1. Where we are, risks, blockers",
             "2. Decisions; owners; dates", "3. AOB \\ questions"]
    if rng.random() < 0.5:
        lines.append("Notes: https://docs.example.com/d/" + "".join(rng.choice("abcdefghijk0123456789") for _ in range(44)) + "/edit")
    lines.append("Join: https://meet.google.com/" + "-".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)) for n in (3, 4, 3)))
    if rng.random() < 0.3:
        lines.append("-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-")
        lines.append("Ne modifiez pas cette section de la description. Ce rendez-vous est géré par Google Agenda.")
    return "\n".join(lines)


def attendees(rng, organiser, count, leader=None, leader_status=None):
    lines = []
    people = [person(rng) for _ in range(count)]
    if leader:
        people[rng.randrange(len(people))] = leader
    for name, email in people:
        cutype = "INDIVIDUAL" if rng.random() < 0.93 else rng.choice(["ROOM", "RESOURCE", "GROUP"])
        status = leader_status if leader and email == leader[1] and leader_status else rng.choice(PARTSTATS)
        role = "CHAIR" if email == organiser[1] else rng.choice(ROLES)
        rsvp = ";RSVP=TRUE" if status == "NEEDS-ACTION" else ""
        lines.append(f'ATTENDEE;CUTYPE={cutype};ROLE={role};PARTSTAT={status}{rsvp};CN="{name}";X-NUM-GUESTS=0:mailto:{email}')
    lines.append(f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN="{organiser[0]}":mailto:{organiser[1]}')
    return lines


def dtprop(name, local, zone):
    if zone == "UTC":
        return f"{name}:{stamp(paris_to_utc(local))}Z"
    return f"{name};TZID={zone}:{stamp(local)}"


def vevent(rng, uid, start, minutes, zone, summary, organiser, attendee_lines, rrule=None, exdates=(), recurrence_id=None, extra=()):
    lines = ["BEGIN:VEVENT", dtprop("DTSTART", start, zone), dtprop("DTEND", start + dt.timedelta(minutes=minutes), zone)]
    if rrule:
        lines.append("RRULE:" + rrule)
    if exdates:
        lines.append(f"EXDATE;TZID={zone}:" + ",".join(stamp(d) for d in exdates))
    lines.append("DTSTAMP:20261201T101500Z")
    lines.append(f'ORGANIZER;CN="{organiser[0]}":mailto:{organiser[1]}')
    lines.append(f"UID:{uid}")
    if recurrence_id:
        lines.append(dtprop("RECURRENCE-ID", recurrence_id, zone))
    lines.extend(attendee_lines)
    lines.append(f"X-MICROSOFT-CDO-OWNERAPPTID:{rng.randrange(-2**31, 2**31)}")
    lines.append("CREATED:20250301T090000Z")
    lines.append("DESCRIPTION:" + text(description(rng, summary)))
    lines.append("LAST-MODIFIED:20261130T174512Z")
    lines.append("LOCATION:" + text(rng.choice(["Salle Belleville (8)", "Room 4.12, HQ", "Zoom", "", "Café de Flore, Paris", "Conf-NY-23 [VC]"])))
    lines.append(f"SEQUENCE:{1 if recurrence_id else rng.choice([0, 0, 0, 1, 2])}")
    lines.append("STATUS:CONFIRMED")
    lines.append("SUMMARY:" + text(summary))
    lines.append("TRANSP:OPAQUE")
    lines.extend(extra)
    lines.append("X-GOOGLE-CONFERENCE:https://meet.google.com/" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10)))
    lines.append("END:VEVENT")
    return lines


def calendar(name, events):
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{name}", "X-WR-TIMEZONE:Europe/Paris"]
    lines += VTIMEZONES["Europe/Paris"] + VTIMEZONES["America/New_York"]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def weekly_instances(start, days, interval, until):
    """Instances of FREQ=WEEKLY;INTERVAL=n;BYDAY=days (WKST=MO) from start, before until."""
    week = start - dt.timedelta(days=start.weekday())
    found = []
    while week < until:
        for d in sorted(days):
            t = week + dt.timedelta(days=d)
            if start <= t < until:
                found.append(t)
        week += dt.timedelta(weeks=interval)
    return found


def big_file(rng):
    events, made = [], 0
    base = dt.datetime(2025, 1, 6)
    while made < event_count:
        organiser = person(rng)
        zone = rng.choice(["Europe/Paris"] * 6 + ["America/New_York"] * 2 + ["UTC"] * 2)
        start = base + dt.timedelta(days=rng.randrange(0, 730), hours=rng.randint(7, 18), minutes=rng.choice([0, 15, 30, 45]))
        if start.weekday() >= 5:
            start -= dt.timedelta(days=2)
        summary = title(rng, organiser[0])
        uid = f"{rng.getrandbits(64):016x}{made:05d}@google.com"
        minutes = rng.choice([15, 25, 30, 45, 50, 60, 60, 90, 120])
        extra = []
        if rng.random() < 0.2:
            extra.append("X-ALT-DESC;FMTTYPE=text/html:" + text(f"<html><body><p>{summary}</p><p>Rejoindre la réunion</p></body></html>"))
        if rng.random() < 0.1:
            extra.append("CATEGORIES:" + ",".join(rng.sample(["Work", "Customer", "Hiring", "Internal", "Travel"], 2)))
        if rng.random() < 0.1 and zone != "UTC" and made + 3 < event_count:
            day = start.weekday()
            rule = rng.choice([f"FREQ=WEEKLY;BYDAY={WEEKDAYS[day]}", f"FREQ=WEEKLY;INTERVAL=2;BYDAY={WEEKDAYS[day]}",
                               "FREQ=DAILY;COUNT=20", f"FREQ=MONTHLY;BYDAY=1{WEEKDAYS[day]}" if start.day <= 7 else f"FREQ=MONTHLY;BYMONTHDAY={start.day}"])
            instances = weekly_instances(start, [day], 1, start + dt.timedelta(weeks=8)) if "WEEKLY;BYDAY" in rule else []
            exdates = rng.sample(instances[1:], 2) if instances and rng.random() < 0.5 else []
            events.append(vevent(rng, uid, start, minutes, zone, summary, organiser, attendees(rng, organiser, rng.randint(2, 15)), rule, exdates))
            made += 1
            if instances and rng.random() < 0.5:
                moved = next(t for t in instances[1:] if t not in exdates)
                events.append(vevent(rng, uid, moved + dt.timedelta(hours=1), minutes, zone, summary + " (moved)", organiser,
                                     attendees(rng, organiser, rng.randint(2, 15)), recurrence_id=moved))
                made += 1
            continue
        events.append(vevent(rng, uid, start, minutes, zone, summary, organiser, attendees(rng, organiser, rng.randint(2, 15)), extra=extra))
        made += 1
    return calendar("Big export", events)


def series_file(rng):
    """Series in Europe/Paris, each with its rule and the instances an engine must find (for overrides and EXDATEs)."""
    events = []
    horizon = dt.datetime(2027, 3, 1)
    for n in range(series_count):
        organiser = person(rng)
        summary = title(rng, organiser[0])
        uid = f"series-{n:04d}-{rng.getrandbits(48):012x}@example.com"
        minutes = rng.choice([15, 30, 30, 45, 60, 60, 90])
        time = dt.timedelta(hours=rng.randint(8, 17), minutes=rng.choice([0, 0, 30, 15]))
        first = dt.datetime(2023, 1, 2) + dt.timedelta(days=rng.randrange(0, 3 * 365 + 300))  # 2023-01 .. 2026-10
        kind = rng.choices(["daily", "daily2", "weekly", "weekly2", "monthly-nth", "monthly-day", "monthly-last", "yearly"],
                           weights=[10, 5, 35, 15, 12, 10, 8, 5])[0]
        if kind in ("daily", "daily2"):
            while first.weekday() >= 5:
                first += dt.timedelta(days=1)
            start = first + time
            interval = 1 if kind == "daily" else 2
            rule = "FREQ=DAILY" + ("" if interval == 1 else ";INTERVAL=2")
            if interval == 1 and rng.random() < 0.5:
                rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
                instances = weekly_instances(start, range(5), 1, horizon)
            else:
                instances = []
                t = start
                while t < horizon:
                    instances.append(t)
                    t += dt.timedelta(days=interval)
        elif kind in ("weekly", "weekly2"):
            days = sorted(rng.sample(range(5), rng.choice([1, 1, 1, 2, 3])))
            first += dt.timedelta(days=(days[0] - first.weekday()) % 7)
            start = first + time
            interval = 1 if kind == "weekly" else 2
            rule = f"FREQ=WEEKLY;{'INTERVAL=2;' if interval == 2 else ''}BYDAY={','.join(WEEKDAYS[d] for d in days)}"
            instances = weekly_instances(start, days, interval, horizon)
        elif kind == "monthly-nth":
            nth, day = rng.choice([1, 2, 2, 3, 4, -1]), rng.randrange(5)
            rule = f"FREQ=MONTHLY;BYDAY={nth}{WEEKDAYS[day]}"
            instances = []
            y, m = first.year, first.month
            while dt.datetime(y, m, 1) < horizon:
                days_in = [dt.date(y, m, d) for d in range(1, 32) if _valid(y, m, d) and dt.date(y, m, d).weekday() == day]
                instances.append(dt.datetime.combine(days_in[nth - 1 if nth > 0 else -1], dt.time()) + time)
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            instances = [t for t in instances if t >= first]
            start = instances[0]
        elif kind == "monthly-day":
            mday = rng.randint(1, 28)
            rule = f"FREQ=MONTHLY;BYMONTHDAY={mday}"
            instances = []
            y, m = first.year, first.month
            while dt.datetime(y, m, 1) < horizon:
                instances.append(dt.datetime(y, m, mday) + time)
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            instances = [t for t in instances if t >= first]
            start = instances[0]
        elif kind == "monthly-last":
            rule = "FREQ=MONTHLY;BYMONTHDAY=-1"
            instances = []
            y, m = first.year, first.month
            while dt.datetime(y, m, 1) < horizon:
                ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
                instances.append(dt.datetime(ny, nm, 1) - dt.timedelta(days=1) + time)
                y, m = ny, nm
            instances = [t for t in instances if t >= first]
            start = instances[0]
        else:
            start = first.replace(day=min(first.day, 28)) + time
            rule = "FREQ=YEARLY"
            instances = [start.replace(year=y) for y in range(start.year, 2028)]
        instances = [t for t in instances if t < horizon]

        ending = rng.choices(["endless", "count", "until"], weights=[50, 25, 25])[0]
        if ending == "count":
            count = rng.randint(5, 400) if kind != "yearly" else rng.randint(2, 6)
            rule += f";COUNT={count}"
            instances = instances[:count]
        elif ending == "until":
            until_local = dt.datetime(2026, 1, 15) + dt.timedelta(days=rng.randrange(0, 500))
            until_local = max(until_local, start + dt.timedelta(days=rng.randrange(7, 200)))  # never before DTSTART
            until = paris_to_utc(until_local.replace(hour=22, minute=59, second=59))
            rule += f";UNTIL={stamp(until)}Z"
            instances = [t for t in instances if paris_to_utc(t) <= until]
        in_year = [t for t in instances if dt.datetime(2026, 1, 3) <= t <= dt.datetime(2026, 12, 29)]
        exdates = sorted(rng.sample(in_year, min(len(in_year), rng.randint(1, 4)))) if in_year and rng.random() < 0.3 else []
        attendee_lines = attendees(rng, organiser, rng.randint(2, 12))
        events.append(vevent(rng, uid, start, minutes, "Europe/Paris", summary, organiser, attendee_lines, rule, exdates))
        candidates = [t for t in in_year if t not in exdates]
        if candidates and rng.random() < 0.15:
            for moved in sorted(rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))):
                shift = dt.timedelta(hours=rng.choice([-1, 1, 2]))
                events.append(vevent(rng, uid, moved + shift, minutes, "Europe/Paris", summary, organiser, attendee_lines, recurrence_id=moved))
    return calendar("Series", events)


def _valid(y, m, d):
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def leader_file(rng):
    """A busy leader's 2026: her recurring meetings (staff, 1:1s with each report, reviews), and one-offs."""
    lea = ("Léa Martin", "lea@example.com")
    reports = [(f"{f} {l}", ascii_name(f"{f}.{l}") + "@example.com")
               for f, l in [("Noah", "Smith"), ("Priya", "Patel"), ("Camille", "Moreau"), ("Kwame", "Okafor"),
                            ("Yuki", "Tanaka"), ("Omar", "Haddad"), ("Ingrid", "Nystrom")]]
    events = []
    year = dt.datetime(2026, 1, 5)  # a Monday
    recurring = []
    for i, report in enumerate(reports):
        day = i % 5
        recurring.append(("1:1 " + report[0].split()[0] + " / Léa", lea, [report], day, 9 + i % 8, 30, f"FREQ=WEEKLY;INTERVAL={1 + i % 2};BYDAY={WEEKDAYS[day]}"))
    named = [("Staff meeting", 0, 10, 60, "FREQ=WEEKLY;BYDAY=MO"), ("Leadership sync", 2, 16, 60, "FREQ=WEEKLY;BYDAY=WE"),
             ("Weekly business review", 3, 11, 90, "FREQ=WEEKLY;BYDAY=TH"), ("All hands", 4, 17, 60, "FREQ=MONTHLY;BYDAY=1FR"),
             ("Architecture forum", 1, 14, 60, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), ("Hiring committee", 2, 13, 60, "FREQ=WEEKLY;BYDAY=WE"),
             ("Ops review", 0, 15, 45, "FREQ=WEEKLY;BYDAY=MO"), ("Board prep", 3, 8, 60, "FREQ=MONTHLY;BYDAY=-1TH"),
             ("Product council", 1, 10, 90, "FREQ=WEEKLY;BYDAY=TU"), ("Security review", 4, 10, 60, "FREQ=MONTHLY;BYDAY=2FR"),
             ("Daily stand-up (platform)", 0, 9, 15, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), ("Budget review", 2, 9, 60, "FREQ=MONTHLY;BYMONTHDAY=-1"),
             ("Skip-level lunch", 3, 12, 60, "FREQ=MONTHLY;BYDAY=3TH"), ("Customer advisory", 1, 17, 60, "FREQ=MONTHLY;BYDAY=2TU"),
             ("Incident review", 4, 14, 60, "FREQ=WEEKLY;BYDAY=FR;COUNT=30"), ("Quarterly planning", 0, 13, 180, "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO"),
             ("Design critique", 3, 15, 60, "FREQ=WEEKLY;BYDAY=TH;UNTIL=20260630T215959Z"), ("Finance sync", 1, 8, 30, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
             ("Team retro", 4, 16, 60, "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"), ("Mentoring circle", 2, 18, 60, "FREQ=MONTHLY;BYDAY=4WE"),
             ("Recruiting pipeline", 0, 16, 30, "FREQ=WEEKLY;BYDAY=MO"), ("Vendor check-in", 3, 17, 30, "FREQ=MONTHLY;BYMONTHDAY=15"),
             ("Exec offsite", 2, 9, 480, "FREQ=YEARLY;BYMONTH=6;BYDAY=3WE"), ("Platform roadmap", 1, 15, 60, "FREQ=WEEKLY;BYDAY=TU"),
             ("Reading group", 4, 12, 60, "FREQ=WEEKLY;BYDAY=FR"), ("Interview debrief", 2, 17, 30, "FREQ=WEEKLY;BYDAY=WE"),
             ("Sales pipeline", 0, 11, 60, "FREQ=WEEKLY;BYDAY=MO"), ("Focus block", 1, 13, 120, "FREQ=WEEKLY;BYDAY=TU,TH"),
             ("Early sync with NY", 4, 7, 30, "FREQ=WEEKLY;BYDAY=FR"), ("Late call with SF", 2, 19, 60, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
             ("Data council", 3, 9, 60, "FREQ=MONTHLY;BYDAY=1TH"), ("Quarterly business review", 1, 9, 120, "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"),
             ("Benefits committee", 4, 11, 60, "FREQ=MONTHLY;BYDAY=-1FR")]
    for name, day, hour, minutes, rule in named:
        organiser = lea if rng.random() < 0.4 else person(rng)
        size = 1 if name == "Focus block" else rng.randint(3, 25)
        people = [] if name == "Focus block" else rng.sample(reports, min(len(reports), rng.randint(0, 4))) + [person(rng) for _ in range(size)]
        recurring.append((name, organiser, people, day, hour, minutes, rule))
    for n, (name, organiser, people, day, hour, minutes, rule) in enumerate(recurring):
        start = year + dt.timedelta(days=day, hours=hour)
        if "BYMONTHDAY" in rule or "FREQ=MONTHLY" in rule or "YEARLY" in rule:
            start = _first_monthly(rule, hour)
        lines = ["BEGIN:VEVENT", dtprop("DTSTART", start, "Europe/Paris"), dtprop("DTEND", start + dt.timedelta(minutes=minutes), "Europe/Paris"),
                 "RRULE:" + rule, "DTSTAMP:20261201T101500Z", f'ORGANIZER;CN="{organiser[0]}":mailto:{organiser[1]}', f"UID:leader-series-{n:03d}@example.com"]
        for p in people:
            lines.append(f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN="{p[0]}":mailto:{p[1]}')
        if organiser != lea:
            lines.append(f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={rng.choice(["ACCEPTED"] * 8 + ["TENTATIVE", "DECLINED"])};CN="{lea[0]}":mailto:{lea[1]}')
        lines.append("DESCRIPTION:" + text(description(rng, name) if rng.random() < 0.6 else "Weekly."))
        lines += [f"SUMMARY:{text(name)}", "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
        events.append(lines)
    for n in range(1500):
        day = dt.datetime(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
        if day.weekday() >= 5 and rng.random() < 0.85:
            day -= dt.timedelta(days=day.weekday() - 3)
        kind = rng.random()
        uid = f"leader-oneoff-{n:04d}@example.com"
        if kind < 0.03:
            lines = ["BEGIN:VEVENT", f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}", f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                     "DTSTAMP:20261201T101500Z", f"UID:{uid}", "SUMMARY:" + rng.choice(["Conférence Paris", "Travel: NYC", "Public holiday", "Offsite"]),
                     "TRANSP:TRANSPARENT", "END:VEVENT"]
            events.append(lines)
            continue
        organiser = lea if rng.random() < 0.35 else person(rng)
        start = day + dt.timedelta(hours=rng.randint(8, 18), minutes=rng.choice([0, 15, 30, 45]))
        minutes = rng.choice([15, 30, 30, 45, 60, 60, 90, 120])
        summary = title(rng, organiser[0])
        people = attendees(rng, organiser, rng.randint(1, 14), leader=None if organiser == lea else lea,
                           leader_status=rng.choice(["ACCEPTED"] * 7 + ["TENTATIVE", "DECLINED", "NEEDS-ACTION"]))
        if rng.random() < 0.2:
            people.append(f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN="{reports[n % len(reports)][0]}":mailto:{reports[n % len(reports)][1]}')
        ev = vevent(rng, uid, start, minutes, "Europe/Paris", summary, organiser, people)
        if rng.random() < 0.04:
            ev[ev.index("TRANSP:OPAQUE")] = "TRANSP:TRANSPARENT"
        events.append(ev)
    return calendar("Léa Martin", events)


def _first_monthly(rule, hour):
    """The first instance in 2026 of the leader's monthly and yearly rules (DTSTART must be an instance)."""
    parts = dict(p.split("=") for p in rule.split(";"))
    if "BYMONTHDAY" in parts:
        mday = int(parts["BYMONTHDAY"])
        d = dt.date(2026, 1, 31) if mday == -1 else dt.date(2026, 1, mday)
        return dt.datetime.combine(d, dt.time(hour))
    byday = parts["BYDAY"]
    nth, day = int(byday[:-2]), WEEKDAYS.index(byday[-2:])
    month = int(parts.get("BYMONTH", "1"))
    days = [dt.date(2026, month, d) for d in range(1, 32) if _valid(2026, month, d) and dt.date(2026, month, d).weekday() == day]
    return dt.datetime.combine(days[nth - 1 if nth > 0 else -1], dt.time(hour))


os.makedirs(out_dir, exist_ok=True)
for name, build, seed in (("big.ics", big_file, 11), ("series.ics", series_file, 12), ("leader.ics", leader_file, 13)):
    content = build(random.Random(seed))
    with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="") as f:
        f.write(content)
    print(f"{name}: {content.count('BEGIN:VEVENT')} VEVENTs, {len(content.encode('utf-8')):,} bytes")
