from django.core.management.base import BaseCommand, CommandError

from editorial.translation_status import (
    STATES,
    pages_without_live_counterpart,
    translation_status,
)

COLUMNS = ["Type", "Title", "Source", "Exists in", "Into", "State", "Segments", "Live"]


class Command(BaseCommand):
    help = (
        "Print where every page and translatable snippet stands in each locale. Exits with "
        "an error when a live Greek page has no live English counterpart (a daily check)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--locale", help="only translations into this language code")
        parser.add_argument("--state", choices=sorted(STATES), help="only this state")
        parser.add_argument("--kind", choices=["page", "snippet"], help="only pages or snippets")
        parser.add_argument("--source-language", default="el")
        parser.add_argument("--target-language", default="en")

    def handle(self, *args, **options):
        rows = translation_status(
            locale=options["locale"], state=options["state"], kind=options["kind"]
        )
        table = [COLUMNS] + [
            [
                row.item.type_name,
                row.item.title,
                row.source_locale.language_code,
                row.locales_display,
                row.locale.language_code,
                row.state,
                row.progress or "-",
                "yes" if row.live else "no",
            ]
            for row in rows
        ]
        widths = [min(max(len(str(line[i])) for line in table), 50) for i in range(len(COLUMNS))]
        for number, line in enumerate(table):
            cells = [str(cell)[: widths[i]].ljust(widths[i]) for i, cell in enumerate(line)]
            self.stdout.write("  ".join(cells).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        counts = {state: sum(1 for row in rows if row.state == state) for state in STATES}
        self.stdout.write(", ".join(f"{state}: {count}" for state, count in counts.items()))

        source, target = options["source_language"], options["target_language"]
        lonely = pages_without_live_counterpart(source, target)
        if lonely:
            listed = "; ".join(f"#{pk} {title}" for pk, title in lonely)
            raise CommandError(
                f"{len(lonely)} live page(s) in '{source}' without a live '{target}' "
                f"version: {listed}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Every live '{source}' page has a live '{target}' version.")
        )
