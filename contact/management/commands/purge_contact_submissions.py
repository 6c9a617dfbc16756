"""Delete contact-form submissions older than CONTACT_RETENTION_DAYS (the period the
privacy notice promises). Run every night by deploy/systemd/biopa-purge-contact.timer."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission


class Command(BaseCommand):
    help = "Delete contact-form submissions older than CONTACT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.CONTACT_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        old = FormSubmission.objects.filter(submit_time__lt=cutoff)
        if dry_run:
            count = old.count()
            self.stdout.write(
                f"{count} submission(s) older than {days} days (before {cutoff:%Y-%m-%d}) "
                "would be deleted (dry run)."
            )
            return
        count = old.delete()[0]
        kept = FormSubmission.objects.count()
        self.stdout.write(
            f"Deleted {count} submission(s) older than {days} days "
            f"(before {cutoff:%Y-%m-%d}); {kept} kept."
        )
