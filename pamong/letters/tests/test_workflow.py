import pytest
from django.urls import reverse

from pamong.audit.models import Event
from pamong.letters import pins, workflow
from pamong.letters.errors import LetterError
from pamong.letters.models import Letter, LetterRequest, RequestEvent, RequestFile
from pamong.letters.tasks import render_letter_pdf
from pamong.notifications.models import Notification

from .conftest import HEAD_NIK, pdf_upload, png_upload

S = LetterRequest.Status
ALL_FILES = {"syarat_0": pdf_upload("rt.pdf"), "syarat_1": png_upload("ktp.png"), "syarat_2": pdf_upload("kk.pdf")}


def submit(resident, letter_type, files=None, values=None):
    return workflow.submit_request(
        resident=resident,
        letter_type=letter_type,
        values=values if values is not None else {"keperluan": "Mendaftar sekolah"},
        files=files if files is not None else dict(ALL_FILES),
    )


@pytest.fixture
def contact(head):
    pins.issue_demo_pin(head)
    head.pin.phone = "081234567890"
    head.pin.save()


def test_a_complete_request_goes_straight_to_checking(skd, head):
    request = submit(head, skd)
    assert request.status == S.CHECKING
    assert sorted(RequestFile.objects.values_list("requirement", "content_type")) == [
        ("Fotokopi KTP", "image/jpeg"),
        ("Fotokopi Kartu Keluarga", "application/pdf"),
        ("Surat pengantar RT/RW", "application/pdf"),
    ]
    assert list(request.events.values_list("action", "from_status", "to_status", "by_resident")) == [
        ("submit", "", S.CHECKING, True)
    ]
    assert Event.objects.filter(action="letters.request_submit", object_id=str(request.pk)).count() == 1


def test_a_request_missing_files_is_incomplete_until_the_resident_completes_it(skd, head):
    request = submit(head, skd, files={"syarat_0": pdf_upload()})
    assert request.status == S.INCOMPLETE
    with pytest.raises(LetterError) as exc:
        workflow.complete_request(letter_request=request, resident=head, files={"syarat_1": png_upload()})
    assert exc.value.code == "incomplete"
    assert RequestFile.objects.count() == 1 and LetterRequest.objects.get().status == S.INCOMPLETE
    workflow.complete_request(
        letter_request=request, resident=head, files={"syarat_1": png_upload(), "syarat_2": pdf_upload()}
    )
    assert LetterRequest.objects.get().status == S.CHECKING


def test_a_file_that_is_neither_image_nor_pdf_is_refused(skd, head):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("ktp.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(LetterError) as exc:
        submit(head, skd, files={"syarat_0": bad})
    assert (exc.value.code, exc.value.field) == ("file_type", "syarat_0")
    assert LetterRequest.objects.count() == 0 and RequestFile.objects.count() == 0


def test_a_file_over_two_megabytes_is_refused(skd, head):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("kk.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(LetterError) as exc:
        submit(head, skd, files={"syarat_2": big})
    assert exc.value.code == "file_too_large"
    assert LetterRequest.objects.count() == 0


def test_a_required_field_left_empty_is_refused(skd, head):
    with pytest.raises(LetterError) as exc:
        submit(head, skd, values={"keperluan": ""})
    assert exc.value.message == "Keperluan wajib diisi."
    assert LetterRequest.objects.count() == 0


def test_office_only_types_cannot_be_requested_online(letter_types, head):
    with pytest.raises(LetterError) as exc:
        submit(head, letter_types["SKM"], values={})
    assert exc.value.code == "not_self_service"


def test_the_whole_way_from_request_to_collection(skd, head, village_operator, village_head, contact):
    request = submit(head, skd)
    workflow.act(letter_request=request, action="approve", by=village_operator)
    request.refresh_from_db()
    assert request.status == S.AWAITING_SIGNATURE
    assert request.letter.number.startswith("SKD/001/3522151011/")
    assert request.letter.values == {"keperluan": "Mendaftar sekolah"}
    workflow.act(letter_request=request, action="sign", by=village_operator)
    workflow.act(letter_request=request, action="hand_over", by=village_operator)
    assert LetterRequest.objects.get().status == S.COLLECTED
    assert list(RequestEvent.objects.values_list("action", "to_status", "by_id")) == [
        ("submit", S.CHECKING, None),
        ("approve", S.AWAITING_SIGNATURE, village_operator.pk),
        ("sign", S.READY, village_operator.pk),
        ("hand_over", S.COLLECTED, village_operator.pk),
    ]
    assert Event.objects.filter(action__startswith="letters.request_").count() == 4
    notes = list(Notification.objects.order_by("id").values_list("channel", "destination", "body"))
    assert len(notes) == 4
    assert {channel for channel, _, _ in notes} == {"sms"}
    assert {destination for _, destination, _ in notes} == {"081234567890"}
    assert notes[-1][2] == f"Permohonan Surat Keterangan Domisili no. {request.pk}: Sudah Diambil."
    assert all(HEAD_NIK not in body for _, _, body in notes)


def test_returning_needs_a_reason_and_tells_the_resident(skd, head, village_operator, contact):
    request = submit(head, skd)
    with pytest.raises(LetterError) as exc:
        workflow.act(letter_request=request, action="return", by=village_operator, reason=" ")
    assert exc.value.code == "reason"
    assert LetterRequest.objects.get().status == S.CHECKING
    workflow.act(letter_request=request, action="return", by=village_operator, reason="Foto KTP buram")
    assert LetterRequest.objects.get().status == S.INCOMPLETE
    assert Notification.objects.order_by("-id").first().body.endswith("Belum Lengkap. Keterangan: Foto KTP buram")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.INCOMPLETE, "approve"),
        (S.CHECKING, "sign"),
        (S.CHECKING, "hand_over"),
        (S.READY, "cancel"),
        (S.COLLECTED, "cancel"),
        (S.CANCELLED, "approve"),
        (S.CHECKING, "fly"),
    ],
)
def test_steps_outside_the_table_are_refused_and_change_nothing(skd, head, village_operator, status, action):
    request = submit(head, skd)
    LetterRequest.objects.filter(pk=request.pk).update(status=status)
    with pytest.raises(LetterError) as exc:
        workflow.act(letter_request=request, action=action, by=village_operator, reason="x")
    assert exc.value.code == "transition"
    assert LetterRequest.objects.get().status == status
    assert RequestEvent.objects.count() == 1 and Letter.objects.count() == 0


