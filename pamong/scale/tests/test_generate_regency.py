"""generate_regency: deterministic, the sizes asked for, and every row a report the workflow could produce."""

import dataclasses
import re
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from pamong.accounts.models import Role, User
from pamong.complaints.models import Rating, Report, ReportEvent
from pamong.complaints.transitions import DEADLINE_STATES, TRANSITIONS
from pamong.scale.plan import EVENT_COLUMNS, RATING_COLUMNS, REPORT_COLUMNS, USER_COLUMNS, Planner
from pamong.scale.world import load_world

UNTIL = datetime(2026, 11, 20, 17, tzinfo=ZoneInfo("Asia/Jakarta"))
REPORTS, CITIZENS, SEED = 300, 40, 2026
S = Report.Status


def generate(**options):
    # Residents have their own tests (test_people.py); these pin the reports part alone.
    options.setdefault("residents", 0)
    call_command("generate_regency", reports=REPORTS, citizens=CITIZENS, seed=SEED, until="2026-11-20", **options)


@pytest.fixture
def generated(db, settings):
    settings.DEBUG = True
    generate()


def _plan(world, seed=SEED) -> tuple[list, list, list, list]:
    planner = Planner(world, seed=seed, reports=REPORTS, citizens=CITIZENS, until=UNTIL)
    reports, events, ratings = [], [], []
    for batch in planner.batches(size=70):
        reports += batch.reports
        events += batch.events
        ratings += batch.ratings
    return planner.staff.rows + planner.citizens(), reports, events, ratings


def _world_as_before(first_user_id):
    """The world the command saw: the same reference data, nothing generated yet."""
    return dataclasses.replace(load_world(), first_user_id=first_user_id, first_report_id=1, existing_codes=set())


def test_the_same_seed_plans_the_same_rows_and_another_seed_does_not(generated):
    world = _world_as_before(first_user_id=1)
    first, second, other = _plan(world), _plan(world), _plan(world, seed=SEED + 1)
    assert first == second
    assert [r[1] for r in first[1]] != [r[1] for r in other[1]]  # tracking codes


def test_the_database_holds_exactly_the_planned_rows(generated):
    coordinator = User.objects.get(email="koordinator@generated.pamong.test")
    users, reports, events, ratings = _plan(_world_as_before(first_user_id=coordinator.pk))
    assert list(User.objects.filter(pk__gte=coordinator.pk).order_by("pk").values_list(*USER_COLUMNS)) == users
    assert list(Report.objects.order_by("pk").values_list(*REPORT_COLUMNS)) == reports
    stored_events = list(ReportEvent.objects.order_by("pk").values_list(*EVENT_COLUMNS))
    assert stored_events == events
    assert list(Rating.objects.order_by("pk").values_list(*RATING_COLUMNS)) == ratings


def test_counts_are_as_asked(generated):
    assert Report.objects.count() == REPORTS
    assert User.objects.filter(role=Role.CITIZEN).count() == CITIZENS
    assert User.objects.filter(role=Role.COORDINATOR).count() == 1
    officers = User.objects.filter(role=Role.OFFICER)
    # One officer per agency that can receive a report; each receiving agency has one.
    assert officers.count() == officers.values("agency").distinct().count()
    assert set(Report.objects.exclude(agency=None).values_list("agency", flat=True)) <= set(
        officers.values_list("agency", flat=True)
    )


def test_every_status_is_the_last_event_and_every_step_is_in_the_workflow_table(generated):
    events = list(
        ReportEvent.objects.order_by("report_id", "at", "id").values_list(
            "report_id", "action", "from_status", "to_status"
        )
    )
    by_report: dict[int, list] = {}
    for report_id, action, from_status, to_status in events:
        by_report.setdefault(report_id, []).append((action, from_status, to_status))
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert set(by_report) == set(statuses)
    refused = []
    for report_id, steps in by_report.items():
        first_action, first_from, _ = steps[0]
        assert (first_action, first_from) == ("submit", "")
        previous = steps[0][2]
        for action, from_status, to_status in steps[1:]:
            step = TRANSITIONS.get((from_status, action))
            if from_status != previous or step is None or (step.to is not None and step.to != to_status):
                refused.append((report_id, previous, action, from_status, to_status))
            previous = to_status
        assert previous == statuses[report_id], report_id
    assert refused == []


