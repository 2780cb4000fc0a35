"""A regency's reports over five years, planned as rows: a pure function of world, seed and sizes.

Nothing here touches the database (``world.py`` reads it before, ``loading.py`` writes
after), so the same seed, sizes and ``until`` give the same rows, byte for byte.

How a report lives (each report is played through the workflow of
``complaints.transitions``; a step later than ``until`` does not happen, so recent reports
are still in the queue or at the OPD and old ones are closed):

- type: 70 % Pengaduan, 22 % Aspirasi, 8 % Permintaan Informasi;
- category: LAPOR's July 2025 mix per top-level category (world.TOP_LEVEL_COUNTS), the OPD
  from the category's default, "Topik lainnya" to the kecamatan office of the village;
- village: kelurahan three times as busy as desa, times a fixed per-village factor;
- channel: web 70 %, WhatsApp 13 %, SMS 6 %, face to face 5 %, phone 3 %, API 3 %; web
  reports are 80 % from signed-in citizens, the rest from guests who confirm by code (5 %
  never do); the other channels are recorded by the coordinator;
- volume grows over the five years (from 0.4x to 1.6x the mean), fewer on weekends, by
  hour of the day in WIB;
- verification after a median of 20 hours (about 6 % later than the 3 working days);
  7 % rejected, 3 % held and resumed, 4 % returned as *bukan wewenang* and re-disposed;
  answers after a median of 2.5 days (informasi 5, disputes 10): about 16 % late;
  0.3 % of reports stall in the queue and 1.5 % at the OPD, so the overdue lists and the
  escalation (level 1 when overdue, level 2 two working days later, as the sweep does)
  always have work; 45 % of answered reports are rated, the rest close after 10 days.
"""

import base64
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from pamong.complaints import deadlines
from pamong.complaints.models import DaysUnit, Report
from pamong.complaints.services import REACTION_DAYS
from pamong.complaints.transitions import DEADLINE_STATES, Action
from pamong.workdays.services import WorkCalendar

from . import texts
from .world import World

S = Report.Status
YEARS = 5
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as complaints.validation
HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 1, 3, 6, 9, 11, 11, 10, 9, 8, 8, 8, 7, 6, 6, 7, 8, 7, 5, 3, 2]
TYPES = ([Report.Type.COMPLAINT, Report.Type.ASPIRATION, Report.Type.INFORMATION], [70, 22, 8])
CHANNELS = (
    [
        Report.Channel.WEB,
        Report.Channel.WHATSAPP,
        Report.Channel.SMS,
        Report.Channel.FACE_TO_FACE,
        Report.Channel.PHONE,
        Report.Channel.API,
    ],
    [70, 13, 6, 5, 3, 3],
)
RATING_SCORES = ([1, 2, 3, 4], [12, 23, 40, 25])
HOUR = timedelta(hours=1)

USER_COLUMNS = [
    "id",
    "password",
    "is_superuser",
    "email",
    "phone",
    "full_name",
    "role",
    "agency_id",
    "email_verified_at",
    "phone_verified_at",
    "language",
    "is_active",
    "is_staff",
    "date_joined",
]
REPORT_COLUMNS = [
    "id",
    "code",
    "access_token",
    "type",
    "title",
    "body",
    "category_id",
    "village_id",
    "district_id",
    "latitude",
    "longitude",
    "address",
    "event_date",
    "channel",
    "is_anonymous",
    "is_confidential",
    "reporter_id",
    "guest_name",
    "guest_contact",
    "guest_channel",
    "status",
    "agency_id",
    "due_at",
    "paused_at",
    "paused_from_status",
    "extended",
    "escalation_level",
    "handler_id",
    "idempotency_key",
    "submitted_at",
    "verified_at",
    "answered_at",
    "closed_at",
    "created_at",
    "updated_at",
]
EVENT_COLUMNS = [
    "report_id",
    "at",
    "actor_id",
    "action",
    "from_status",
    "to_status",
    "rejection_reason_id",
    "reason",
    "note",
    "is_internal",
    "agency_id",
    "due_at",
    "previous_due_at",
]
RATING_COLUMNS = ["report_id", "score", "comment", "agency_id", "created_at"]


@dataclass
class Staff:
    """The synthetic handling staff the generated events name as actors."""

    coordinator_id: int
    officers: dict[int, int]  # agency id → officer user id
    rows: list[tuple]


@dataclass
class Batch:
    reports: list[tuple]
    events: list[tuple]
    ratings: list[tuple]


