"""Village operators' pages: the request queue, steps on a request, issuing, PINs."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pamong.accounts.access import role_required
from pamong.accounts.models import Role
from pamong.audit.services import record

from . import pins, queries, services, transitions, workflow
from .errors import LetterError
from .forms import ActionForm, IssueLetterForm, IssuePinForm
from .models import LetterRequest

operator_required = role_required(Role.VILLAGE_OPERATOR, Role.ADMIN)


def _form_error(form, exc: LetterError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@operator_required
def queue(request):
    status = request.GET.get("status", "")
    if status not in LetterRequest.Status.values:
        status = ""
    page = Paginator(queries.requests_for_operator(request.user, status=status), 25).get_page(request.GET.get("page"))
    letters = queries.letters_for_operator(request.user)[:10]
    return render(
        request,
        "letters/operator/queue.html",
        {"page_obj": page, "status": status, "statuses": LetterRequest.Status.choices, "letters": letters},
    )


@operator_required
def workspace(request, pk):
    letter_request = queries.get_request_for_operator(request.user, pk)
    # The workspace shows the applicant's full NIK and data: audited like a resident record.
    record(actor=request.user, action="letters.request_view", obj=letter_request, request=request)
    return render(
        request,
        "letters/operator/workspace.html",
        {
            "letter_request": letter_request,
            "events": transitions.labelled(letter_request.events.select_related("by")),
            "files": letter_request.files.all(),
            "actions": transitions.available(transitions.OPERATOR, letter_request.status),
            "form": ActionForm(),
        },
    )


@operator_required
@require_POST
def act(request, pk, action):
    letter_request = queries.get_request_for_operator(request.user, pk)
    form = ActionForm(request.POST)
    form.is_valid()  # every field is optional; the service checks what the step needs
    try:
        workflow.act(
            letter_request=letter_request, action=action, by=request.user, request=request, **form.cleaned_data
        )
    except LetterError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status permohonan diperbarui."))
    return redirect("letters:workspace", pk=pk)


@operator_required
@never_cache
def request_file(request, pk, file_pk):
    letter_request = queries.get_request_for_operator(request.user, pk)
    upload = letter_request.files.filter(pk=file_pk).first()
    if upload is None:
        raise Http404
    # Requirement files are scans of KTP and KK: each opening is audited.
    record(
        actor=request.user,
        action="letters.request_file_view",
        obj=letter_request,
        after={"file": upload.pk, "requirement": upload.requirement},
        request=request,
    )
    response = FileResponse(upload.file.open("rb"), content_type=upload.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@operator_required
@require_http_methods(["GET", "POST"])
def issue(request):
    types = queries.active_types()
    letter_type = types.filter(code=request.GET.get("jenis", "")).first()
    if letter_type is None:
        return render(request, "letters/operator/issue_choose.html", {"types": types})
    form = IssueLetterForm(request.POST or None, letter_type=letter_type)
    if request.method == "POST" and form.is_valid():
        resident = queries.resident_for_operator(request.user, form.cleaned_data["nik"])
        if resident is None:
            form.add_error("nik", _("Penduduk dengan NIK ini tidak ditemukan di desa Anda."))
        else:
            try:
                letter = services.issue_letter(
                    letter_type=letter_type,
                    resident=resident,
                    by=request.user,
                    values=form.values(),
                    signer_name=form.cleaned_data["signer_name"],
                    signer_nip=form.cleaned_data["signer_nip"],
                    signer_title=form.cleaned_data["signer_title"],
                    paper=form.cleaned_data["paper"],
                    request=request,
                )
            except LetterError as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request, _("Surat %(number)s diterbitkan; PDF sedang dibuat.") % {"number": letter.number}
                )
                return redirect("letters:queue")
    return render(request, "letters/operator/issue.html", {"form": form, "letter_type": letter_type})


@operator_required
@never_cache
@require_http_methods(["GET", "POST"])
def issue_pin(request):
    form = IssuePinForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        resident = queries.resident_for_operator(request.user, form.cleaned_data["nik"])
        if resident is None:
            form.add_error("nik", _("Penduduk dengan NIK ini tidak ditemukan di desa Anda."))
        else:
            try:
                pin = pins.issue_pin(
                    resident=resident,
                    by=request.user,
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    request=request,
                )
            except LetterError as exc:
                _form_error(form, exc)
            else:
                # Shown once, on this response only; it is stored hashed.
                issued = {"resident": resident, "pin": pin}
                form = IssuePinForm()
    return render(request, "letters/operator/issue_pin.html", {"form": form, "issued": issued})