def test_an_operator_of_another_village_cannot_move_a_request(skd, head, other_operator):
    request = submit(head, skd)
    with pytest.raises(LetterError) as exc:
        workflow.act(letter_request=request, action="return", by=other_operator, reason="x")
    assert exc.value.code == "forbidden"
    assert LetterRequest.objects.get().status == S.CHECKING and RequestEvent.objects.count() == 1


def test_the_resident_may_cancel_only_before_approval(skd, head, village_operator, village_head):
    request = submit(head, skd)
    workflow.act(letter_request=request, action="approve", by=village_operator)
    with pytest.raises(LetterError):
        workflow.cancel_by_resident(letter_request=request, resident=head)
    other = submit(head, skd)
    workflow.cancel_by_resident(letter_request=other, resident=head)
    assert LetterRequest.objects.get(pk=other.pk).status == S.CANCELLED


def test_a_resident_cannot_cancel_someone_elses_request(skd, head, wife):
    request = submit(head, skd)
    with pytest.raises(LetterError) as exc:
        workflow.cancel_by_resident(letter_request=request, resident=wife)
    assert exc.value.code == "forbidden"
    assert LetterRequest.objects.get().status == S.CHECKING


def test_cancelling_a_request_awaiting_signature_revokes_its_letter(skd, head, village_operator, village_head):
    request = submit(head, skd)
    workflow.act(letter_request=request, action="approve", by=village_operator)
    workflow.act(letter_request=request, action="cancel", by=village_operator, reason="Data salah")
    letter = Letter.objects.get()
    assert letter.revoked_at is not None
    assert LetterRequest.objects.get().status == S.CANCELLED


