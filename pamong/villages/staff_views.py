"""The village operator's pages: dashboard, registry lists and records, forms, events, import.

Every page fetches through a queries.access_* helper (403 for another village's code, 404 for
another village's record id) and every write goes through services/events/importing.
"""

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pamong.accounts.access import can_operate_village
from pamong.audit.services import record

from . import events, importing, queries, services, stats
from .forms import (
    BirthForm,
    CloseEventForm,
    ClusterForm,
    FamilyForm,
    FamilyMoveForm,
    HeadChangeForm,
    ImportForm,
    MemberForm,
    MoveInForm,
    MoveOutForm,
    ResidentEditForm,
    SearchForm,
)
from .models import ImportBatch, Resident

PAGE_SIZE = 25
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMPORT_REFRESH_SECONDS = 2
# A running import writes a chunk every few seconds; one that has not moved for this long lost
# its worker (killed, machine restarted) or waits for a worker that is not running.
IMPORT_STALLED_AFTER = timedelta(minutes=10)
EVENT_KINDS = {
    "mati": (gettext_lazy("Catat kematian"), events.record_death),
    "hilang": (gettext_lazy("Catat penduduk hilang"), events.record_lost),
    "pergi": (gettext_lazy("Catat penduduk pergi"), events.record_left),
    "pindah": (gettext_lazy("Catat pindah keluar"), events.move_out),
}


