from django.db import models


class Probe(models.Model):
    """One row per request of the benchmark's bare insert endpoint (views.bare_insert).

    It measures what one Django request that writes one row costs on this machine, as the
    floor that report submission is compared with. Empty outside benchmark runs.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "probe"

    def __str__(self) -> str:
        return f"probe {self.pk}"