def test_operator_pages_show_only_their_village(client, skd, head, outsider, village_operator, other_operator):
    mine = submit(head, skd)
    theirs = submit(outsider, skd)
    client.force_login(village_operator)
    response = client.get(reverse("letters:queue"))
    assert [r.pk for r in response.context["page_obj"].object_list] == [mine.pk]
    assert client.get(reverse("letters:workspace", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("letters:act", args=[theirs.pk, "return"]), {"reason": "x"})
    assert response.status_code == 404
    assert LetterRequest.objects.get(pk=theirs.pk).status == S.CHECKING
    file = theirs.files.first()
    assert client.get(reverse("letters:request_file", args=[theirs.pk, file.pk])).status_code == 404


def test_citizens_cannot_open_operator_pages(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("letters:queue")).status_code == 403


def test_the_operator_moves_a_request_through_the_page(client, skd, head, village_operator, village_head):
    request = submit(head, skd)
    client.force_login(village_operator)
    response = client.post(reverse("letters:act", args=[request.pk, "approve"]), {"reason": "", "signer_name": ""})
    assert response["Location"] == reverse("letters:workspace", args=[request.pk])
    assert LetterRequest.objects.get().status == S.AWAITING_SIGNATURE
    html = client.get(reverse("letters:workspace", args=[request.pk])).content.decode()
    assert "Disetujui, surat diterbitkan" in html


def test_the_resident_requests_a_letter_through_the_pages(client, skd, head, signed_pin):
    client.post(reverse("letters:sign_in"), {"nik": HEAD_NIK, "pin": signed_pin})
    response = client.post(
        reverse("letters:new_request", args=["SKD"]),
        {"keperluan": "Mendaftar sekolah", "syarat_0": pdf_upload(), "syarat_1": png_upload()},
    )
    request = LetterRequest.objects.get()
    assert response["Location"] == reverse("letters:request_detail", args=[request.pk])
    assert request.status == S.INCOMPLETE
    html = client.get(response["Location"]).content.decode()
    assert "Fotokopi Kartu Keluarga" in html and "Belum Lengkap" in html
    client.post(response["Location"], {"syarat_2": pdf_upload()})
    assert LetterRequest.objects.get().status == S.CHECKING


def test_a_resident_cannot_open_another_residents_request(client, skd, head, wife, signed_pin):
    theirs = submit(wife, skd)
    client.post(reverse("letters:sign_in"), {"nik": HEAD_NIK, "pin": signed_pin})
    assert client.get(reverse("letters:request_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("letters:cancel_request", args=[theirs.pk])).status_code == 404
    assert LetterRequest.objects.get().status == S.CHECKING


def test_the_operator_issues_a_letter_at_the_counter(client, letter_types, head, village_operator, village_head):
    client.force_login(village_operator)
    url = reverse("letters:issue") + "?jenis=SKTM"
    response = client.post(
        url,
        {
            "nik": HEAD_NIK,
            "paper": "F4",
            "signer_name": "",
            "signer_nip": "",
            "signer_title": "",
            "keperluan": "Beasiswa",
        },
    )
    assert response["Location"] == reverse("letters:queue")
    letter = Letter.objects.get()
    assert (letter.letter_type.code, letter.paper, letter.values) == ("SKTM", "F4", {"keperluan": "Beasiswa"})
    assert render_letter_pdf.call(letter.pk) == "rendered"


def test_without_a_phone_the_resident_is_told_by_email(skd, head):
    pins.issue_demo_pin(head)
    head.pin.email = "slamet@example.id"
    head.pin.save()
    request = submit(head, skd)
    assert list(Notification.objects.values_list("channel", "destination", "key")) == [
        ("email", "slamet@example.id", f"letters:request:{request.pk}:event:{request.events.get().pk}")
    ]


def test_without_any_contact_nobody_is_notified(skd, head):
    submit(head, skd)
    assert Notification.objects.count() == 0


def test_the_operator_queue_takes_the_same_queries_for_one_or_many_requests(
    client, skd, head, wife, child, village_operator, django_assert_num_queries
):
    client.force_login(village_operator)
    submit(head, skd)
    with django_assert_num_queries(5) as one:
        client.get(reverse("letters:queue"))
    submit(wife, skd)
    submit(child, skd)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("letters:queue"))


def test_approving_without_a_known_signer_is_refused_and_changes_nothing(client, skd, head, village_operator):
    request = submit(head, skd)
    client.force_login(village_operator)
    response = client.post(reverse("letters:act", args=[request.pk, "approve"]), {"signer_name": ""}, follow=True)
    assert "Nama penandatangan belum tercatat untuk desa ini" in response.content.decode()
    assert LetterRequest.objects.get().status == S.CHECKING
    assert Letter.objects.count() == 0 and RequestEvent.objects.count() == 1
    client.post(reverse("letters:act", args=[request.pk, "approve"]), {"signer_name": "Sri Wahyuni"})
    assert Letter.objects.get().signer_name == "Sri Wahyuni"


def test_a_bad_file_on_the_request_page_is_named_and_nothing_is_saved(client, skd, head, signed_pin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(reverse("letters:sign_in"), {"nik": HEAD_NIK, "pin": signed_pin})
    bad = SimpleUploadedFile("ktp.exe", b"MZ\x90\x00", content_type="image/png")
    response = client.post(reverse("letters:new_request", args=["SKD"]), {"keperluan": "x", "syarat_1": bad})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "syarat_1": ["Berkas ktp.exe harus berupa gambar (JPEG, PNG, WebP) atau PDF."]
    }
    assert LetterRequest.objects.count() == 0 and RequestFile.objects.count() == 0


def test_the_counter_issuing_page_lists_the_types_first(client, letter_types, village_operator):
    client.force_login(village_operator)
    html = client.get(reverse("letters:issue")).content.decode()
    assert html.count("?jenis=") == 12
    assert client.get(reverse("letters:issue") + "?jenis=SKL").context["form"].fields["nama_bayi"].required is True


def test_opening_a_request_and_its_files_is_audited(client, skd, head, village_operator):
    request = submit(head, skd)
    client.force_login(village_operator)
    assert client.get(reverse("letters:workspace", args=[request.pk])).status_code == 200
    file = request.files.order_by("pk").first()
    response = client.get(reverse("letters:request_file", args=[request.pk, file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # read, not close(): closing ends the test's DB connection
    events = Event.objects.filter(object_id=str(request.pk), actor=village_operator).order_by("pk")
    assert [(e.action, e.after) for e in events] == [
        ("letters.request_view", None),
        ("letters.request_file_view", {"file": file.pk, "requirement": file.requirement}),
    ]


def test_a_refused_workspace_opening_is_not_audited_as_a_view(client, skd, outsider, village_operator):
    theirs = submit(outsider, skd)
    client.force_login(village_operator)
    assert client.get(reverse("letters:workspace", args=[theirs.pk])).status_code == 404
    assert not Event.objects.filter(action="letters.request_view").exists()
