"""`<embed embedtype="retention-period"/>` in rich text renders CONTACT_RETENTION_DAYS in
words in the active language ("two years", "δύο χρόνια"): the privacy notice states the
period the nightly purge (purge_contact_submissions) actually applies, never a copy of it.

Draftail has no button for it: the demo's privacy notice carries it, and an editor who
rewrites that paragraph in the rich-text editor should keep the period in words."""

from wagtail import hooks
from wagtail.rich_text import EmbedHandler


class RetentionPeriodHandler(EmbedHandler):
    identifier = "retention-period"

    @staticmethod
    def expand_db_attributes(attrs):
        from home.templatetags.public_tags import retention_in_words

        return retention_in_words()


@hooks.register("register_rich_text_features")
def register_retention_period(features):
    features.register_embed_type(RetentionPeriodHandler)
