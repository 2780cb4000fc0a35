from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .managers import UserManager


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Warga")
    VILLAGE_OPERATOR = "village_operator", _("Operator Desa")
    OFFICER = "officer", _("Petugas OPD")
    COORDINATOR = "coordinator", _("Koordinator Pengaduan")
    LEADERSHIP = "leadership", _("Pimpinan")
    ADMIN = "admin", _("Admin Sistem")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: by email or by phone number, with a password.

    The role decides what the person may see and do; the scope (village or agency) narrows
    it for village operators and agency officers. Both are enforced by the database.
    """

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    # Normalised to +62… by pamong.accounts.phones.normalize_phone before it is stored.
    phone = models.CharField(_("nomor HP"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        verbose_name=_("desa/kelurahan"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("perangkat daerah"),
    )
    email_verified_at = models.DateTimeField(_("email terverifikasi"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("nomor HP terverifikasi"), null=True, blank=True)
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin"), default=False)
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        indexes = [
            # Staff of one role among a regency's citizens (the coordinators told of each new report).
            models.Index(fields=["role", "is_active"], name="user_role_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="user_has_email_or_phone"
            ),
            models.CheckConstraint(
                condition=~Q(role="village_operator") | Q(village__isnull=False),
                name="user_village_operator_has_village",
            ),
            models.CheckConstraint(
                condition=~Q(role="officer") | Q(agency__isnull=False), name="user_officer_has_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or str(self.pk)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else ""

    @property
    def is_staff_role(self) -> bool:
        """Government staff of any kind (everyone but citizens)."""
        return self.role != Role.CITIZEN

    @property
    def is_verified(self) -> bool:
        return bool(self.email_verified_at or self.phone_verified_at)


class OneTimeCode(models.Model):
    """A short numeric code sent to an email address or phone number to prove it is theirs.

    Only a hash of the code is stored. A code is spent by a conditional update, so two
    requests racing with the same code cannot both succeed.
    """

    class Purpose(models.TextChoices):
        VERIFY_CONTACT = "verify_contact", _("Verifikasi kontak")
        GUEST_REPORT = "guest_report", _("Konfirmasi laporan tamu")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    destination = models.CharField(max_length=254)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, null=True, blank=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Latest open code for a destination and purpose.
            models.Index(fields=["destination", "purpose", "-created_at"], name="otc_dest_purpose_created"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} → {self.destination}"


class LoginFailure(models.Model):
    """One failed sign-in, kept for throttling: counted per identifier and per IP address."""

    identifier = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.identifier} @ {self.at:%Y-%m-%d %H:%M}"
