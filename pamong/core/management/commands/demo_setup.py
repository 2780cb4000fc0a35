"""Fill an empty database with what a first visitor needs to see a living Pamong."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from pamong.accounts import services as accounts
from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency
from pamong.agencies.services import load_agencies
from pamong.complaints import seed as complaints_seed
from pamong.letters import seed as letters_seed
from pamong.letters.pins import issue_demo_pin
from pamong.regions.codes import RegionError
from pamong.regions.models import Region
from pamong.regions.services import load_regions
from pamong.villages import seed as villages_seed
from pamong.villages import statstasks
from pamong.villages.models import Resident

DEMO_PASSWORD = "Pamong-Demo-2026"  # noqa: S105 - printed for the demo on purpose


class Command(BaseCommand):
    help = "Muat wilayah dan perangkat daerah kabupaten, buat satu akun demo per peran, dan data contoh."

    def handle(self, *args, **options):
        code = settings.PAMONG_REGION
        try:
            load_regions(code=code)
        except RegionError as exc:
            raise CommandError(str(exc)) from exc
        load_agencies(regency_code=code)
        with transaction.atomic():
            users = self._create_accounts(code)
        self._seed_modules()
        self.stdout.write(self.style.SUCCESS("\nPamong demo siap di http://127.0.0.1:8000"))
        self.stdout.write(f"Semua akun demo memakai kata sandi: {DEMO_PASSWORD}\n")
        for role_label, user in users:
            self.stdout.write(f"  {role_label:<24} {user.email}")
        self.stdout.write("")

    def _create_accounts(self, code: str) -> list[tuple[str, User]]:
        village = (
            Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=f"{code}.").order_by("code").first()
        )
        agency = (
            Agency.objects.filter(name__icontains="Pekerjaan Umum").order_by("name").first()
            or Agency.objects.filter(kind=Agency.Kind.DINAS).order_by("name").first()
        )
        people = [
            (Role.CITIZEN, "warga@demo.pamong.id", "Siti Aminah", {}),
            (Role.VILLAGE_OPERATOR, "operator.desa@demo.pamong.id", f"Operator {village.name}", {"village": village}),
            (Role.OFFICER, "petugas.opd@demo.pamong.id", f"Petugas {agency}", {"agency": agency}),
            (Role.COORDINATOR, "koordinator@demo.pamong.id", "Koordinator Pengaduan", {}),
            (Role.LEADERSHIP, "pimpinan@demo.pamong.id", "Bupati (Pimpinan)", {}),
            (Role.ADMIN, "admin@demo.pamong.id", "Admin Sistem", {}),
        ]
        users = []
        for role, email, name, scope in people:
            user = User.objects.filter(email=email).first() or accounts.create_staff_user(
                by=None, full_name=name, role=role, email=email, password=DEMO_PASSWORD, **scope
            )
            users.append((Role(role).label, user))
        return users

    def _seed_modules(self) -> None:
        """Each module contributes its demo data through its own seed functions (its services)."""
        complaints_seed.seed_reference_data()
        complaints_seed.seed_demo_reports()
        village = villages_seed.seed_demo_village()
        # The statistics of every village counted now, as the daily sweep would overnight: the
        # regency's page is complete from the first visit.
        statstasks.refresh_stale(force=True)
        letters_seed.seed_letter_types()
        head = Resident.objects.filter(village=village, is_head=True, status=Resident.Status.ALIVE).order_by("pk")
        resident = head.first()
        if resident is not None:
            pin = issue_demo_pin(resident)
            self.stdout.write(
                f"\nLayanan mandiri (/surat/mandiri/): NIK {resident.nik}, PIN {pin} "
                f"({resident.name}, {village.name}; PIN wajib diganti saat pertama masuk)"
            )
