"""Staff pages: coordinator queue, OPD inbox, report workspace and its actions, leadership view."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.accounts.access import role_required
from pamong.accounts.models import Role

from . import privacy, queries, services, stats
from .deadlines import Clock
from .forms import AnswerForm, DisposeForm, ForwardForm, NoteForm, PeriodForm, ReasonForm, RejectForm
from .services import actor_kinds
from .transitions import ACTION_LABELS, Action, allowed_actions
from .views import paginate

coordinator_required = role_required(Role.COORDINATOR, Role.ADMIN)
officer_required = role_required(Role.OFFICER)
staff_required = role_required(Role.COORDINATOR, Role.ADMIN, Role.OFFICER, Role.LEADERSHIP)
leadership_required = role_required(Role.LEADERSHIP, Role.COORDINATOR, Role.ADMIN)


@coordinator_required
def queue(request):
    if request.GET.get("ditunda"):
        page, heading = paginate(request, queries.held_reports()), _("Laporan ditunda")
    else:
        page, heading = paginate(request, queries.coordinator_queue()), _("Antrean verifikasi")
    return render(request, "complaints/staff/list.html", {"page": page, "heading": heading})


@officer_required
def inbox(request):
    page = paginate(request, queries.agency_inbox(request.user.agency))
    heading = _("Kotak masuk %(agency)s") % {"agency": request.user.agency}
    return render(request, "complaints/staff/list.html", {"page": page, "heading": heading})


@officer_required
def my_work(request):
    page = paginate(request, queries.my_work(request.user))
    return render(request, "complaints/staff/list.html", {"page": page, "heading": _("Pekerjaan saya")})


@staff_required
def overdue(request):
    agency = request.user.agency if request.user.role == Role.OFFICER else None
    page = paginate(request, queries.overdue_reports(now=timezone.now(), agency=agency))
    return render(request, "complaints/staff/list.html", {"page": page, "heading": _("Laporan terlambat")})


# Each action: the form that validates it and how its clean data reaches the service.
ACTIONS = {
    Action.DISPOSE: (DisposeForm, lambda r, u, d, req: services.dispose(report=r, by=u, **d, request=req)),
    Action.HOLD: (ReasonForm, lambda r, u, d, req: services.hold(report=r, by=u, reason=d["reason"], request=req)),
    Action.RESUME: (None, lambda r, u, d, req: services.resume(report=r, by=u, request=req)),
    Action.REJECT: (RejectForm, lambda r, u, d, req: services.reject(report=r, by=u, **d, request=req)),
    Action.ACCEPT: (None, lambda r, u, d, req: services.accept(report=r, by=u, request=req)),
    Action.START: (None, lambda r, u, d, req: services.start(report=r, by=u, request=req)),
    Action.ANSWER: (
        AnswerForm,
        lambda r, u, d, req: services.answer(report=r, by=u, text=d["text"], evidence=d.get("evidence"), request=req),
    ),
    Action.EXTEND: (ReasonForm, lambda r, u, d, req: services.extend(report=r, by=u, reason=d["reason"], request=req)),
    Action.RETURN: (
        ReasonForm,
        lambda r, u, d, req: services.return_to_coordinator(report=r, by=u, reason=d["reason"], request=req),
    ),
    Action.FORWARD: (ForwardForm, lambda r, u, d, req: services.forward(report=r, by=u, unit=d["unit"], request=req)),
    Action.ESCALATE: (NoteForm, lambda r, u, d, req: services.escalate(report=r, by=u, note=d["text"], request=req)),
    Action.NOTE: (NoteForm, lambda r, u, d, req: services.add_note(report=r, by=u, text=d["text"], request=req)),
}


def _forms_for(report, actions, data=None, files=None) -> dict:
    forms = {}
    for action in actions:
        form_class = ACTIONS.get(action, (None,))[0]
        if form_class is None:
            continue
        kwargs = {"agency": report.agency} if form_class is ForwardForm else {}
        if form_class is DisposeForm:
            kwargs["initial"] = {
                "agency": report.agency_id or (report.category.default_agency_id if report.category else None),
                "category": report.category_id,
                "is_anonymous": report.is_anonymous,
                "is_confidential": report.is_confidential,
            }
        forms[action] = (
            form_class(data, files, prefix=action, **kwargs)
            if data is not None
            else form_class(prefix=action, **kwargs)
        )
    return forms


@staff_required
def workspace(request, code):
    report = queries.get_report_for_staff(request.user, code)
    return _render_workspace(request, report)


def _render_workspace(request, report, *, bound=None):
    report.deadline_state = Clock.current().state(report)
    kinds = actor_kinds(request.user, report)
    actions = [a for a in allowed_actions(report.status, kinds) if a in ACTIONS]
    forms = _forms_for(report, actions)
    if Action.FORWARD in forms and not forms[Action.FORWARD].fields["unit"].queryset.exists():
        actions.remove(Action.FORWARD)  # an OPD without sub-units has nowhere to forward to
    if bound:
        forms.update(bound)
    contact = privacy.reporter_contact(request.user, report)
    if contact:
        services.record_identity_view(report=report, by=request.user, request=request)
    context = {
        "report": report,
        "timeline": privacy.label_actors(request.user, report, queries.full_timeline(report)),
        "attachments": list(report.attachments.all()),
        "actions": [(a, ACTION_LABELS[a], forms.get(a)) for a in actions],
        "identity": privacy.reporter_identity(request.user, report),
        "contact": contact,
    }
    return render(request, "complaints/staff/workspace.html", context, status=400 if bound else 200)


@require_POST
@staff_required
def act(request, code, action):
    report = queries.get_report_for_staff(request.user, code)
    if action not in ACTIONS:
        messages.error(request, _("Aksi tidak dikenal."))
        return redirect("complaints:workspace", code=code)
    form_class, call = ACTIONS[action]
    data = {}
    if form_class is not None:
        (form,) = _forms_for(report, [action], request.POST, request.FILES).values()
        if not form.is_valid():
            return _render_workspace(request, report, bound={action: form})
        data = form.cleaned_data
    try:
        call(report, request.user, data, request)
    except services.ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(action)s: berhasil.") % {"action": ACTION_LABELS[action]})
    return redirect("complaints:workspace", code=code)


@leadership_required
def leadership(request):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end = today.replace(day=1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    numbers = stats.period_numbers(start=start, end=end)
    return render(request, "complaints/staff/leadership.html", {"form": form, "start": start, "end": end, **numbers})