def _token(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).rstrip(b"=").decode()


def _password(rng: random.Random) -> str:
    # Unusable, like make_password(None): these accounts never sign in.
    return "!" + "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=40))


def receiving_agencies(world: World) -> list[int]:
    ids = {c.agency_id for c in world.categories if c.agency_id}
    ids |= set(world.district_offices.values())
    ids.add(world.fallback_agency_id)
    return sorted(ids)


def plan_staff(world: World, *, seed: int, joined: datetime) -> Staff:
    rng = random.Random(f"{seed}-staff")  # noqa: S311 - reproducible data, not secrets
    next_id = world.first_user_id
    rows = [_user_row(next_id, rng, email="koordinator@generated.pamong.test", role="coordinator", joined=joined)]
    coordinator_id = next_id
    officers = {}
    for agency_id in receiving_agencies(world):
        next_id += 1
        email = f"petugas.{agency_id}@generated.pamong.test"
        rows.append(_user_row(next_id, rng, email=email, role="officer", agency_id=agency_id, joined=joined))
        officers[agency_id] = next_id
    return Staff(coordinator_id=coordinator_id, officers=officers, rows=rows)


def _user_row(user_id, rng, *, email=None, phone=None, role="citizen", agency_id=None, joined, name=None) -> tuple:
    name = name or f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}"
    values = {
        "id": user_id,
        "password": _password(rng),
        "is_superuser": False,
        "email": email,
        "phone": phone,
        "full_name": name,
        "role": role,
        "agency_id": agency_id,
        "email_verified_at": joined if email else None,
        "phone_verified_at": joined if phone else None,
        "language": "id",
        "is_active": True,
        "is_staff": False,
        "date_joined": joined,
    }
    return tuple(values[c] for c in USER_COLUMNS)


def plan_citizens(*, seed: int, first_id: int, count: int, start: datetime) -> list[tuple]:
    rng = random.Random(f"{seed}-citizens")  # noqa: S311 - reproducible data, not secrets
    rows = []
    for i in range(count):
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        joined = start - timedelta(days=rng.randint(1, 60))
        if rng.random() < 0.8:
            email, phone = f"{first}.{last}.{i}@warga.contoh.id".lower(), None
        else:
            email, phone = None, f"+6281{i:09d}"
        rows.append(_user_row(first_id + i, rng, email=email, phone=phone, joined=joined, name=f"{first} {last}"))
    return rows


def created_times(*, rng: random.Random, count: int, until: datetime) -> list[datetime]:
    """``count`` submission times over the five years before ``until``, sorted."""
    tz = timezone.get_default_timezone()
    last_day = timezone.localtime(until, tz).date()
    days = int(YEARS * 365.25)
    first_day = last_day - timedelta(days=days - 1)
    a, b = 0.4, 1.2  # density a + b·x over the period (x from 0 to 1): adoption grows
    hours = list(range(24))
    cum_hours = []
    total = 0.0
    for w in HOUR_WEIGHTS:
        total += w
        cum_hours.append(total)
    out = []
    while len(out) < count:
        x = (-a + math.sqrt(a * a + 2 * b * rng.random())) / b
        day = first_day + timedelta(days=min(int(x * days), days - 1))
        if day.weekday() >= 5 and rng.random() > 0.55:
            continue  # fewer reports on weekends
        hour = rng.choices(hours, cum_weights=cum_hours)[0]
        moment = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=tz)
        if moment <= until:
            out.append(moment)
    out.sort()
    return out


