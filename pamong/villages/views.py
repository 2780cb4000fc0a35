"""Public statistics pages (aggregates only; small counts suppressed for the public)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pamong.regions.codes import RegionError
from pamong.regions.models import Region
from pamong.regions.queries import configured_regency, get_region, regency_districts, regency_villages

from . import queries, stats
from .forms import MonthForm


def _region(code: str) -> Region:
    """A loaded region inside the served regency (the regency itself, a kecamatan or a village)."""
    try:
        region = get_region(code)
    except RegionError:
        raise Http404 from None
    regency = configured_regency().code
    if region.code != regency and not region.code.startswith(regency + "."):
        raise Http404
    return region


def _tables(request, region: Region) -> tuple[list[stats.Table], bool]:
    full = queries.can_see_full_statistics(request.user, region)
    tables = stats.figures(region, today=timezone.localdate())
    return (tables if full else [stats.suppress(t) for t in tables]), full


def _children(region: Region):
    if region.level == Region.Level.REGENCY:
        return regency_districts()
    if region.level == Region.Level.DISTRICT:
        return regency_villages(region)
    return Region.objects.none()


@require_GET
def index(request):
    try:
        regency = configured_regency()
    except RegionError:
        return render(request, "villages/not_loaded.html", status=503)
    return _stats_page(request, regency)


@require_GET
def region_stats(request, code):
    return _stats_page(request, _region(code))


def _stats_page(request, region: Region):
    tables, full = _tables(request, region)
    context = {
        "region": region,
        "tables": tables,
        "full": full,
        "children": _children(region),
        "operated": queries.operated_village(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "villages/stats.html", context)


def _csv(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def stats_csv(request, code, key):
    region = _region(code)
    try:
        table = stats.figure(region, key, today=timezone.localdate())
    except KeyError:
        raise Http404 from None
    if not queries.can_see_full_statistics(request.user, region):
        table = stats.suppress(table)
    return _csv(stats.to_csv(table), f"statistik-{key}-{region.code}.csv")


@require_GET
def monthly(request, code):
    region = _region(code)
    today = timezone.localdate()
    form = MonthForm(request.GET or {"tahun": today.year, "bulan": today.month})
    if not form.is_valid():
        form = MonthForm({"tahun": today.year, "bulan": today.month})
        form.is_valid()
    year, month = form.cleaned_data["tahun"], form.cleaned_data["bulan"]
    report = stats.monthly_report(region, year, month)
    full = queries.can_see_full_statistics(request.user, region)
    if not full:
        report = {sex: {k: stats.small(v) for k, v in cols.items()} for sex, cols in report.items()}
    if request.GET.get("format") == "csv":
        return _csv(stats.monthly_csv(report), f"perubahan-penduduk-{region.code}-{year}-{month:02d}.csv")
    rows = [
        (_("Laki-laki"), [report["L"][c] for c in stats.REPORT_COLUMNS]),
        (_("Perempuan"), [report["P"][c] for c in stats.REPORT_COLUMNS]),
        (_("Jumlah"), [report["total"][c] for c in stats.REPORT_COLUMNS]),
    ]
    context = {
        "region": region,
        "form": form,
        "year": year,
        "month": month,
        "columns": stats.REPORT_COLUMN_LABELS,
        "rows": rows,
        "full": full,
    }
    return render(request, "villages/monthly.html", context)
