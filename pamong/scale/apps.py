from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Regency-scale data generation and the benchmark's helpers (issue 4)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pamong.scale"
    verbose_name = "Skala dan benchmark"
