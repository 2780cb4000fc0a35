from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pamong.agencies.errors import AgencyError
from pamong.agencies.models import Agency
from pamong.agencies.services import AgencyLoadResult, load_agencies


class Command(BaseCommand):
    help = "Memuat perangkat daerah kabupaten/kota (OPD, kecamatan, desa/kelurahan). Aman diulang."

    def add_arguments(self, parser):
        parser.add_argument(
            "code",
            nargs="?",
            help=f"Kode kabupaten/kota, mis. 35.22 (bawaan: PAMONG_REGION, sekarang {settings.PAMONG_REGION}).",
        )

    def handle(self, *args, code=None, **options):
        try:
            result = load_agencies(regency_code=code or settings.PAMONG_REGION)
        except AgencyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary(result))


def summary(result: AgencyLoadResult) -> str:
    """The Indonesian report printed after a load."""
    labels = dict(Agency.Kind.choices)
    counts = result.counts
    lines = [
        _(
            "Perangkat daerah %(code)s dimuat: %(total)d unit "
            "(%(created)d baru, %(updated)d diperbarui, %(unchanged)d tetap)."
        )
        % {
            "code": result.regency_code,
            "total": counts.total,
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        }
    ]
    lines += [f"  {labels[kind]}: {number}" for kind, number in result.by_kind.items()]
    return "\n".join(lines)
