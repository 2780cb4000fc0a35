"""The village registry (SID): clusters, families, residents, and the events that change them.

Personal data (UU 27/2022): NIK and No. KK are shown masked in lists except to the owning
village's operators; every opening of a full record is audited (see villages.queries).
The registry changes status only through population events (villages.services).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Lookup(models.Model):
    """A managed reference list entry (religion, education, occupation, …), editable by admins.

    One table for every list: each is a handful to ~90 rows, all are shown the same way, and
    statistics group by them alike. ``code`` follows the Dukcapil/OpenSID numbering.
    """

    class Kind(models.TextChoices):
        RELIGION = "religion", _("Agama")
        EDUCATION = "education", _("Pendidikan dalam KK")
        OCCUPATION = "occupation", _("Pekerjaan")
        MARITAL_STATUS = "marital_status", _("Status perkawinan")
        BLOOD_TYPE = "blood_type", _("Golongan darah")
        DISABILITY = "disability", _("Disabilitas")

    kind = models.CharField(_("daftar"), max_length=20, choices=Kind.choices)
    code = models.PositiveSmallIntegerField(_("kode"))
    name = models.CharField(_("nama"), max_length=100)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("data rujukan")
        verbose_name_plural = _("data rujukan")
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="lookup_kind_code_unique")]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """An address cluster of a village: dusun, RW and RT (any may be empty where unused)."""

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="clusters")
    dusun = models.CharField(_("dusun"), max_length=60, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("wilayah administratif (dusun/RW/RT)")
        verbose_name_plural = _("wilayah administratif (dusun/RW/RT)")
        ordering = ["village", "dusun", "rw", "rt"]
        constraints = [
            models.UniqueConstraint(fields=["village", "dusun", "rw", "rt"], name="cluster_unique_in_village")
        ]

    def __str__(self) -> str:
        parts = [self.dusun and f"Dusun {self.dusun}", self.rw and f"RW {self.rw}", self.rt and f"RT {self.rt}"]
        return " / ".join(p for p in parts if p) or str(_("(tanpa dusun/RW/RT)"))


class Family(models.Model):
    """A family card (Kartu Keluarga). Its head is the resident with ``is_head``."""

    number = models.CharField(_("No. KK"), max_length=16, unique=True)
    # Indexed by (village, number) below.
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="families", db_index=False)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="families")
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("keluarga")
        verbose_name_plural = _("keluarga")
        indexes = [
            # A village's families, for the operator's list.
            models.Index(fields=["village", "number"], name="family_village_number"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{16}$"), name="family_number_16_digits"),
        ]

    def __str__(self) -> str:
        return self.number


class Resident(models.Model):
    """One person in the registry. ``village`` repeats the family's village so that every
    operator-scoped query filters one indexed column."""

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Relation(models.TextChoices):
        # SHDK: status hubungan dalam keluarga, the national list of 11.
        HEAD = "1", _("Kepala Keluarga")
        HUSBAND = "2", _("Suami")
        WIFE = "3", _("Istri")
        CHILD = "4", _("Anak")
        CHILD_IN_LAW = "5", _("Menantu")
        GRANDCHILD = "6", _("Cucu")
        PARENT = "7", _("Orang Tua")
        PARENT_IN_LAW = "8", _("Mertua")
        OTHER_FAMILY = "9", _("Famili Lain")
        HOUSEHOLD_HELP = "10", _("Pembantu")
        OTHER = "11", _("Lainnya")

    class Citizenship(models.TextChoices):
        WNI = "WNI", _("WNI")
        WNA = "WNA", _("WNA")
        DUAL = "DUA", _("Dua kewarganegaraan")

    class Residency(models.TextChoices):
        PERMANENT = "tetap", _("Tetap")
        TEMPORARY = "tidak_tetap", _("Tidak tetap")

    class Status(models.TextChoices):
        ALIVE = "hidup", _("Hidup")
        DEAD = "mati", _("Mati")
        MOVED = "pindah", _("Pindah")
        LOST = "hilang", _("Hilang")
        LEFT = "pergi", _("Pergi")

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    # The village has no index of its own: (village, status, name) below leads with it. Every
    # index is paid on each of a regency's 1.3 M inserts (imports, generation). The family keeps
    # its own: changing it would make Django drop the partial one-head index on the same column.
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="members")
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="residents", db_index=False)
    is_head = models.BooleanField(_("kepala keluarga"), default=False)
    relation = models.CharField(_("hubungan dalam keluarga"), max_length=2, choices=Relation.choices)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    # Reference lists: never filtered alone (statistics group a village's residents), so no
    # index; the keys still hold.
    religion = models.ForeignKey(
        Lookup, on_delete=models.PROTECT, db_index=False, related_name="+", verbose_name=_("agama")
    )
    education = models.ForeignKey(
        Lookup,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pendidikan"),
    )
    occupation = models.ForeignKey(
        Lookup,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pekerjaan"),
    )
    marital_status = models.ForeignKey(
        Lookup, on_delete=models.PROTECT, db_index=False, related_name="+", verbose_name=_("status perkawinan")
    )
    blood_type = models.ForeignKey(
        Lookup,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("golongan darah"),
    )
    disability = models.ForeignKey(
        Lookup,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disabilitas"),
    )
    citizenship = models.CharField(_("kewarganegaraan"), max_length=3, choices=Citizenship.choices, default="WNI")
    father_name = models.CharField(_("nama ayah"), max_length=150, blank=True)
    mother_name = models.CharField(_("nama ibu"), max_length=150, blank=True)
    father_nik = models.CharField(_("NIK ayah"), max_length=16, blank=True)
    mother_nik = models.CharField(_("NIK ibu"), max_length=16, blank=True)
    residency = models.CharField(_("status penduduk"), max_length=12, choices=Residency.choices, default="tetap")
    status = models.CharField(_("status dasar"), max_length=7, choices=Status.choices, default=Status.ALIVE)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penduduk")
        verbose_name_plural = _("penduduk")
        indexes = [
            # The operator's resident list: one village, living residents, by name.
            models.Index(fields=["village", "status", "name"], name="resident_village_status_name"),
            # A family's members.
            models.Index(fields=["family", "relation"], name="resident_family_relation"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="resident_nik_16_digits"),
            # One head per family among its living members.
            models.UniqueConstraint(
                fields=["family"], condition=Q(is_head=True, status="hidup"), name="resident_one_head_per_family"
            ),
            models.CheckConstraint(
                condition=Q(is_head=False) | Q(relation="1"), name="resident_head_has_head_relation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_temporary_nik(self) -> bool:
        return self.nik.startswith("0")


class PopulationEvent(models.Model):
    """A birth, death, move or disappearance: the only way a resident's status changes."""

    class Kind(models.TextChoices):
        BIRTH = "lahir", _("Lahir")
        DEATH = "mati", _("Mati")
        MOVE_OUT = "pindah_keluar", _("Pindah keluar")
        MOVE_IN = "pindah_masuk", _("Pindah masuk")
        LOST = "hilang", _("Hilang")
        LEFT = "pergi", _("Pergi")

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("peristiwa"), max_length=15, choices=Kind.choices)
    event_date = models.DateField(_("tanggal peristiwa"))
    report_date = models.DateField(_("tanggal lapor"))
    # The village the event counts for: a move within the regency writes two events, an
    # "out" in the old village and an "in" in the new one, so monthly reports add up.
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="population_events")
    other_village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa asal/tujuan"),
    )
    destination = models.CharField(_("tujuan/asal di luar kabupaten"), max_length=255, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("peristiwa kependudukan")
        verbose_name_plural = _("peristiwa kependudukan")
        ordering = ["-event_date", "-id"]
        indexes = [
            # Monthly population-change report of one village.
            models.Index(fields=["village", "event_date", "kind"], name="popevent_village_date_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_date__gte=models.F("event_date")), name="popevent_reported_after_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.event_date}"


class TemporaryNikCounter(models.Model):
    """The last sequence number handed out for temporary NIKs in one village.

    Incremented with F() under a row lock (villages.nik.next_temporary_nik), so two operators
    registering at the same moment never get the same number.
    """

    village = models.OneToOneField("regions.Region", on_delete=models.PROTECT, primary_key=True, related_name="+")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nomor urut NIK sementara")
        verbose_name_plural = _("nomor urut NIK sementara")

    def __str__(self) -> str:
        return f"{self.village_id}: {self.last}"


class ImportBatch(models.Model):
    """One import of a SIAK-shaped file, resumable chunk by chunk.

    ``village`` is the village imported into, or for a regency-wide file (``import_residents
    --regency``) the regency's own Region row: one file stays one resumable unit. The file is
    identified by its SHA-256: importing the same file into the same target again resumes after
    ``processed`` rows instead of starting over.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Ditolak")

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_hash = models.CharField(max_length=64)
    total_rows = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(_("baris diproses"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    error_count = models.PositiveIntegerField(default=0)
    # The error report as CSV text (row, field, message): no personal data beyond the row number.
    error_report = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The last sign of life of a run (queued, checked, each chunk written, ended): a running
    # batch that has not moved for a while lost its worker, and the progress page says so.
    updated_at = models.DateTimeField(_("terakhir bergerak"), default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor penduduk")
        verbose_name_plural = _("impor penduduk")
        ordering = ["-created_at"]
        indexes = [
            # Resuming: the unfinished import of the same file into the same village.
            models.Index(fields=["village", "file_hash", "status"], name="importbatch_resume"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.processed}/{self.total_rows})"


class VillageSummary(models.Model):
    """When a village's statistics counts (SummaryCount) were last computed, and for which day.

    Kecamatan and regency pages add up these counts instead of grouping a million residents per
    view. The row is also the lock that serialises two refreshes of the same village.
    """

    village = models.OneToOneField("regions.Region", on_delete=models.PROTECT, primary_key=True, related_name="+")
    # Ages (pyramid, age groups) were computed for this day; None until the first computation.
    as_of = models.DateField(_("per tanggal"), null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ringkasan statistik desa")
        verbose_name_plural = _("ringkasan statistik desa")

    def __str__(self) -> str:
        return f"{self.village_id}: {self.as_of}"


class _Cell(models.Model):
    """One cell of a statistics table: residents in row ``key`` of ``figure``, of one sex."""

    figure = models.CharField(max_length=20)
    key = models.CharField(max_length=12, blank=True)
    sex = models.CharField(max_length=1, choices=Resident.Sex.choices)
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True


class SummaryCount(_Cell):
    """Living residents of one village in one row of one statistics table, by sex.

    ``key`` is the row: the sex or relation/citizenship value, the age band's index, or the
    Lookup id ("" = not filled). Only non-zero counts are stored.
    """

    # Indexed by the unique constraint below, which starts with the village.
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("jumlah ringkasan statistik")
        verbose_name_plural = _("jumlah ringkasan statistik")
        constraints = [
            # Also the index behind "replace one village's counts" (delete by village).
            models.UniqueConstraint(fields=["village", "figure", "key", "sex"], name="summarycount_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.figure}/{self.key}/{self.sex}: {self.count}"


class DistrictCount(_Cell):
    """SummaryCount added up per kecamatan, so the regency page sums ~30 kecamatan rather than
    ~430 villages. Rewritten by the refresh of any of its villages, under a lock on the kecamatan."""

    # Indexed by the unique constraint below, which starts with the kecamatan.
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("jumlah ringkasan statistik kecamatan")
        verbose_name_plural = _("jumlah ringkasan statistik kecamatan")
        constraints = [
            models.UniqueConstraint(fields=["district", "figure", "key", "sex"], name="districtcount_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.figure}/{self.key}/{self.sex}: {self.count}"


class SummaryChange(models.Model):
    """A registry change not yet counted in the village's summary (one row per change).

    Written inside the changing transaction (villages.statstasks.mark_changed); an insert, not an
    update of a shared row, so concurrent registry writes never wait on each other. The refresh
    deletes exactly the rows it saw, so a change committed during a refresh stays pending.
    """

    # The foreign key's index answers "does this village have uncounted changes?".
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perubahan belum dihitung")
        verbose_name_plural = _("perubahan belum dihitung")

    def __str__(self) -> str:
        return f"{self.village_id} {self.created_at}"