def test_tracking_codes_are_unique_and_well_formed(generated):
    codes = list(Report.objects.values_list("code", flat=True))
    assert len(set(codes)) == REPORTS
    pattern = re.compile(r"^LPR-\d{4}-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$")
    assert [c for c in codes if not pattern.match(c)] == []
    tokens = list(Report.objects.values_list("access_token", flat=True))
    assert len(set(tokens)) == REPORTS
    assert {len(t) for t in tokens} == {43}


def test_deadline_fields_agree_with_the_status(generated):
    running = Report.objects.filter(status__in=DEADLINE_STATES)
    assert running.filter(due_at=None).count() == 0
    done = Report.objects.filter(status__in=[S.ANSWERED, S.CLOSED, S.REJECTED, S.AWAITING_CONFIRMATION])
    assert done.exclude(due_at=None).count() == 0
    at_opd = Report.objects.filter(status__in=[S.DISPOSED, S.ACCEPTED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED])
    assert at_opd.filter(verified_at=None).count() == 0
    assert at_opd.filter(agency=None).count() == 0
    assert Report.objects.filter(status__in=[S.ACCEPTED, S.IN_PROGRESS], handler=None).count() == 0
    assert Report.objects.filter(status=S.CLOSED, closed_at=None).count() == 0
    # Ratings belong to reports closed by the reporter's own "close" step.
    rated = set(Rating.objects.values_list("report_id", flat=True))
    closed_by_reporter = set(ReportEvent.objects.filter(action="close").values_list("report_id", flat=True))
    assert rated == closed_by_reporter


def test_the_small_sample_has_the_pinned_mix(generated):
    # Exact counts for seed 2026, 300 reports until 2026-11-20: a change to the plan shows here.
    types = dict(Report.objects.values_list("type").annotate(n=Count("id")).order_by())
    channels = dict(Report.objects.values_list("channel").annotate(n=Count("id")).order_by())
    statuses = dict(Report.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert types == PINNED["types"]
    assert channels == PINNED["channels"]
    assert statuses == PINNED["statuses"]


def test_the_mix_follows_the_intended_shape(generated):
    types = Counter(Report.objects.values_list("type", flat=True))
    assert types.most_common(1)[0][0] == Report.Type.COMPLAINT
    assert types[Report.Type.INFORMATION] < types[Report.Type.ASPIRATION]
    channels = Counter(Report.objects.values_list("channel", flat=True))
    assert channels.most_common(1)[0][0] == Report.Channel.WEB
    pu = Report.objects.filter(category__parent__name__iexact="pekerjaan umum dan penataan ruang").count()
    health = Report.objects.filter(category__parent__name__iexact="kesehatan").count()
    assert pu > 2 * health
    old = Report.objects.filter(created_at__lt=UNTIL - timedelta(days=60))
    open_old = old.exclude(status__in=[S.CLOSED, S.REJECTED, S.AWAITING_CONFIRMATION]).count()
    assert open_old / old.count() < 0.05
    first, last = Report.objects.order_by("created_at").values_list("created_at", flat=True)[:: REPORTS - 1]
    assert UNTIL - timedelta(days=5 * 366) <= first and last <= UNTIL
    # Ids follow submission time, as in a real table.
    assert list(Report.objects.order_by("pk").values_list("created_at", flat=True)) == sorted(
        Report.objects.values_list("created_at", flat=True)
    )


def test_refuses_a_database_that_already_has_reports(generated):
    with pytest.raises(CommandError, match="sudah berisi laporan"):
        generate()
    assert Report.objects.count() == REPORTS


def test_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        generate()
    assert Report.objects.count() == 0
    assert User.objects.count() == 0


PINNED = {
    "types": {"aspirasi": 79, "informasi": 26, "pengaduan": 195},
    "channels": {"api": 8, "face_to_face": 15, "phone": 5, "sms": 15, "web": 222, "whatsapp": 35},
    "statuses": {
        "answered": 1,
        "awaiting_confirmation": 3,
        "closed": 268,
        "disposed": 1,
        "in_progress": 4,
        "rejected": 22,
        "submitted": 1,
    },
}
