import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from pamong.audit.models import Event
from pamong.letters import services
from pamong.letters.errors import LetterError
from pamong.letters.models import Letter, LetterCounter

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def clock(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    freeze(datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    return freeze


def issue(*, letter_type, resident, by, **extra):
    values = extra.pop("values", {"keperluan": "Melamar pekerjaan"})
    return services.issue_letter(letter_type=letter_type, resident=resident, by=by, values=values, **extra)


def test_issuing_numbers_letters_per_village_in_the_default_format(clock, skd, head, village_operator, village_head):
    first = issue(letter_type=skd, resident=head, by=village_operator)
    second = issue(letter_type=skd, resident=head, by=village_operator)
    assert (first.number, second.number) == ("SKD/001/3522151011/III/2026", "SKD/002/3522151011/III/2026")
    assert (first.sequence, second.sequence) == (1, 2)


def test_numbers_start_again_each_year(clock, skd, head, village_operator, village_head):
    issue(letter_type=skd, resident=head, by=village_operator)
    issue(letter_type=skd, resident=head, by=village_operator)
    clock(datetime(2027, 1, 1, 0, 30, tzinfo=WIB))  # still 2026-12-31 in UTC: the local year counts
    letter = issue(letter_type=skd, resident=head, by=village_operator)
    assert letter.number == "SKD/001/3522151011/I/2027"
    assert dict(LetterCounter.objects.values_list("year", "last")) == {2026: 2, 2027: 1}


def test_the_counter_is_shared_by_all_types_of_a_village(clock, letter_types, head, village_operator, village_head):
    issue(letter_type=letter_types["SKD"], resident=head, by=village_operator)
    letter = issue(letter_type=letter_types["SKTM"], resident=head, by=village_operator)
    assert letter.number == "SKTM/002/3522151011/III/2026"


def test_villages_number_separately(clock, skd, head, outsider, village_operator, other_operator, village_head):
    issue(letter_type=skd, resident=head, by=village_operator)
    letter = issue(letter_type=skd, resident=outsider, by=other_operator, signer_name="Sutrisno")
    assert letter.number == "SKD/001/3522152015/III/2026"


def test_a_letter_keeps_the_values_signer_hash_and_validity(clock, skd, head, village_operator, village_head):
    letter = issue(letter_type=skd, resident=head, by=village_operator, values={"keperluan": "<b>KPR</b>"})
    assert letter.values == {"keperluan": "<b>KPR</b>"}
    assert "&lt;b&gt;KPR&lt;/b&gt;" in letter.body_html
    assert "Slamet Riyadi" in letter.body_html and "3522151501800001" in letter.body_html
    assert (letter.signer_name, letter.signer_nip, letter.signer_title) == (
        "Drs. Bambang Sutejo",
        "197001011990031001",
        "Lurah",
    )
    assert str(letter.valid_until) == "2026-05-31"  # 90 days
    import hashlib

    assert letter.content_hash == hashlib.sha256(letter.body_html.encode()).hexdigest()
    assert len(letter.verification_token) == 32
    event = Event.objects.get(action="letters.issue")
    assert event.actor == village_operator and event.after["number"] == letter.number


def test_a_later_change_of_village_head_does_not_alter_an_issued_letter(
    clock, skd, head, village_operator, village_head
):
    letter = issue(letter_type=skd, resident=head, by=village_operator)
    village_head.head_name = "Lurah Baru"
    village_head.save()
    letter.refresh_from_db()
    assert letter.signer_name == "Drs. Bambang Sutejo"
    assert issue(letter_type=skd, resident=head, by=village_operator).signer_name == "Lurah Baru"


def test_the_operator_may_enter_the_signer(clock, skd, head, village_operator):
    letter = issue(
        letter_type=skd,
        resident=head,
        by=village_operator,
        signer_name="Sri Wahyuni",
        signer_nip="198002022005012002",
        signer_title="a.n. Lurah, Sekretaris Kelurahan",
    )
    assert (letter.signer_name, letter.signer_nip, letter.signer_title) == (
        "Sri Wahyuni",
        "198002022005012002",
        "a.n. Lurah, Sekretaris Kelurahan",
    )


def _refused(code, **kwargs):
    with pytest.raises(LetterError) as exc:
        issue(**kwargs)
    assert exc.value.code == code
    assert Letter.objects.count() == 0
    assert LetterCounter.objects.filter(last__gt=0).count() == 0
    assert not Event.objects.filter(action="letters.issue").exists()


def test_without_a_recorded_head_or_entered_signer_issuing_is_refused(clock, skd, head, village_operator):
    _refused("no_signer", letter_type=skd, resident=head, by=village_operator)


def test_an_operator_of_another_village_cannot_issue(clock, skd, head, other_operator, village_head):
    _refused("forbidden", letter_type=skd, resident=head, by=other_operator)


def test_a_citizen_cannot_issue(clock, skd, head, citizen, village_head):
    _refused("forbidden", letter_type=skd, resident=head, by=citizen)


def test_a_required_field_left_empty_is_refused(clock, skd, head, village_operator, village_head):
    with pytest.raises(LetterError) as exc:
        issue(letter_type=skd, resident=head, by=village_operator, values={"keperluan": "  "})
    assert (exc.value.code, exc.value.field, exc.value.message) == ("required", "keperluan", "Keperluan wajib diisi.")
    assert Letter.objects.count() == 0


def test_a_dead_resident_gets_no_letter(clock, skd, head, village_operator, village_head):
    head.status = "mati"
    head.save()
    _refused("status", letter_type=skd, resident=head, by=village_operator)


def test_an_invalid_nip_is_refused(clock, skd, head, village_operator):
    _refused("signer_nip", letter_type=skd, resident=head, by=village_operator, signer_name="X", signer_nip="123")


def test_the_database_refuses_a_duplicate_number(clock, skd, head, village_operator, village_head):
    letter = issue(letter_type=skd, resident=head, by=village_operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            **{f.name: getattr(letter, f.name) for f in Letter._meta.concrete_fields if f.name not in {"id"}}
            | {"verification_token": "other"}
        )


def test_sequential_issuing_never_repeats_a_number(skd, head, village_operator, village_head):
    numbers = [issue(letter_type=skd, resident=head, by=village_operator).sequence for _ in range(20)]
    assert numbers == list(range(1, 21))


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_never_repeats_a_number(skd, head, village_operator, village_head):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL; SQLite serialises writers (see the sequential test)")
    threads_count, per_thread = 8, 5
    barrier = threading.Barrier(threads_count)
    errors, sequences = [], []
    lock = threading.Lock()

    def work():
        from django.db import connections

        try:
            barrier.wait()
            for _ in range(per_thread):
                letter = issue(letter_type=skd, resident=head, by=village_operator)
                with lock:
                    sequences.append(letter.sequence)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(sequences) == list(range(1, threads_count * per_thread + 1))
    assert Letter.objects.count() == threads_count * per_thread