class _Life:
    """One report played through the workflow, step by step, up to ``now``."""

    def __init__(self, *, report_id: int, now: datetime, cal: WorkCalendar, rng: random.Random):
        self.report_id, self.now, self.cal, self.rng = report_id, now, cal, rng
        self.events: list[tuple] = []
        self.cut = False
        self.f = {
            "status": "",
            "agency_id": None,
            "due_at": None,
            "handler_id": None,
            "escalation_level": 0,
            "paused_at": None,
            "paused_from_status": "",
            "submitted_at": None,
            "verified_at": None,
            "answered_at": None,
            "closed_at": None,
            "updated_at": None,
        }

    @property
    def status(self) -> str:
        return self.f["status"]

    def step(self, at: datetime, action: str, to: str | None, *, actor=None, event=None, **changes) -> bool:
        """Record a transition at ``at``; False (and nothing more happens) once past ``now``."""
        if self.cut or at > self.now:
            self.cut = True
            return False
        self._escalate_until(at)
        from_status, previous_due = self.f["status"], self.f["due_at"]
        self.f.update(changes)
        if to:
            self.f["status"] = to
        self.f["updated_at"] = at
        self._event(at, action, actor, from_status, previous_due, **(event or {}))
        return True

    def finish(self) -> None:
        if not self.cut:
            self._escalate_until(self.now)

    def _event(self, at, action, actor, from_status, previous_due, **extra) -> None:
        values = {
            "report_id": self.report_id,
            "at": at,
            "actor_id": actor,
            "action": action,
            "from_status": from_status,
            "to_status": self.f["status"],
            "rejection_reason_id": None,
            "reason": "",
            "note": "",
            "is_internal": False,
            "agency_id": self.f["agency_id"],
            "due_at": self.f["due_at"],
            "previous_due_at": previous_due,
        }
        values.update(extra)
        self.events.append(tuple(values[c] for c in EVENT_COLUMNS))

    def _escalate_until(self, moment: datetime) -> None:
        """The hourly overdue sweep (complaints.sweeps): level 1 when late, 2 after 2 working days."""
        due = self.f["due_at"]
        if self.f["status"] not in DEADLINE_STATES or due is None or due >= moment:
            return
        for level, start in ((1, due), (2, self.cal.add_working_days(due, 2))):
            at = start + self.rng.random() * HOUR
            if self.f["escalation_level"] >= level or at >= moment:
                continue
            late = self.cal.working_days_between(due, at)
            self.f["escalation_level"] = level
            self.f["updated_at"] = at
            note = f"Terlambat {late} hari kerja (tingkat {level})."
            self._event(at, Action.ESCALATE, None, self.f["status"], due, note=note, is_internal=True)


def _hours(rng: random.Random, median: float, sigma: float = 1.0) -> timedelta:
    return timedelta(hours=rng.lognormvariate(math.log(median), sigma))


