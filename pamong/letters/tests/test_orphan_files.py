"""Files written by a transaction that rolled back are found and removed by remove_orphan_files."""

import os
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from pamong.core.storage import private_storage
from pamong.letters.models import RequestFile

from .test_workflow import submit


class Abandoned(Exception):
    pass


def age(name: str, hours: float) -> None:
    path = private_storage().path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_files_of_a_rolled_back_request_are_removed_and_committed_ones_kept(skd, head, outsider):
    kept = submit(head, skd)
    kept_names = sorted(f.file.name for f in kept.files.all())
    orphans = []
    with pytest.raises(Abandoned), transaction.atomic():
        abandoned = submit(outsider, skd)
        orphans = sorted(f.file.name for f in abandoned.files.all())
        raise Abandoned  # a later step of the same transaction fails: the rows go, the files stay
    assert len(orphans) == 3 and all(private_storage().exists(n) for n in orphans)
    assert sorted(RequestFile.objects.values_list("file", flat=True)) == kept_names
    for name in kept_names + orphans:
        age(name, 30)

    out = StringIO()
    call_command("remove_orphan_files", stdout=out)

    assert not any(private_storage().exists(n) for n in orphans)
    assert all(private_storage().exists(n) for n in kept_names)
    assert "3 berkas tanpa rujukan dihapus." in out.getvalue()


def test_recent_orphans_are_left_for_transactions_still_running(skd, outsider):
    with pytest.raises(Abandoned), transaction.atomic():
        names = [f.file.name for f in submit(outsider, skd).files.all()]
        raise Abandoned
    age(names[0], 30)
    out = StringIO()
    call_command("remove_orphan_files", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [names[0], "1 berkas tanpa rujukan akan dihapus."]
    assert all(private_storage().exists(n) for n in names)  # a dry run deletes nothing


def test_a_threshold_under_one_hour_is_refused(db):
    with pytest.raises(CommandError, match="minimal 1"):
        call_command("remove_orphan_files", "--older-than-hours", "0")
