"""manage.py import_legacy_site SOURCE: the old site's static mirror into the new site."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from legacy.importer import ImportFailed, default_report_path, load_config
from legacy.mirror import MirrorError
from legacy.services import run_import


class Command(BaseCommand):
    help = (
        "Import the old site from a static mirror (a folder, .zip or .tar.gz made by "
        "wget --mirror or HTTrack): pages, news, events, linked files and images, with a "
        "permanent redirect from every old address. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The mirror: a folder, a .zip or a .tar.gz")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; write nothing"
        )
        parser.add_argument("--locale", default="el", choices=["el", "en"])
        parser.add_argument(
            "--publish", action="store_true", help="Publish new pages (default: drafts)"
        )
        parser.add_argument(
            "--config", help="A TOML file of rules (see legacy/default_config.toml)"
        )
        parser.add_argument("--report", help="Where to write the CSV report")

    def handle(self, *args, **options):
        try:
            config = load_config(options["config"])
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the configuration: {error}") from error
        bar = tqdm(total=0, unit="item", disable=options["verbosity"] == 0, file=self.stderr._out)

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            report = run_import(
                options["source"],
                locale=options["locale"],
                publish=options["publish"],
                dry_run=options["dry_run"],
                config=config,
                progress=progress,
            )
        except (ImportFailed, MirrorError) as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        path = report.write_csv(options["report"] or default_report_path())
        if options["verbosity"]:
            self.stdout.write(report.console())
            self.stdout.write(f"Report: {path}")
