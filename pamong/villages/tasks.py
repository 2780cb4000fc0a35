"""Running an uploaded resident import in the background worker (``manage.py db_worker``).

``run_import`` is safe to run twice or late: a batch that is no longer running is left alone,
and two runs of one batch never both write a chunk (importing.writing.write_chunk claims each chunk
with a conditional update on ``processed``). The uploaded file holds every NIK of a village, so
it is deleted as soon as the run ends, however it ends; an interrupted import is resumed by
uploading the same file again.
"""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def run_import(batch_id: int, stored_name: str, user_id: int) -> str:
    """Import the stored upload into batch ``batch_id``'s village as user ``user_id``.

    Returns the batch's status ("done", "failed"), "taken_over" when another run of the same
    batch was ahead, or "skipped" (no such batch, or it is not running). An unexpected error
    leaves a note on the batch for the progress page and is re-raised for the task result.
    """
    from pamong.accounts.models import User
    from pamong.core.storage import private_storage

    from . import importing
    from .models import ImportBatch

    storage = private_storage()
    try:
        batch = ImportBatch.objects.select_related("village").filter(pk=batch_id).first()
        if batch is None or batch.status != ImportBatch.Status.RUNNING:
            return "skipped"
        outcome = importing.import_file(
            by=User.objects.get(pk=user_id),
            village=batch.village,
            file_name=batch.file_name,
            opener=lambda: storage.open(stored_name, "rb"),
            batch=batch,
        )
    except Exception:
        logger.exception("Import batch %s stopped", batch_id)
        importing.note_interrupted(batch_id)
        raise
    finally:
        storage.delete(stored_name)
    return "taken_over" if outcome.taken_over else outcome.batch.status
