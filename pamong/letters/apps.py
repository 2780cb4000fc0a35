from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "pamong.letters"
    verbose_name = _("Surat dan Layanan Mandiri")
