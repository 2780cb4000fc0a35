"""Periodic safety net for notification delivery: run it every minute (cron, systemd timer)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from pamong.notifications.services import sweep


class Command(BaseCommand):
    help = (
        "Re-enqueue notifications whose delivery task was lost and take back those stuck in "
        "'sending' because a worker died mid-send."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stuck-after",
            type=float,
            default=600,
            metavar="SECONDS",
            help="A row claimed longer ago than this is stuck (default: 600; keep it well above "
            "the gateways' timeouts).",
        )
        parser.add_argument(
            "--overdue-after",
            type=float,
            default=300,
            metavar="SECONDS",
            help="A pending row due longer ago than this lost its task (default: 300).",
        )

    def handle(self, *, stuck_after: float, overdue_after: float, verbosity: int, **options):
        result = sweep(stuck_after=timedelta(seconds=stuck_after), overdue_after=timedelta(seconds=overdue_after))
        if verbosity:
            self.stdout.write(f"reclaimed={result.reclaimed} failed={result.failed} requeued={result.requeued}")