class Planner:
    def __init__(self, world: World, *, seed: int, reports: int, citizens: int, until: datetime):
        self.world, self.seed, self.count, self.until = world, seed, reports, until
        self.rng = random.Random(f"{seed}-reports")  # noqa: S311 - reproducible data, not secrets
        self.cal = WorkCalendar.with_days_off([])  # national holidays only: no DB inside the plan
        self.start = until - timedelta(days=int(YEARS * 365.25))
        self.staff = plan_staff(world, seed=seed, joined=self.start - timedelta(days=90))
        self.first_citizen = world.first_user_id + len(self.staff.rows)
        self.citizen_count = citizens
        self.codes = set(world.existing_codes)
        self.tz = timezone.get_default_timezone()
        # A fixed busyness per village (markets, town centres): kelurahan x3, times 0.3-3.
        village_rng = random.Random(f"{seed}-villages")  # noqa: S311 - reproducible data, not secrets
        self.village_weights = [
            (3 if v.is_kelurahan else 1) * village_rng.lognormvariate(0, 0.6) for v in world.villages
        ]
        self.category_agencies = sorted({c.agency_id for c in world.categories if c.agency_id})
        self.village_cum = list(itertools.accumulate(self.village_weights))
        self.category_cum = list(itertools.accumulate(world.category_weights))

    def citizens(self) -> list[tuple]:
        return plan_citizens(seed=self.seed, first_id=self.first_citizen, count=self.citizen_count, start=self.start)

    def batches(self, size: int = 5000) -> Iterator[Batch]:
        times = created_times(rng=self.rng, count=self.count, until=self.until)
        batch = Batch([], [], [])
        for i, created in enumerate(times):
            self._report(self.world.first_report_id + i, created, batch)
            if len(batch.reports) >= size:
                yield batch
                batch = Batch([], [], [])
        if batch.reports:
            yield batch

    # --- one report -----------------------------------------------------------------------

    def _code(self, created: datetime) -> str:
        prefix = f"LPR-{timezone.localtime(created, self.tz):%y%m}-"
        while True:
            code = prefix + "".join(self.rng.choices(_CODE_ALPHABET, k=6))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _text(self, top: str, kind: str, village) -> tuple[str, str]:
        rng = self.rng
        titles, sentences = texts.BY_TOP.get(top, texts.GENERIC)
        values = {
            "place": rng.choice(texts.PLACES),
            "village": village.name.title(),
            "street": rng.choice(texts.STREETS),
        }
        title = rng.choice(titles).format(**values)
        if kind == Report.Type.INFORMATION:
            title = f"Mohon informasi: {title[0].lower()}{title[1:]}"
        elif kind == Report.Type.ASPIRATION:
            title = f"Usulan: {title[0].lower()}{title[1:]}"
        body = " ".join(s.format(**values) for s in rng.sample(sentences, k=min(len(sentences), rng.randint(2, 3))))
        return title[:150], body

    def _report(self, report_id: int, created: datetime, batch: Batch) -> None:
        rng, world = self.rng, self.world
        kind = rng.choices(*TYPES)[0]
        category = rng.choices(world.categories, cum_weights=self.category_cum)[0]
        village = rng.choices(world.villages, cum_weights=self.village_cum)[0]
        channel = rng.choices(*CHANNELS)[0]
        title, body = self._text(category.top, kind, village)
        coordinator = self.staff.coordinator_id
        reporter, guest_name, guest_contact, guest_channel = None, "", "", ""
        signed_in = channel == Report.Channel.WEB and rng.random() < 0.8
        if signed_in:
            reporter = self.first_citizen + int(self.citizen_count * rng.random() ** 2)  # some report often
        else:
            guest_name = f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}"
            if channel == Report.Channel.WEB and rng.random() < 0.4:
                guest_contact, guest_channel = f"pelapor{report_id}@contoh.id", Report.GuestChannel.EMAIL
            else:
                guest_contact, guest_channel = f"+6285{report_id:09d}", Report.GuestChannel.SMS
        has_point = rng.random() < 0.35
        local = timezone.localtime(created, self.tz)
        row = {
            "id": report_id,
            "code": self._code(created),
            "access_token": _token(rng),
            "type": kind,
            "title": title,
            "body": body,
            # Citizens often leave the category to the coordinator, who sets it at disposition.
            "category_id": category.id,
            "village_id": village.code,
            "district_id": village.district,
            "latitude": Decimal(f"{rng.uniform(-7.45, -6.95):.6f}") if has_point else None,
            "longitude": Decimal(f"{rng.uniform(111.45, 112.05):.6f}") if has_point else None,
            "address": (
                f"Jl. {rng.choice(texts.STREETS)} RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 6):02d}"
                if rng.random() < 0.55
                else ""
            ),
            "event_date": local.date() - timedelta(days=rng.randint(0, 14)) if rng.random() < 0.6 else None,
            "channel": channel,
            "is_anonymous": rng.random() < 0.12,
            "is_confidential": rng.random() < 0.04,
            "reporter_id": reporter,
            "guest_name": guest_name,
            "guest_contact": guest_contact,
            "guest_channel": guest_channel,
            "extended": False,
            "idempotency_key": f"gen-{report_id}" if channel == Report.Channel.WEB else "",
            "created_at": created,
        }
        uncategorised = rng.random() < 0.3
        life = _Life(report_id=report_id, now=self.until, cal=self.cal, rng=rng)
        rating = self._live(life, created, kind, category, village, reporter, coordinator, channel)
        if uncategorised and life.status in (S.AWAITING_CONFIRMATION, S.SUBMITTED, S.ON_HOLD, S.REJECTED):
            row["category_id"] = None  # never disposed: nobody set the category yet
        life.finish()
        row.update(life.f)
        batch.reports.append(tuple(row[c] for c in REPORT_COLUMNS))
        batch.events.extend(life.events)
        if rating:
            batch.ratings.append(rating)

    def _follow_up_due(self, kind, category, start: datetime) -> datetime:
        rule = deadlines.follow_up_rule(SimpleNamespace(type=kind, category=category))
        if rule.unit == DaysUnit.CALENDAR:
            return start + timedelta(days=rule.days)
        return self.cal.add_working_days(start, rule.days)

    def _verification_due(self, start: datetime) -> datetime:
        return self.cal.add_working_days(start, deadlines.VERIFICATION_DAYS)

    def _live(self, life, created, kind, category, village, reporter, coordinator, channel):
        """Play the report's workflow; returns its Rating row if the reporter rated it."""
        rng = self.rng
        t = created
        if channel == Report.Channel.WEB and reporter is None:
            life.step(t, "submit", S.AWAITING_CONFIRMATION)
            if rng.random() < 0.05:
                return None  # the guest never typed the code in
            t += timedelta(minutes=rng.uniform(1, 30))
            life.step(t, Action.CONFIRM, S.SUBMITTED, submitted_at=t, due_at=self._verification_due(t))
        else:
            by = reporter if reporter is not None else (None if channel == Report.Channel.API else coordinator)
            life.step(t, "submit", S.SUBMITTED, actor=by, submitted_at=t, due_at=self._verification_due(t))
        if rng.random() < 0.003:
            return None  # stuck in the queue
        t += _hours(rng, 20)
        if rng.random() < 0.03:
            reason = rng.choice(texts.HOLD_REASONS)
            life.step(
                t,
                Action.HOLD,
                S.ON_HOLD,
                actor=coordinator,
                paused_at=t,
                paused_from_status=S.SUBMITTED,
                event={"reason": reason},
            )
            paused = t
            t += _hours(rng, 72)
            due = life.f["due_at"]
            spent = self.cal.working_days_between(paused, t)
            life.step(
                t,
                Action.RESUME,
                S.SUBMITTED,
                actor=coordinator,
                paused_at=None,
                paused_from_status="",
                due_at=self.cal.add_working_days(due, spent) if spent > 0 else due,
            )
            t += _hours(rng, 4)
        if rng.random() < 0.07 and self.world.rejection_reasons:
            reason_id, label = rng.choice(self.world.rejection_reasons)
            life.step(
                t,
                Action.REJECT,
                S.REJECTED,
                actor=coordinator,
                due_at=None,
                closed_at=t,
                event={"rejection_reason_id": reason_id, "reason": label},
            )
            return None
        agency = (
            category.agency_id or self.world.district_offices.get(village.district) or self.world.fallback_agency_id
        )
        self._dispose(life, t, kind, category, agency, coordinator)
        t += _hours(rng, 6)
        if rng.random() < 0.04:
            officer = self.staff.officers[agency]
            life.step(t, Action.ACCEPT, S.ACCEPTED, actor=officer, handler_id=officer)
            t += _hours(rng, 24)
            life.step(
                t,
                Action.RETURN,
                S.RETURNED,
                actor=officer,
                agency_id=None,
                handler_id=None,
                escalation_level=0,
                due_at=self._verification_due(t),
                event={"reason": rng.choice(texts.RETURN_REASONS)},
            )
            t += _hours(rng, 12)
            others = [a for a in self.category_agencies if a != agency] or [agency]
            agency = rng.choice(others)
            self._dispose(life, t, kind, category, agency, coordinator)
            t += _hours(rng, 6)
        officer = self.staff.officers[agency]
        stall = rng.random() < 0.015
        if stall and rng.random() < 0.3:
            return None  # never accepted
        life.step(t, Action.ACCEPT, S.ACCEPTED, actor=officer, handler_id=officer)
        if stall and rng.random() < 0.4:
            return None
        t += _hours(rng, 4)
        life.step(t, Action.START, S.IN_PROGRESS, actor=officer)
        if stall:
            return None
        median = 60.0
        if kind == Report.Type.INFORMATION:
            median = 120.0
        if category.follow_up_unit == DaysUnit.CALENDAR and category.follow_up_days:
            median = 240.0
        t += _hours(rng, median, 0.9)
        answered = life.step(
            t,
            Action.ANSWER,
            S.ANSWERED,
            actor=officer,
            answered_at=t,
            due_at=None,
            event={"note": rng.choice(texts.ANSWERS)},
        )
        if not answered:
            return None
        answered_at = t
        if rng.random() < 0.45:
            t += _hours(rng, 30)
            if t < answered_at + timedelta(days=REACTION_DAYS):
                score = rng.choices(*RATING_SCORES)[0]
                comment = rng.choice(texts.RATING_COMMENTS)
                if life.step(t, Action.CLOSE, S.CLOSED, actor=reporter, closed_at=t, event={"note": comment}):
                    return (life.report_id, score, comment, agency, t)
                return None
        t = answered_at + timedelta(days=REACTION_DAYS) + rng.random() * HOUR
        life.step(t, Action.AUTO_CLOSE, S.CLOSED, closed_at=t)
        return None

    def _dispose(self, life, t, kind, category, agency, coordinator) -> None:
        life.step(
            t,
            Action.DISPOSE,
            S.DISPOSED,
            actor=coordinator,
            agency_id=agency,
            handler_id=None,
            escalation_level=0,
            verified_at=life.f["verified_at"] or t,
            due_at=self._follow_up_due(kind, category, t),
            event={"note": self.rng.choice(texts.DISPOSE_NOTES)},
        )
