from django.core.management.base import BaseCommand

from pamong.letters.models import Letter
from pamong.letters.tasks import render_letter_pdf


class Command(BaseCommand):
    help = "Enqueue the PDF of every letter that has none yet (e.g. after a lost task); --now renders here."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="render in this process instead of the worker")

    def handle(self, *args, now=False, **options):
        ids = list(Letter.objects.filter(pdf="").values_list("pk", flat=True))
        for pk in ids:
            render_letter_pdf.call(pk) if now else render_letter_pdf.enqueue(pk)
        self.stdout.write(f"{len(ids)} surat {'dirender' if now else 'diantrekan'}.")
