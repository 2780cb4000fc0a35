"""Public pages (letter catalogue, verification) and citizen self-service (layanan mandiri)."""

from functools import wraps

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import pins, queries, transitions, workflow
from .errors import LetterError
from .forms import ChangePinForm, CompleteForm, ContactForm, RequestForm, SignInForm
from .models import LetterRequest


def _form_error(form, exc: LetterError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def resident_required(*, allow_must_change: bool = False):
    """Self-service pages: a signed-in resident (``request.resident_pin``) who has set their own PIN."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            pin_row = queries.signed_in_pin(request)
            if pin_row is None:
                return redirect("letters:sign_in")
            if pin_row.must_change and not allow_must_change:
                return redirect("letters:change_pin")
            request.resident_pin = pin_row
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


def index(request):
    return render(request, "letters/index.html", {"types": queries.active_types()})


def verify(request, token):
    letter = queries.letter_by_token(token)
    response = render(request, "letters/verify.html", {"letter": letter, "today": timezone.localdate()})
    if letter is None:
        response.status_code = 404
    return response


def letter_pdf(request, pk):
    letter = queries.access_letter_pdf(user=request.user, pin_row=queries.signed_in_pin(request), pk=pk)
    response = FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"surat-{letter.letter_type.code.lower()}-{letter.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- self-service ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = pins.sign_in(nik=form.cleaned_data["nik"], pin=form.cleaned_data["pin"], request=request)
        if result.pin is not None:
            queries.start_session(request, result.pin)
            return redirect("letters:change_pin" if result.pin.must_change else "letters:home")
        if result.error == "throttled":
            form.add_error(None, _("Terlalu banyak percobaan masuk dari perangkat ini. Coba lagi 15 menit lagi."))
        elif result.error == "locked":
            until = timezone.localtime(result.locked_until).strftime("%H:%M")
            form.add_error(None, _("Terlalu banyak PIN salah. Coba lagi setelah pukul %(time)s.") % {"time": until})
        else:
            form.add_error(None, _("NIK atau PIN salah."))
    return render(request, "letters/mandiri/sign_in.html", {"form": form})


@require_POST
def sign_out(request):
    queries.end_session(request)
    messages.success(request, _("Anda sudah keluar dari layanan mandiri."))
    return redirect("letters:sign_in")


@resident_required(allow_must_change=True)
@require_http_methods(["GET", "POST"])
def change_pin(request):
    pin_row = request.resident_pin
    form = ChangePinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = pins.change_pin(
                pin_row=pin_row,
                current=form.cleaned_data["current_pin"],
                new=form.cleaned_data["new_pin"],
                request=request,
            )
        except LetterError as exc:
            _form_error(form, exc)
        else:
            queries.refresh_session(request, row)
            messages.success(request, _("PIN Anda sudah diganti."))
            return redirect("letters:home")
    return render(request, "letters/mandiri/change_pin.html", {"form": form, "forced": pin_row.must_change})


@resident_required()
@require_http_methods(["GET", "POST"])
def home(request):
    pin_row = request.resident_pin
    resident = pin_row.resident
    contact = ContactForm(request.POST or None, initial={"phone": pin_row.phone, "email": pin_row.email})
    if request.method == "POST" and contact.is_valid():
        pins.update_contact(pin_row=pin_row, request=request, **contact.cleaned_data)
        messages.success(request, _("Kontak Anda disimpan."))
        return redirect("letters:home")
    return render(
        request,
        "letters/mandiri/home.html",
        {
            "resident": resident,
            "family": queries.family_members(resident),
            "requests": queries.requests_of(resident),
            "types": queries.self_service_types(),
            "contact_form": contact,
        },
    )


@resident_required()
@require_http_methods(["GET", "POST"])
def new_request(request, code):
    letter_type = queries.get_self_service_type(code)
    resident = request.resident_pin.resident
    form = RequestForm(request.POST or None, request.FILES or None, letter_type=letter_type)
    if request.method == "POST" and form.is_valid():
        try:
            letter_request = workflow.submit_request(
                resident=resident, letter_type=letter_type, values=form.values(), files=form.uploads(), request=request
            )
        except LetterError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Permohonan terkirim."))
            return redirect("letters:request_detail", pk=letter_request.pk)
    return render(request, "letters/mandiri/new_request.html", {"form": form, "letter_type": letter_type})


def _missing(letter_request: LetterRequest) -> set[str]:
    have = {f.requirement for f in letter_request.files.all()}
    return {r for r in letter_request.letter_type.requirements if r not in have}


@resident_required()
@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    resident = request.resident_pin.resident
    letter_request = queries.get_request_for_resident(resident, pk)
    missing = _missing(letter_request)
    form = CompleteForm(request.POST or None, request.FILES or None, letter_request=letter_request, missing=missing)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.complete_request(
                letter_request=letter_request, resident=resident, files=form.uploads(), request=request
            )
        except LetterError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Permohonan dikirim untuk diperiksa."))
            return redirect("letters:request_detail", pk=pk)
    context = {
        "letter_request": letter_request,
        "events": transitions.labelled(letter_request.events.all()),
        "missing": sorted(missing),
        "form": form,
        "can_complete": letter_request.status == LetterRequest.Status.INCOMPLETE,
        "can_cancel": transitions.find("cancel", transitions.RESIDENT, letter_request.status) is not None,
        "can_download": bool(
            letter_request.letter and letter_request.letter.pdf and letter_request.status in queries.DOWNLOADABLE
        ),
    }
    return render(request, "letters/mandiri/request_detail.html", context)


@resident_required()
@require_POST
def cancel_request(request, pk):
    resident = request.resident_pin.resident
    letter_request = queries.get_request_for_resident(resident, pk)
    try:
        workflow.cancel_by_resident(letter_request=letter_request, resident=resident, request=request)
    except LetterError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Permohonan dibatalkan."))
    return redirect("letters:request_detail", pk=pk)
