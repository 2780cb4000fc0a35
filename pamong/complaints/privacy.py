"""Who may see a reporter's identity and which copy of a file (UU 27/2022, REFERENCE §1).

anonim: the report is public, the reporter's identity is shown to no one but the
coordinators and the reporter. rahasia: the report is not public. Public pages never show a
reporter's name at all, anonim or not; they say "Warga" or "Anonim".
"""

from django.utils.translation import gettext as _

from pamong.accounts.access import has_role
from pamong.accounts.models import Role

from .models import Attachment, Report
from .services import actor_kinds
from .transitions import COORDINATOR, OFFICER, REPORTER


def is_public(report: Report) -> bool:
    return not report.is_confidential and report.verified_at is not None and report.status != Report.Status.REJECTED


def public_reporter_label(report: Report) -> str:
    return _("Anonim") if report.is_anonymous else _("Warga")


def identity_visible_to(user, report: Report) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if report.reporter_id == user.pk or has_role(user, Role.COORDINATOR, Role.ADMIN):
        return True
    return not report.is_anonymous and has_role(user, Role.OFFICER, Role.LEADERSHIP)


def reporter_identity(user, report: Report) -> str:
    """The reporter as this staff member may see them."""
    if not identity_visible_to(user, report):
        return _("Anonim (identitas dirahasiakan)")
    if report.reporter_id:
        return report.reporter.full_name
    return report.guest_name or _("Tamu")


def reporter_contact(user, report: Report) -> str:
    """Contact details: coordinators (and admins) only."""
    if not has_role(user, Role.COORDINATOR, Role.ADMIN):
        return ""
    if report.reporter_id:
        return report.reporter.email or report.reporter.phone or ""
    return report.guest_contact


def attachments_for(report: Report, *, reporter: bool) -> list[Attachment]:
    """Files to list on a citizen-facing page: the public sees images (cleaned copies) only."""
    items = list(report.attachments.all())
    return items if reporter else [a for a in items if a.sanitized]


def file_for(user, attachment: Attachment, *, token: str = "", original: bool = False):
    """(file, content type) this visitor may download, or None.

    Only handling staff (coordinators, the OPD's officers, admins) may have an image's
    original, with its EXIF/GPS; everyone else gets the cleaned copy: the reporter (a private
    link can travel), leadership, and the public for public reports. PDFs have no cleaned copy
    and so stay with staff and the reporter.
    """
    report = attachment.report
    kinds = actor_kinds(user if getattr(user, "is_authenticated", False) else None, report, token=token)
    handling = bool(kinds & {COORDINATOR, OFFICER}) or has_role(user, Role.ADMIN)
    if handling and (original or not attachment.sanitized):
        return attachment.original, attachment.content_type
    if handling or REPORTER in kinds:
        if not attachment.sanitized:
            return attachment.original, attachment.content_type
        return attachment.sanitized, "image/jpeg"
    if attachment.sanitized and (has_role(user, Role.LEADERSHIP) or is_public(report)):
        return attachment.sanitized, "image/jpeg"
    return None


def label_actors(user, report: Report, events) -> list:
    """Timeline rows with ``actor_label``: the reporter's steps go through the identity rule."""
    rows = list(events)
    for event in rows:
        if event.actor_id is None:
            event.actor_label = _("Pelapor") if event.action in {"submit", "confirm", "close", "reply"} else _("Sistem")
        elif event.actor_id == report.reporter_id:
            event.actor_label = _("Pelapor") + " · " + reporter_identity(user, report)
        else:
            event.actor_label = event.actor.full_name
    return rows