def _refused(form, exc: services.VillageError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _form_page(request, *, form, title, back_url, intro="", village=None, submit=None):
    context = {"form": form, "title": title, "back_url": back_url, "intro": intro, "village": village}
    return render(request, "villages/form.html", context | {"submit": submit or _("Simpan")})


@login_required
@require_GET
def manage(request):
    village = queries.operated_village(request.user)
    if village is None:
        raise PermissionDenied
    return redirect("villages:dashboard", code=village.code)


@login_required
@require_GET
def dashboard(request, code):
    village = queries.access_village(request.user, code)
    today = timezone.localdate()
    context = {
        "village": village,
        "living": queries.residents_of(village).count(),
        "families": queries.families_of(village).count(),
        "report": stats.monthly_report(village, today.year, today.month)["total"],
        "recent": queries.events_of(village)[:10],
        "imports": ImportBatch.objects.filter(village=village)[:5],
        "full": queries.can_see_full_numbers(request.user, village),
    }
    return render(request, "villages/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def residents(request, code):
    """The village's residents. The search term travels by POST and waits in the session, so a
    NIK or name never lands in a URL (and so in access logs or browser history)."""
    village = queries.access_village(request.user, code)
    key = f"villages:q:{village.code}"
    if request.method == "POST":
        form = SearchForm(request.POST)
        request.session[key] = form.cleaned_data["q"].strip() if form.is_valid() else ""
        return redirect("villages:residents", code=village.code)
    q = request.session.get(key, "")
    form = SearchForm(initial={"q": q})
    page = Paginator(queries.residents_of(village, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"village": village, "form": form, "page_obj": page, "q": q}
    context["full"] = queries.can_see_full_numbers(request.user, village)
    return render(request, "villages/residents.html", context)


@login_required
@require_GET
def families(request, code):
    village = queries.access_village(request.user, code)
    page = Paginator(queries.families_of(village), PAGE_SIZE).get_page(request.GET.get("page"))
    full = queries.can_see_full_numbers(request.user, village)
    return render(request, "villages/families.html", {"village": village, "page_obj": page, "full": full})


@login_required
@require_http_methods(["GET", "POST"])
def clusters(request, code):
    """The village's dusun/RW/RT with their families and residents; a form adds one."""
    village = queries.access_village(request.user, code)
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.add_cluster(by=request.user, village=village, **form.cleaned_data, request=request)
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("%(cluster)s ditambahkan.") % {"cluster": cluster})
            return redirect("villages:clusters", code=village.code)
    context = {"village": village, "clusters": queries.clusters_of(village), "form": form}
    return render(request, "villages/clusters.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk):
    cluster = queries.access_cluster(request.user, pk)
    key = {"dusun": cluster.dusun, "rw": cluster.rw, "rt": cluster.rt}
    form = ClusterForm(request.POST or None, initial=key)
    if request.method == "POST" and form.is_valid():
        try:
            kept = services.change_cluster(by=request.user, cluster=cluster, **form.cleaned_data, request=request)
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            if kept.pk == cluster.pk:
                messages.success(request, _("Dusun/RW/RT diperbarui: %(cluster)s.") % {"cluster": kept})
            else:
                messages.success(request, _("Keluarga-keluarganya digabungkan ke %(cluster)s.") % {"cluster": kept})
            return redirect("villages:clusters", code=cluster.village.code)
    back = reverse("villages:clusters", args=[cluster.village.code])
    intro = _(
        "Semua keluarga di %(cluster)s ikut berubah. Bila desa sudah punya dusun/RW/RT dengan nama baru itu, "
        "keluarganya digabungkan ke sana."
    ) % {"cluster": cluster}
    return _form_page(request, form=form, title=_("Ubah dusun/RW/RT"), back_url=back, intro=intro)


@login_required
@require_http_methods(["POST"])
def cluster_remove(request, pk):
    cluster = queries.access_cluster(request.user, pk)
    try:
        services.remove_cluster(by=request.user, cluster=cluster, request=request)
    except services.VillageError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(cluster)s dihapus.") % {"cluster": cluster})
    return redirect("villages:clusters", code=cluster.village.code)


@login_required
@require_GET
def resident_detail(request, pk):
    resident = queries.access_resident(request.user, pk)
    record(actor=request.user, action="resident.view", obj=resident, request=request)
    context = {"resident": resident, "village": resident.village, "events": resident.events.all()}
    context["can_edit"] = resident.status == Resident.Status.ALIVE
    return render(request, "villages/resident.html", context)


@login_required
@require_GET
def family_detail(request, pk):
    family = queries.access_family(request.user, pk)
    # Members' names and NIKs: audited like a resident record.
    record(actor=request.user, action="family.view", obj=family, request=request)
    context = {"family": family, "village": family.village, "members": queries.members_of(family)}
    context["full"] = queries.can_see_full_numbers(request.user, family.village)
    return render(request, "villages/family.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def family_create(request, code):
    village = queries.access_village(request.user, code)
    family_form = FamilyForm(request.POST or None, prefix="kk")
    head_form = MemberForm(request.POST or None, prefix="kepala")
    del head_form.fields["relation"]
    if request.method == "POST" and family_form.is_valid() and head_form.is_valid():
        data = family_form.cleaned_data
        cluster = None
        if data["dusun"] or data["rw"] or data["rt"]:
            cluster = services.ensure_cluster(village=village, dusun=data["dusun"], rw=data["rw"], rt=data["rt"])
        try:
            family = services.create_family(
                by=request.user, village=village, head=head_form.person(), number=data["number"],
                address=data["address"], cluster=cluster, request=request,
            )  # fmt: skip
        except services.VillageError as exc:
            _refused(family_form if exc.field in family_form.fields else head_form, exc)
        else:
            messages.success(request, _("Keluarga tercatat."))
            return redirect("villages:family", pk=family.pk)
    context = {"village": village, "family_form": family_form, "head_form": head_form}
    return render(request, "villages/family_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    family = queries.access_family(request.user, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(
                by=request.user, family=family, person=form.person(), relation=form.cleaned_data["relation"],
                request=request,
            )  # fmt: skip
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Anggota keluarga tercatat."))
            return redirect("villages:family", pk=family.pk)
    back = reverse("villages:family", args=[family.pk])
    intro = _("Untuk bayi yang baru lahir gunakan formulir kelahiran.")
    return _form_page(request, form=form, title=_("Tambah anggota keluarga"), back_url=back, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def family_edit(request, pk):
    family = queries.access_family(request.user, pk)
    cluster = family.cluster
    initial = {"number": family.number, "address": family.address}
    if cluster is not None:
        initial |= {"dusun": cluster.dusun, "rw": cluster.rw, "rt": cluster.rt}
    form = FamilyForm(request.POST or None, initial=initial)
    form.fields["number"].required = True
    form.fields["number"].help_text = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cluster = None
        if data["dusun"] or data["rw"] or data["rt"]:
            cluster = services.ensure_cluster(village=family.village, dusun=data["dusun"], rw=data["rw"], rt=data["rt"])
        try:
            services.update_family(
                by=request.user, family=family, number=data["number"], address=data["address"], cluster=cluster,
                request=request,
            )  # fmt: skip
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Data keluarga diperbarui."))
            return redirect("villages:family", pk=family.pk)
    back = reverse("villages:family", args=[family.pk])
    return _form_page(request, form=form, title=_("Ubah data keluarga"), back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def family_move(request, pk):
    """Pindah satu KK: every living member of the family moves out at once."""
    family = queries.access_family(request.user, pk)
    form = FamilyMoveForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = {name: data[name] for name in ("event_date", "report_date", "note")}
        if data["within"]:
            args |= {"to_village": data["to_village"], "new_family_number": data["new_family_number"]}
            args["new_family_address"] = data["new_family_address"]
        else:
            args["destination"] = data["destination"]
        try:
            outs = events.move_family_out(by=request.user, family=family, request=request, **args)
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Kepindahan %(count)d anggota keluarga tercatat.") % {"count": len(outs)})
            return redirect("villages:dashboard", code=family.village.code)
    back = reverse("villages:family", args=[family.pk])
    intro = _(
        "Semua anggota keluarga yang masih tinggal pindah bersama. Anggota yang pindah sendiri dicatat dari "
        "halaman penduduknya."
    )
    return _form_page(request, form=form, title=_("Pindah satu keluarga"), back_url=back, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def head_change(request, pk):
    family = queries.access_family(request.user, pk)
    form = HeadChangeForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_head(
                by=request.user, family=family, new_head=form.cleaned_data["new_head"], request=request
            )
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Kepala keluarga diganti."))
            return redirect("villages:family", pk=family.pk)
    back = reverse("villages:family", args=[family.pk])
    return _form_page(request, form=form, title=_("Ganti kepala keluarga"), back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request, pk):
    resident = queries.access_resident(request.user, pk)
    form = ResidentEditForm(request.POST or None, resident=resident)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resident(by=request.user, resident=resident, values=form.values(), request=request)
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Data penduduk diperbarui."))
            return redirect("villages:resident", pk=resident.pk)
    back = reverse("villages:resident", args=[resident.pk])
    return _form_page(request, form=form, title=_("Ubah data penduduk"), back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def birth(request, pk):
    family = queries.access_family(request.user, pk)
    form = BirthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = events.record_birth(
                by=request.user, family=family, person=form.person(), event_date=data["birth_date"],
                report_date=data["report_date"], note=data["note"], request=request,
            )  # fmt: skip
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Kelahiran tercatat."))
            return redirect("villages:resident", pk=child.pk)
    back = reverse("villages:family", args=[family.pk])
    return _form_page(request, form=form, title=_("Catat kelahiran"), back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def resident_event(request, pk, kind):
    if kind not in EVENT_KINDS:
        raise Http404
    resident = queries.access_resident(request.user, pk)
    title, service = EVENT_KINDS[kind]
    if kind == "pindah":
        form = MoveOutForm(request.POST or None, resident=resident)
    else:
        form = CloseEventForm(request.POST or None, resident=resident, with_destination=kind == "pergi")
    if request.method == "POST" and form.is_valid():
        try:
            service(by=request.user, resident=resident, request=request, **_event_args(kind, form.cleaned_data))
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Peristiwa tercatat."))
            return redirect("villages:dashboard", code=resident.village.code)
    back = reverse("villages:resident", args=[resident.pk])
    return _form_page(request, form=form, title=title, back_url=back)


def _event_args(kind: str, data: dict) -> dict:
    args = {k: data[k] for k in ("event_date", "report_date", "note")}
    args["new_head"] = data.get("new_head")
    if kind == "pergi":
        args["destination"] = data.get("destination", "")
    if kind == "pindah":
        if data["within"]:
            args.update(
                to_village=data["to_village"], to_family=data["to_family"], relation=data["relation"],
                new_family_number=data["new_family_number"],
            )  # fmt: skip
        else:
            args["destination"] = data["destination"]
    return args


@login_required
@require_http_methods(["GET", "POST"])
def move_in(request, code):
    village = queries.access_village(request.user, code)
    form = MoveInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        family = queries.families_of(village).filter(number=data["family_number"]).first()
        try:
            resident = events.move_in(
                by=request.user, village=village, person=form.person(), event_date=data["event_date"],
                report_date=data["report_date"], origin=data["origin"], family=family, relation=data["relation"],
                family_number="" if family else data["family_number"], address=data["address"], request=request,
            )  # fmt: skip
        except services.VillageError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Pindah masuk tercatat."))
            return redirect("villages:resident", pk=resident.pk)
    back = reverse("villages:dashboard", args=[village.code])
    return _form_page(request, form=form, title=_("Catat pindah masuk"), back_url=back, village=village)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, code):
    """The upload form; a valid upload is imported by the background worker while the
    operator watches the batch's progress page."""
    village = queries.access_village(request.user, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("Berkas lebih dari 10 MB: gunakan perintah import_residents di server."))
        else:
            batch = importing.queue_import(by=request.user, village=village, upload=upload)
            return redirect("villages:import_progress", pk=batch.pk)
    context = {"village": village, "form": form, "imports": ImportBatch.objects.filter(village=village)[:10]}
    return render(request, "villages/import.html", context)


def _access_batch(user, pk: int) -> ImportBatch:
    """An import of a village ``user`` operates (admins: any); 404 otherwise, so ids reveal nothing."""
    batch = ImportBatch.objects.filter(pk=pk).select_related("village").first()
    if batch is None or not can_operate_village(user, batch.village):
        raise Http404
    return batch


@login_required
@require_GET
def import_progress(request, pk):
    """Where an import stands. While it runs the page reloads itself every few seconds (a meta
    refresh: no script needed) and shows a <progress> bar of the rows written."""
    batch = _access_batch(request.user, pk)
    running = batch.status == ImportBatch.Status.RUNNING
    interrupted = running and bool(batch.error_report)
    stalled = running and not interrupted and timezone.now() - batch.updated_at > IMPORT_STALLED_AFTER
    failed = batch.status == ImportBatch.Status.FAILED
    context = {
        "batch": batch,
        "village": batch.village,
        "running": running and not (interrupted or stalled),
        "interrupted": interrupted,
        "stalled": stalled,
        "failed": failed,
        "errors": importing.report_rows(batch)[:50] if failed else [],
        "percent": 100 * batch.processed // batch.total_rows if batch.total_rows else 0,
        "full": queries.can_see_full_numbers(request.user, batch.village),
        "refresh_seconds": IMPORT_REFRESH_SECONDS,
    }
    return render(request, "villages/import_progress.html", context)


@login_required
@require_GET
def import_errors(request, pk):
    batch = ImportBatch.objects.filter(pk=pk).select_related("village").first()
    if batch is None or not queries.can_see_full_numbers(request.user, batch.village):
        raise Http404
    response = HttpResponse(batch.error_report, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="galat-impor-{batch.pk}.csv"'
    return response


class _Echo:
    def write(self, value):
        return value


EXPORT_COLUMNS = (
    "NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "AGAMA", "PDDK_AKH", "JENIS_PKRJN",
    "STAT_KWN", "STAT_HBKEL", "GOL_DRH", "PNYDNG_CCT", "KEWARGANEGARAAN", "NAMA_LGKP_AYAH", "NAMA_LGKP_IBU",
    "NIK_AYAH", "NIK_IBU", "ALAMAT", "NO_RT", "NO_RW", "DUSUN",
)  # fmt: skip


@login_required
@require_GET
def export(request, code):
    """The village's living residents in the import's own column shape (re-importable).

    Only the village's own operators: the file holds every NIK unmasked."""
    village = queries.access_village(request.user, code)
    if not queries.can_see_full_numbers(request.user, village):
        raise PermissionDenied
    record(actor=request.user, action="villages.export", obj=village, request=request)
    rows = queries.residents_for_export(village)
    writer = csv.writer(_Echo())
    body = (writer.writerow(row) for row in [EXPORT_COLUMNS, *(_export_row(r) for r in rows.iterator())])
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="penduduk-{village.code}.csv"'
    return response


def _export_row(r: Resident) -> list:
    cluster = r.family.cluster
    code = lambda item: item.code if item else ""  # noqa: E731
    return [
        r.nik, r.family.number, r.name, r.sex, r.birth_place, r.birth_date.strftime("%d-%m-%Y"), code(r.religion),
        code(r.education), code(r.occupation), code(r.marital_status), r.relation, code(r.blood_type),
        code(r.disability), r.citizenship, r.father_name, r.mother_name, r.father_nik, r.mother_nik,
        r.family.address, *((cluster.rt, cluster.rw, cluster.dusun) if cluster else ("", "", "")),
    ]  # fmt: skip
