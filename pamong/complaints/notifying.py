"""Who hears about which step of a report, and what they are told.

``notify_about_event`` is safe to run any number of times for one event: every message has a
key made of the event (or, for overdue escalations, the report, level and deadline) and the
recipient, and the notifications app writes one row per key. All messages of one event are
written with one INSERT (``notify_many``): a submission reaches every coordinator without a
round trip per coordinator. Staff messages never name the reporter, so an anonim report's
identity cannot leak through them.
"""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import Role, User
from pamong.notifications.services import Message, message_for_user, notify_many

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
STAFF_ROLES = {COORDINATORS: Role.COORDINATOR, LEADERSHIP: Role.LEADERSHIP}
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
    label = ACTION_LABELS.get(event.action, event.action)
    subject = f"[{report.code}] {label}"
    messages: list[Message | None] = []
    if REPORTER in audiences and (report.reporter_id or report.guest_contact):
        messages.append(_to_reporter(report, event, subject=subject, key=f"{base_key}:reporter"))
    staff = _staff(report, audiences)
    if staff:
        staff_body = _staff_body(report, event, label)
        messages += [
            message_for_user(user=user, subject=subject, body=staff_body, key=f"{base_key}:user:{user.pk}")
            for user in staff
        ]
    notify_many(m for m in messages if m is not None)
    return len(messages)  # a recipient without any contact counts too (message_for_user logs it)


def _to_reporter(report: Report, event: ReportEvent, *, subject: str, key: str) -> Message | None:
    body = _reporter_body(report, event)
    if report.reporter_id:
        return message_for_user(user=report.reporter, subject=subject, body=body, key=key)
    return Message(channel=report.guest_channel, destination=report.guest_contact, subject=subject, body=body, key=key)


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
    who = Q()
    roles = [role for audience, role in STAFF_ROLES.items() if audience in audiences]
    if roles:
        who |= Q(role__in=roles)
    if OFFICERS in audiences and report.agency_id:
        who |= Q(role=Role.OFFICER, agency_id=report.agency_id)
    if not who:
        return []
    return list(User.objects.filter(who, is_active=True).order_by("pk"))
