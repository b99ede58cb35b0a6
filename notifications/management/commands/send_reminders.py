"""``manage.py send_reminders``: send what is due today, safe to run every few minutes.

Every registered planner (``notifications.scheduling``) says which messages are due on the day;
``notifications.services.deliver`` applies each user's preferences, records each item once and
enqueues the sending tasks. Running it again sends nothing twice.
"""

import os
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.scheduling import planners
from notifications.services import Delivery, deliver


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("--today tar ett datum som YYYY-MM-DD, inte %(value)r.") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = (
        "Send the reminders (and every other planned message) due today; safe to run every few "
        "minutes. --dry-run prints who would get what and records nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="The day to plan for, YYYY-MM-DD.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would get which message; send and record nothing.",
        )
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Run again every SECONDS until stopped (make run uses it; production uses cron "
            "or a systemd timer). Stops by itself when the process that started it ends.",
        )

    def handle(self, *args, today=None, dry_run=False, every=0, **options):
        if every <= 0:
            self.run_once(today, dry_run)
            return
        parent = os.getppid()
        while True:
            self.run_once(today, dry_run)
            for _second in range(every):
                if os.getppid() != parent:  # make run (or whoever started it) is gone
                    return
                time.sleep(1)

    def run_once(self, today: date | None, dry_run: bool) -> None:
        day = today or timezone.localdate()
        counts: dict[str, int] = {}
        for name, planner in planners().items():
            outcomes = deliver(planner(day), today=day, dry_run=dry_run)
            for outcome in outcomes:
                counts[outcome.delivery] = counts.get(outcome.delivery, 0) + 1
                if dry_run:
                    self.print_outcome(day, name, outcome)
        summary = ", ".join(
            f"{Delivery(delivery).label}: {count}" for delivery, count in sorted(counts.items())
        )
        if not summary:
            done = _("Inget att skicka.")
        elif dry_run:
            done = _("Torrkörning, inget skickat eller sparat. Skulle ha blivit: %(summary)s.") % {
                "summary": summary
            }
        else:
            done = _("Klart: %(summary)s.") % {"summary": summary}
        self.stdout.write(f"{day.isoformat()} {done}")

    def print_outcome(self, day: date, planner: str, outcome) -> None:
        message = outcome.message
        user = message.user
        who = f"{user.get_username()} <{user.email or '-'}>"
        self.stdout.write(
            f"{day.isoformat()} {who}: {Kind(message.kind).label} – "
            f"{Delivery(outcome.delivery).label}: {message.subject}"
        )
        for item in outcome.items:
            context = item.context
            label = context.get("summary") or " ".join(
                str(context[name]) for name in ("municipality", "code", "period") if name in context
            )
            self.stdout.write(f"    {label or item.key}")
