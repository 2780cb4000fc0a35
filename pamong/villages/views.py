"""Public statistics pages (aggregates only; small counts suppressed for the public)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pamong.regions.codes import RegionError
from pamong.regions.models import Region
from pamong.regions.queries import configured_regency, get_region, regency_districts, regency_villages

from . import queries, stats, statstasks
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


def _figures(request, region: Region) -> tuple[stats.Figures, bool]:
    """The scope's figures, as the public sees them unless the user may see full numbers."""
    full = queries.can_see_full_statistics(request.user, region)
    today = timezone.localdate()
    result = stats.page_figures(region, today=today)
    # Villages never counted (a new deployment, a village loaded later) are counted now, a few
    # per view, rather than shown as empty until the nightly sweep.
    if result.computed < result.villages and statstasks.count_never_counted(region, today=today):
        result = stats.page_figures(region, today=today)
    if not full:
        result.tables = stats.public(result.tables)
    return result, full


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
    result, full = _figures(request, region)
    context = {
        "region": region,
        "tables": stats.for_display(result.tables),
        "figures": result,
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
    if key not in stats.FIGURE_KEYS:
        raise Http404
    # All tables, not just this one: the public copy hides cells the other tables share.
    result, _full = _figures(request, region)
    table = next(t for t in result.tables if t.key == key)
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
        report = stats.public_monthly(report)
    if request.GET.get("format") == "csv":
        return _csv(stats.monthly_csv(report), f"perubahan-penduduk-{region.code}-{year}-{month:02d}.csv")
    labels = (("L", _("Laki-laki")), ("P", _("Perempuan")), ("total", _("Jumlah")))
    rows = [(label, [report[sex][c] for c in stats.REPORT_COLUMNS]) for sex, label in labels] if report else []
    context = {
        "region": region,
        "form": form,
        "year": year,
        "month": month,
        "columns": stats.REPORT_COLUMN_LABELS,
        "rows": rows,
        "withheld": report is None,
        "full": full,
    }
    return render(request, "villages/monthly.html", context)
