"""What the import of the old site remembers between runs: one ImportRecord per old
address that became something (a page, a library entry, an image), and one ImportRun per
run started from the admin (its archive, progress and report)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        DOCUMENT = "document", _("document")
        IMAGE = "image", _("image")

    old_url = models.CharField(_("old address"), max_length=1000)
    locale = models.CharField(_("language"), max_length=8)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_hash = models.CharField(_("content hash"), max_length=64)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "documents.CustomDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        "home.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The revision the import wrote last: a newer one is an editor's, never overwritten.
    revision_id = models.BigIntegerField(null=True, blank=True)
    # Links to pages of the same run that did not exist yet when the body was written.
    links_pending = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported address")
        verbose_name_plural = _("imported addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["old_url", "locale", "kind"], name="legacy_record_unique_url"
            )
        ]

    def __str__(self):
        return self.old_url


class ImportRun(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the task worker")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Trial run done: waiting for confirmation")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archive = models.CharField(_("archive"), max_length=500)  # path in default storage
    archive_name = models.CharField(_("archive"), max_length=255)
    locale = models.CharField(_("language"), max_length=8, default="el")
    publish = models.BooleanField(_("publish"), default=False)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("old site import")
        verbose_name_plural = _("old site imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.archive_name

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0
