"""Who hears about which step of a report, and what they are told.

``notify_about_event`` is safe to run any number of times for one event: every message has a
key made of the event (or, for overdue escalations, the report, level and deadline) and the
recipient, and the notifications app writes one row per key. Staff messages never name the
reporter, so an anonim report's identity cannot leak through them.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import Role, User
from pamong.notifications.services import notify, notify_user

from .models import Report, ReportEvent
from .transitions import ACTION_LABELS, Action

REPORTER, OFFICERS, COORDINATORS, LEADERSHIP = "reporter", "officers", "coordinators", "leadership"

AUDIENCES: dict[str, tuple[str, ...]] = {
    "submit": (REPORTER, COORDINATORS),
    Action.CONFIRM: (REPORTER, COORDINATORS),
    Action.DISPOSE: (REPORTER, OFFICERS),
    Action.HOLD: (REPORTER,),
    Action.RESUME: (REPORTER,),
    Action.REJECT: (REPORTER,),
    Action.ACCEPT: (REPORTER,),
    Action.ANSWER: (REPORTER,),
    Action.EXTEND: (REPORTER,),
    Action.RETURN: (COORDINATORS,),
    Action.FORWARD: (OFFICERS,),
    Action.CLOSE: (OFFICERS,),
    Action.REPLY: (OFFICERS,),
    Action.AUTO_CLOSE: (REPORTER,),
    Action.ESCALATE: (OFFICERS, LEADERSHIP),
}
# Overdue escalations by the sweep: level 1 to the OPD, level 2 also up the chain.
OVERDUE_AUDIENCES = {1: (OFFICERS,), 2: (OFFICERS, COORDINATORS, LEADERSHIP)}


def site_url(path: str) -> str:
    return settings.PAMONG_SITE_URL.rstrip("/") + path


def notify_about_event(event: ReportEvent) -> int:
    """Queue the messages for one event; returns how many recipients it addressed."""
    report = event.report
    overdue = event.action == Action.ESCALATE and event.actor_id is None
    if overdue:
        level = max(report.escalation_level, 1)
        audiences = OVERDUE_AUDIENCES[min(level, 2)]
        base_key = f"complaint:{report.pk}:overdue:{level}:{report.due_at:%Y%m%d%H%M}"
    else:
        audiences = AUDIENCES.get(event.action, ())
        base_key = f"complaint:{report.pk}:event:{event.pk}"
    count = 0
    label = ACTION_LABELS.get(event.action, event.action)
    subject = f"[{report.code}] {label}"
    if REPORTER in audiences:
        count += _to_reporter(report, event, subject=subject, key=f"{base_key}:reporter")
    staff_body = _staff_body(report, event, label)
    for user in _staff(report, audiences):
        notify_user(user=user, subject=subject, body=staff_body, key=f"{base_key}:user:{user.pk}")
        count += 1
    return count


def _to_reporter(report: Report, event: ReportEvent, *, subject: str, key: str) -> int:
    body = _reporter_body(report, event)
    if report.reporter_id:
        notify_user(user=report.reporter, subject=subject, body=body, key=key)
        return 1
    if report.guest_contact:
        notify(channel=report.guest_channel, destination=report.guest_contact, subject=subject, body=body, key=key)
        return 1
    return 0


def _reporter_body(report: Report, event: ReportEvent) -> str:
    link = site_url(reverse("complaints:private", args=[report.access_token]))
    lines = [
        _("Laporan Anda “%(title)s” (kode %(code)s): %(status)s.")
        % {"title": report.title, "code": report.code, "status": report.get_status_display()}
    ]
    if event.action == Action.ANSWER:
        lines.append(_("Tanggapan: %(text)s") % {"text": event.note})
        lines.append(_("Beri penilaian atau tanggapi jawaban ini melalui tautan berikut."))
    elif event.reason:
        lines.append(_("Alasan: %(reason)s") % {"reason": event.reason})
    if report.agency_id and event.action == Action.DISPOSE:
        lines.append(_("Ditangani oleh: %(agency)s") % {"agency": report.agency.name})
    lines.append(_("Pantau laporan Anda: %(link)s") % {"link": link})
    return "\n".join(lines)


def _staff_body(report: Report, event: ReportEvent, label: str) -> str:
    link = site_url(reverse("complaints:workspace", args=[report.code]))
    lines = [f"{report.code} · {report.title}", str(label)]
    if event.reason:
        lines.append(_("Alasan: %(reason)s") % {"reason": event.reason})
    if event.is_internal and event.note:
        lines.append(event.note)
    if report.due_at:
        lines.append(_("Batas waktu: %(due)s") % {"due": f"{timezone.localtime(report.due_at):%d-%m-%Y %H:%M}"})
    lines.append(link)
    return "\n".join(lines)


def _staff(report: Report, audiences: tuple[str, ...]) -> list[User]:
    roles = []
    if COORDINATORS in audiences:
        roles.append(Role.COORDINATOR)
    if LEADERSHIP in audiences:
        roles.append(Role.LEADERSHIP)
    users = list(User.objects.filter(is_active=True, role__in=roles).order_by("pk")) if roles else []
    if OFFICERS in audiences and report.agency_id:
        users += list(User.objects.filter(is_active=True, role=Role.OFFICER, agency_id=report.agency_id).order_by("pk"))
    return users
