"""Citizen and public pages: submit, confirm, track, my reports, public list and detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pamong.accounts.access import has_role
from pamong.accounts.models import Role

from . import paging, privacy, queries, services
from .deadlines import Clock
from .errors import ComplaintThrottled
from .forms import ConfirmForm, RatingForm, ReplyForm, ReportFilterForm, ReportForm, TrackForm
from .models import Attachment, Report

PUBLIC_STATUSES = [
    (value, label)
    for value, label in Report.Status.choices
    if value not in {Report.Status.AWAITING_CONFIRMATION, Report.Status.REJECTED}
]


def paginate(request, qs) -> paging.ReportPage:
    page = paging.get_page(qs, request.GET.get("page"))
    clock = Clock.current()
    # Labels translated once per page, not per row (see partials/report_rows.html).
    types = {value: str(label) for value, label in Report.Type.choices}
    statuses = {value: str(label) for value, label in Report.Status.choices}
    for report in page.object_list:
        report.deadline_state = clock.state(report)
        report.type_label, report.status_label = types[report.type], statuses[report.status]
    return page


def _form_error(form, exc: services.ComplaintError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@require_http_methods(["GET", "POST"])
def submit(request):
    guest = not request.user.is_authenticated
    # Coordinators record reports citizens bring face to face, by phone, SMS or WhatsApp.
    intake = has_role(request.user, Role.COORDINATOR)
    form = ReportForm(request.POST or None, request.FILES or None, guest=guest, intake=intake)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.submit_report(
                by=None if guest else request.user, on_behalf=intake, request=request, **form.report_values()
            )
        except services.ComplaintError as exc:
            _form_error(form, exc)
            if isinstance(exc, ComplaintThrottled):
                return render(
                    request, "complaints/submit.html", {"form": form, "guest": guest, "intake": intake}, status=429
                )
        else:
            if intake:
                messages.success(request, _("Laporan %(code)s dicatat.") % {"code": report.code})
                return redirect("complaints:workspace", code=report.code)
            if report.status == Report.Status.AWAITING_CONFIRMATION:
                return redirect("complaints:confirm", token=report.access_token)
            return redirect("complaints:submitted", token=report.access_token)
    return render(request, "complaints/submit.html", {"form": form, "guest": guest, "intake": intake})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    report = queries.get_report_by_token(token)
    if report.status != Report.Status.AWAITING_CONFIRMATION:
        return redirect("complaints:submitted", token=token)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and request.POST.get("resend"):
        try:
            services.resend_guest_code(report=report)
            messages.success(request, _("Kode baru sudah dikirim."))
        except services.ComplaintError as exc:
            messages.error(request, exc.message)
        return redirect("complaints:confirm", token=token)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_guest_report(report=report, code=form.cleaned_data["code"], request=request)
        except services.ComplaintError as exc:
            form.add_error("code", exc.message)
        else:
            return redirect("complaints:submitted", token=token)
    return render(request, "complaints/confirm.html", {"report": report, "form": form})


def submitted(request, token):
    report = queries.get_report_by_token(token)
    if report.status == Report.Status.AWAITING_CONFIRMATION:
        return redirect("complaints:confirm", token=token)
    return render(request, "complaints/submitted.html", {"report": report})


def track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        report = queries.get_report_by_code(form.cleaned_data["code"])
        return render(request, "complaints/track.html", _detail_context(request, report, tracking=True))
    return render(request, "complaints/track_form.html", {"form": form})


def private(request, token):
    """The reporter's private link: full view of their report and the rate/reply forms."""
    report = queries.get_report_by_token(token)
    if report.status == Report.Status.AWAITING_CONFIRMATION:
        return redirect("complaints:confirm", token=token)
    context = _detail_context(request, report, reporter=True)
    context["token"] = token
    return render(request, "complaints/detail.html", context)


@require_POST
def react(request, token, how):
    """Rate (close) or reply to an answer, from the private link or as the signed-in reporter."""
    if how not in {"nilai", "balas"}:
        raise Http404
    report = queries.get_report_by_token(token)
    user = request.user if request.user.is_authenticated else None
    form = RatingForm(request.POST) if how == "nilai" else ReplyForm(request.POST)
    if form.is_valid():
        try:
            if how == "nilai":
                services.close_with_rating(
                    report=report,
                    by=user,
                    token=token,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    request=request,
                )
                messages.success(request, _("Terima kasih atas penilaian Anda."))
            else:
                services.reply(report=report, by=user, token=token, text=form.cleaned_data["text"], request=request)
                messages.success(request, _("Tanggapan Anda terkirim; laporan dibuka kembali."))
        except services.ComplaintError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Periksa isian Anda."))
    return redirect("complaints:private", token=token)


@login_required
def mine(request):
    page = paginate(request, queries.my_reports(request.user))
    return render(request, "complaints/mine.html", {"page": page})


def public_list(request):
    form = ReportFilterForm(request.GET or None, statuses=PUBLIC_STATUSES)
    qs = queries.public_reports().order_by("-created_at", "-id")
    if form.is_valid():
        qs = queries.filter_reports(qs, form.cleaned_data)
    page = paginate(request, qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "complaints/public_list.html", {"form": form, "page": page, "query": query.urlencode()})


def detail(request, code):
    report = queries.get_report_for_user(request.user, code)
    is_reporter = request.user.is_authenticated and report.reporter_id == request.user.pk
    context = _detail_context(request, report, reporter=is_reporter)
    if is_reporter:
        context["token"] = report.access_token
    return render(request, "complaints/detail.html", context)


def _detail_context(request, report, *, reporter=False, tracking=False) -> dict:
    report.deadline_state = Clock.current().state(report)
    # Tracking by code shows the content only of reports that are public anyway: a rahasia
    # (or not yet verified) report shows its status and dates, nothing more.
    hide_content = not reporter and not privacy.is_public(report)
    timeline = list(queries.public_timeline(report))
    attachments = [] if hide_content else privacy.attachments_for(report, reporter=reporter)
    return {
        "report": report,
        "timeline": timeline,
        "attachments": attachments,
        "hide_content": hide_content,
        "is_reporter": reporter,
        "tracking": tracking,
        "reporter_label": privacy.public_reporter_label(report),
        "rating_form": RatingForm() if reporter else None,
        "reply_form": ReplyForm() if reporter else None,
    }


def attachment(request, pk):
    """Serve a file: the cleaned copy to whoever may see the report, the original to staff."""
    try:
        item = Attachment.objects.select_related("report").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    found = privacy.file_for(
        request.user, item, token=request.GET.get("t", ""), original=request.GET.get("asli") == "1"
    )
    if found is None:
        raise Http404
    file, content_type = found
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response
