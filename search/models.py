from django.db import connection, models
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
        """Count one search: one statement (insert the day's row, or add to it), safe
        against concurrent first searches. On PostgreSQL the count is committed without
        waiting for the disk (`synchronous_commit` off for this statement only): a crash
        may lose the last fraction of a second of counts, nothing else; the search does
        not wait for an fsync."""
        table = connection.ops.quote_name(cls._meta.db_table)
        values = "%s, %s, %s, 1, %s, %s"
        if connection.vendor == "postgresql":
            no_wait = "(SELECT set_config('synchronous_commit', 'off', true)) AS s"
            source = f"SELECT {values} FROM {no_wait}"  # noqa: S608 - constants
        else:
            source = f"VALUES ({values})"
        sql = (
            f"INSERT INTO {table} (query, language, date, searches, zero_result_searches, "  # noqa: S608 - constants
            f"last_hits) {source} ON CONFLICT (query, language, date) DO UPDATE SET "
            f"searches = {table}.searches + 1, zero_result_searches = "
            f"{table}.zero_result_searches + excluded.zero_result_searches, "
            "last_hits = excluded.last_hits"
        )
        today = connection.ops.adapt_datefield_value(timezone.localdate())
        params = [query[:200], language, today, 1 if hits == 0 else 0, hits]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
