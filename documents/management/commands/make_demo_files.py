"""manage.py make_demo_files: write the demo library's files and manifest again from the
generator (documents/demo_files.py; development only: fpdf2 and odfpy)."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.demo_manifest import DATA_DIR, MANIFEST, write_demo_files


class Command(BaseCommand):
    help = (
        "Generate the demo library's files into documents/demo_documents/ with their "
        "manifest (development only). --check: fail if the committed files differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare only; change nothing.")

    def handle(self, *args, check=False, **options):
        try:
            from documents.demo_files import build_demo_files
        except ImportError as error:  # fpdf2 or odfpy missing: a server's install
            raise CommandError(
                f"The generator needs requirements-dev.txt installed ({error})."
            ) from error
        demos = build_demo_files()
        if not check:
            write_demo_files(demos)
            self.stdout.write(f"Wrote {sum(len(d.files) for d in demos)} files and {MANIFEST}")
            return
        with tempfile.TemporaryDirectory() as fresh:
            write_demo_files(demos, fresh)
            differ = sorted(
                str(path.relative_to(fresh))
                for path in Path(fresh).rglob("*")
                if path.is_file()
                and (
                    not (DATA_DIR / path.relative_to(fresh)).is_file()
                    or (DATA_DIR / path.relative_to(fresh)).read_bytes() != path.read_bytes()
                )
            )
            extra = sorted(
                str(path.relative_to(DATA_DIR))
                for path in DATA_DIR.rglob("*")
                if path.is_file() and not (Path(fresh) / path.relative_to(DATA_DIR)).exists()
            )
        if differ or extra:
            raise CommandError(
                "documents/demo_documents/ is out of date (run manage.py make_demo_files): "
                + ", ".join(differ + extra)
            )
        self.stdout.write("documents/demo_documents/ is up to date")
