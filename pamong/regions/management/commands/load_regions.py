from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pamong.regions.codes import RegionError
from pamong.regions.models import Region
from pamong.regions.services import LoadResult, load_regions


class Command(BaseCommand):
    help = "Memuat wilayah Kemendagri 2025 (induk dan seluruh turunannya) ke basis data. Aman diulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "code",
            nargs="?",
            help=f"Kode wilayah, mis. 35.22 (bawaan: PAMONG_REGION, sekarang {settings.PAMONG_REGION}).",
        )

    def handle(self, *args, code=None, **options):
        try:
            result = load_regions(code=code or settings.PAMONG_REGION)
        except RegionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary(result))


def summary(result: LoadResult) -> str:
    """The Indonesian report printed after a load, one line per level."""
    labels = dict(Region.Level.choices)
    lines = [_("Wilayah %(code)s %(name)s dimuat:") % {"code": result.code, "name": result.name}]
    for level, counts in result.levels.items():
        lines.append(
            _("  %(level)s: %(total)d (%(created)d baru, %(updated)d diperbarui, %(unchanged)d tetap)")
            % {
                "level": labels[level],
                "total": counts.total,
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
        )
    if result.villages_by_kind:
        lines.append(
            _("  Terdiri dari %(desa)d desa dan %(kelurahan)d kelurahan.")
            % {
                "desa": result.villages_by_kind.get(Region.VillageKind.DESA, 0),
                "kelurahan": result.villages_by_kind.get(Region.VillageKind.KELURAHAN, 0),
            }
        )
    if not result.changed:
        lines.append(_("Tidak ada perubahan: basis data sudah sesuai daftar."))
    return "\n".join(lines)
