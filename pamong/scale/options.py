"""Command-line values shared by the generator's commands: the plan's end and progress lines."""

import time
from datetime import datetime, timedelta

from django.core.management.base import CommandError
from django.utils import timezone


def parse_until(value: str | None) -> datetime:
    """The plan's "now": the given day at 17:00 WIB, or by default the start of this hour.

    The registry plan uses only its local date, so two commands run the same day with the same
    seed and size plan the same residents.
    """
    if value is None:
        return timezone.now().replace(minute=0, second=0, microsecond=0)
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise CommandError("--until harus berformat YYYY-MM-DD.") from exc
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_default_timezone()) + timedelta(hours=17)


def check_size(name: str, value: int | None) -> None:
    if value is not None and value < 0:
        raise CommandError(f"--{name} tidak boleh negatif.")


def progress_line(label: str, done: int, total: int, started: float) -> str:
    """Count, share, rate and time left, for one line per batch on stderr."""
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed else 0
    left = (total - done) / rate if rate else 0
    percent = 100 * done / total if total else 100
    return f"  {label} {done:>9,}/{total:,} ({percent:5.1f} %) {rate:,.0f}/s, sisa ~{left:.0f} s"
