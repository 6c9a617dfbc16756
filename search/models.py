from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchQueryLog(models.Model):
    """How often visitors searched for one (normalised) query on one day in one language, and
    how many of those searches found nothing. Written by the search page, read by the admin
    report "Site searches"."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    date = models.DateField(_("date"))
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_result_searches = models.PositiveIntegerField(_("searches without results"), default=0)
    last_hits = models.PositiveIntegerField(_("results (last search)"), default=0)

    class Meta:
        verbose_name = _("site search")
        verbose_name_plural = _("site searches")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "language", "date"], name="search_log_one_row_per_day"
            )
        ]
        indexes = [models.Index(fields=["date"], name="search_log_date")]

    def __str__(self):
        return f"{self.query} ({self.language}, {self.date})"

    @classmethod
    def record(cls, *, query, language, hits):
        """Count one search; one UPDATE, plus an INSERT the first time a query is seen that
        day. Safe against concurrent first searches."""
        query = query[:200]
        today = timezone.localdate()
        zero = 1 if hits == 0 else 0
        updates = {
            "searches": F("searches") + 1,
            "zero_result_searches": F("zero_result_searches") + zero,
            "last_hits": hits,
        }
        rows = cls.objects.filter(query=query, language=language, date=today)
        if rows.update(**updates):
            return
        try:
            with transaction.atomic():
                cls.objects.create(
                    query=query,
                    language=language,
                    date=today,
                    searches=1,
                    zero_result_searches=zero,
                    last_hits=hits,
                )
        except IntegrityError:  # another request created the row meanwhile
            rows.update(**updates)
