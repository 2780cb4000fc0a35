"""Rendering letter PDFs in the background worker (``manage.py db_worker``).

``render_letter_pdf`` is idempotent: a letter that already has its PDF is left alone, and when
two workers render the same letter at once only the first file is kept (conditional update).
"""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task


@task()
def render_letter_pdf(letter_id: int) -> str:
    """Render and store the PDF of letter ``letter_id``; return "rendered", "exists" or "missing"."""
    from . import pdf
    from .models import Letter

    letter = Letter.objects.select_related("letter_type", "village__parent__parent").filter(pk=letter_id).first()
    if letter is None:
        return "missing"
    if letter.pdf:
        return "exists"
    content = pdf.render_pdf(letter)
    storage = Letter._meta.get_field("pdf").storage
    name = storage.save(f"letters/{letter.year}/{secrets.token_hex(16)}.pdf", ContentFile(content))
    if not Letter.objects.filter(pk=letter_id, pdf="").update(pdf=name, pdf_rendered_at=timezone.now()):
        storage.delete(name)  # another worker stored it first
        return "exists"
    return "rendered"


def schedule_pdf(letter_id: int) -> None:
    """Enqueue the PDF once the issuing transaction commits (robust: a failed enqueue is logged;
    ``manage.py render_letter_pdfs`` picks up letters still without a PDF)."""
    transaction.on_commit(lambda: render_letter_pdf.enqueue(letter_id), robust=True)
