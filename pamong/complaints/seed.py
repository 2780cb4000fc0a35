"""Reference data and a living demo for the complaints module (called by ``demo_setup``).

Categories are a curated subset of the SP4N-LAPOR! tree (shared/data/lapor-categories.csv)
that a regency handles. LAPOR publishes no category → agency mapping: the default OPDs below
are this project's decision, matched by the agencies' short names (then names) at seed time,
and a missing agency just leaves the category without a default. Both functions are
idempotent: running them again changes nothing.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency

from . import services
from .models import Category, DaysUnit, Rating, RejectionReason, Report
from .villages import regency_villages

# (LAPOR top-level category, sub-labels used here, default OPD short name or name). Names are
# as in the CSV; BANJIR and LONGSOR sit under LINGKUNGAN HIDUP there (via PENANGGULANGAN
# BENCANA), yet BPBD handles them here (SUB_AGENCIES).
CATEGORIES = [
    (
        "PEKERJAAN UMUM DAN PENATAAN RUANG",
        ["JALAN BERLUBANG", "JEMBATAN", "DRAINASE (GORONG-GORONG/PARIT)", "TROTOAR", "TAMAN"],
        "PUBMPR",
    ),
    ("KESEHATAN", ["PELAYANAN OBAT", "GIZI BURUK/STUNTING", "SDM KESEHATAN"], "Dinkes"),
    ("PERHUBUNGAN", ["LAMPU PENERANGAN JALAN UMUM", "PARKIR LIAR", "TRANSPORTASI DARAT"], "Dishub"),
    (
        "LINGKUNGAN HIDUP DAN KEHUTANAN",
        ["PENGELOLAAN SAMPAH", "PENCEMARAN LINGKUNGAN", "SANITASI", "BANJIR", "LONGSOR"],
        "DLH",
    ),
    (
        "KEPENDUDUKAN",
        ["KTP (KARTU TANDA PENDUDUK)", "KARTU KELUARGA", "AKTA KELAHIRAN", "PINDAH DOMISILI"],
        "Disdukcapil",
    ),
    ("SOSIAL DAN KESEJAHTERAAN", ["BANSOS DAERAH", "PKH PROGRAM KELUARGA HARAPAN"], "Dinsos"),
    (
        "PENDIDIKAN DAN KEBUDAYAAN",
        ["PENERIMAAN SISWA BARU", "BIAYA SEKOLAH", "PAUD DAN PENDIDIKAN INFORMAL"],
        "Disdik",
    ),
    ("PERTANIAN DAN PETERNAKAN", ["PUPUK", "IRIGASI PERTANIAN", "BANTUAN PERTANIAN"], "DKPP"),
    ("KETENAGAKERJAAN", ["HAK PEKERJA"], "Disperinaker"),
    (
        "KETENTERAMAN, KETERTIBAN UMUM, DAN PELINDUNGAN MASYARAKAT",
        ["KETERTIBAN UMUM", "SAMPAH LIAR", "PEMADAMAN KEBAKARAN"],
        "Satpol PP",
    ),
    (
        "PEMBANGUNAN DESA, DAERAH TERTINGGAL, DAN TRANSMIGRASI",
        ["DANA DESA", "PEMERINTAHAN DESA", "BADAN USAHA MILIK DESA"],
        "DPMD",
    ),
    (
        "TEKNOLOGI INFORMASI DAN KOMUNIKASI",
        ["JARINGAN INTERNET", "LAYANAN ONLINE/APLIKASI PEMERINTAH"],
        "Dinkominfo",
    ),
    ("TOPIK LAINNYA", [], None),
]
# Sub-labels handled by another OPD than their LAPOR parent's default.
SUB_AGENCIES = {"BANJIR": "BPBD", "LONGSOR": "BPBD", "PEMADAMAN KEBAKARAN": "Damkarmat"}
# Disputes (REFERENCE §1, marked "check"): calendar-day deadlines, kept as category data.
DISPUTES = [
    ("Sengketa tanpa pemeriksaan lapangan", 14),
    ("Sengketa dengan pemeriksaan lapangan", 60),
]
REJECTION_REASONS = [
    ("tidak-jelas", "Laporan tidak jelas"),
    ("terlalu-umum", "Laporan terlalu umum"),
    ("bukan-kinerja", "Bukan tentang kinerja pemerintah"),
    ("duplikat", "Duplikat laporan lain"),
    ("kasar", "Mengandung kata kasar, SARA, atau fitnah"),
]


ACRONYMS = {"ktp", "pkh", "paud"}


def _label(lapor_name: str) -> str:
    """LAPOR writes labels in capitals; pages want sentence case with acronyms kept."""
    words = lapor_name.capitalize().split(" ")
    return " ".join(w.upper() if w.strip("()").lower() in ACRONYMS else w for w in words)


def _agency(name: str | None) -> Agency | None:
    if not name:
        return None
    return (
        Agency.objects.filter(Q(short_name__iexact=name) | Q(name__iexact=name), is_active=True).order_by("pk").first()
    )


@transaction.atomic
def seed_reference_data() -> dict:
    """Create the categories and rejection reasons that are missing; returns counts created."""
    created = {"categories": 0, "rejection_reasons": 0}
    for top, subs, agency_name in CATEGORIES:
        agency = _agency(agency_name)
        parent, made = Category.objects.get_or_create(
            parent=None, name=_label(top), defaults={"default_agency": agency}
        )
        created["categories"] += made
        for sub in subs:
            sub_agency = _agency(SUB_AGENCIES[sub]) if sub in SUB_AGENCIES else agency
            _, made = Category.objects.get_or_create(
                parent=parent, name=_label(sub), defaults={"default_agency": sub_agency}
            )
            created["categories"] += made
    disputes, made = Category.objects.get_or_create(parent=None, name="Sengketa")
    created["categories"] += made
    for name, days in DISPUTES:
        _, made = Category.objects.get_or_create(
            parent=disputes,
            name=name,
            defaults={"follow_up_days": days, "follow_up_unit": DaysUnit.CALENDAR, "default_agency": _agency("Setda")},
        )
        created["categories"] += made
    for code, label in REJECTION_REASONS:
        _, made = RejectionReason.objects.get_or_create(code=code, defaults={"label": label})
        created["rejection_reasons"] += made
    return created


SAMPLES = [
    (
        Report.Type.COMPLAINT,
        "Jalan berlubang di depan balai desa",
        "Jalan poros desa berlubang dalam sejak musim hujan, sudah dua pengendara jatuh minggu ini.",
        "Jalan berlubang",
    ),
    (
        Report.Type.COMPLAINT,
        "Lampu penerangan jalan mati",
        "Lampu PJU di sepanjang jalan menuju pasar mati sejak sebulan, rawan kecelakaan dan kejahatan malam hari.",
        "Lampu penerangan jalan umum",
    ),
    (
        Report.Type.ASPIRATION,
        "Usul taman bermain anak",
        "Kami mengusulkan lahan kosong milik desa dijadikan taman bermain anak dan ruang terbuka hijau.",
        "Taman",
    ),
    (
        Report.Type.COMPLAINT,
        "Sampah menumpuk di pinggir sungai",
        "Tumpukan sampah di bantaran sungai belum diangkut dua minggu dan menimbulkan bau.",
        "Pengelolaan sampah",
    ),
    (
        Report.Type.INFORMATION,
        "Jadwal pencairan bantuan sosial",
        "Mohon informasi jadwal dan syarat pencairan bansos daerah tahun ini untuk warga lansia.",
        "Bansos daerah",
    ),
    (
        Report.Type.COMPLAINT,
        "Antrean KTP elektronik sangat lama",
        "Sudah tiga kali datang ke kantor kecamatan untuk rekam KTP elektronik tetapi blangko selalu habis.",
        "KTP (kartu tanda penduduk)",
    ),
    (
        Report.Type.COMPLAINT,
        "Saluran irigasi tersumbat",
        "Saluran irigasi tersier tersumbat lumpur sehingga sawah di hilir kekurangan air.",
        "Irigasi pertanian",
    ),
    (
        Report.Type.ASPIRATION,
        "Pelatihan kerja untuk pemuda",
        "Mohon diadakan pelatihan keterampilan las dan otomotif untuk pemuda desa yang menganggur.",
        "Hak pekerja",
    ),
    (
        Report.Type.COMPLAINT,
        "Genangan air saat hujan",
        "Drainase di samping sekolah dasar tidak berfungsi, setiap hujan halaman sekolah tergenang.",
        "Drainase (gorong-gorong/parit)",
    ),
    (
        Report.Type.INFORMATION,
        "Syarat pendaftaran siswa baru",
        "Mohon informasi syarat dan jadwal penerimaan siswa baru SMP negeri tahun ajaran depan.",
        "Penerimaan siswa baru",
    ),
]


def _demo_citizen(n: int) -> User:
    email = f"warga{n}@demo.pamong.id"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=f"Warga Demo {n}", role=Role.CITIZEN)
    return user


def seed_demo_reports(*, count: int = 12, seed: int = 2611) -> list[Report]:
    """A living demo through the services: submitted, disposed, answered, rated, one overdue.

    Skipped (returns []) when demo reports already exist or the regency has no villages.
    Needs a coordinator and, for the OPD steps, an officer of the category's OPD; without
    them the reports stay in the queue.
    """
    if Report.objects.filter(idempotency_key__startswith="demo-").exists():
        return []
    villages = list(regency_villages().order_by("code")[:40])
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    if not villages:
        return []
    seed_reference_data()
    fallback = (
        Agency.objects.filter(is_active=True, officers__role=Role.OFFICER, officers__is_active=True)
        .order_by("pk")
        .first()
    )
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    reports = []
    for i in range(count):
        kind, title, body, category_name = SAMPLES[i % len(SAMPLES)]
        category = Category.objects.filter(name__iexact=category_name).first()
        report = services.submit_report(
            by=_demo_citizen(i % 4 + 1),
            type=kind,
            title=title,
            body=body,
            village=rng.choice(villages),
            category=category,
            is_anonymous=i % 5 == 3,
            is_confidential=i % 7 == 6,
            idempotency_key=f"demo-{i}",
        )
        reports.append(report)
        stage = i % 6  # 0 waits for verification, 1 disposed, 2 in progress, 3 answered, 4 rated, 5 overdue
        # Without the category's OPD (or its officers), a unit that has officers stands in.
        agency = category.default_agency if category and category.default_agency else None
        if agency is None or not User.objects.filter(role=Role.OFFICER, agency=agency).exists():
            agency = fallback or agency
        if coordinator is None or stage == 0 or agency is None:
            continue
        services.dispose(report=report, agency=agency, by=coordinator, note="Mohon ditindaklanjuti.")
        officer = User.objects.filter(role=Role.OFFICER, agency=agency, is_active=True).order_by("pk").first()
        if stage == 5:
            # Backdate the deadline (demo only) so the overdue views and escalation have work.
            Report.objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(days=2))
            continue
        if officer is None or stage == 1:
            continue
        services.accept(report=report, by=officer)
        services.start(report=report, by=officer)
        if stage >= 3:
            services.answer(
                report=report,
                by=officer,
                text="Terima kasih. Tim kami sudah meninjau lokasi dan perbaikan dijadwalkan minggu ini.",
            )
        if stage == 4:
            services.close_with_rating(
                report=report, by=report.reporter, score=rng.choice(Rating.Score.values), comment="Terima kasih."
            )
    return reports
