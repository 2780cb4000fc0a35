"""Seed a year's cuti bersama from the holidays package, for the admin to check and adjust."""

from django.core.management.base import BaseCommand, CommandError

from pamong.workdays.services import import_collective_leave


class Command(BaseCommand):
    help = "Add the cuti bersama of YEAR listed by the holidays package as DayOff rows (existing dates kept)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *, year: int, **options):
        if not 1946 <= year <= 2100:
            raise CommandError(f"Tahun tidak masuk akal: {year}.")
        added = import_collective_leave(year=year)
        for day_off in added:
            self.stdout.write(f"+ {day_off}")
        self.stdout.write(f"{len(added)} hari ditambahkan.")
