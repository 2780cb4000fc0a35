from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .access import staff_required
from .forms import ProfileForm, RegistrationForm, SignInForm, VerifyForm
from .workspace import entries_for


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _add_account_error(form, exc: services.AccountError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _start_session(request, user) -> None:
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session["_language"] = user.language


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(
                request=request,
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
            )
        except services.AccountError as exc:
            form.add_error(None, exc.message)
            status = 429 if isinstance(exc, services.LoginThrottled) else 200
        else:
            _start_session(request, user)
            response = redirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(request, "accounts/sign_in.html", {"form": form, "next": _safe_next(request, "")}, status=status)


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("Anda sudah keluar."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_citizen(
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                request=request,
            )
        except (services.AccountError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                form.add_error("phone", exc)
            else:
                _add_account_error(form, exc)
        else:
            _start_session(request, user)
            messages.success(request, _("Akun dibuat. Masukkan kode yang kami kirim untuk memverifikasi kontak Anda."))
            return redirect("accounts:verify")
    return render(request, "accounts/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if user.is_verified:
        return redirect("accounts:profile")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_contact(user=user, code=form.cleaned_data["code"], request=request)
        except services.AccountError as exc:
            _add_account_error(form, exc)
        else:
            messages.success(request, _("Kontak Anda sudah terverifikasi."))
            return redirect("accounts:profile")
    channel, destination = services.primary_contact(user)
    return render(request, "accounts/verify.html", {"form": form, "channel": channel, "destination": destination})


@login_required
@require_POST
def resend_code(request):
    try:
        services.resend_verification(user=request.user)
    except services.AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kode baru sudah dikirim."))
    return redirect("accounts:verify")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {
        "full_name": user.full_name,
        "email": user.email or "",
        "phone": user.phone or "",
        "language": user.language,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, by=user, request=request, **form.cleaned_data)
        except services.AccountError as exc:
            _add_account_error(form, exc)
        else:
            request.session["_language"] = user.language
            messages.success(request, _("Profil disimpan."))
            response = redirect("accounts:profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(request, "accounts/profile.html", {"form": form})


@staff_required
def workspace(request):
    """The staff landing page: what this role works on, and where."""
    return render(request, "accounts/workspace.html", {"workspace_links": entries_for(request.user)})
