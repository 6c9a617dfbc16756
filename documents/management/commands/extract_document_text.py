from django.core.management.base import BaseCommand
from tqdm import tqdm

from documents.models import CustomDocument, ExtractionStatus
from documents.services import extract_document_text


class Command(BaseCommand):
    help = (
        "Read the text inside document files for search: the files not read yet, or every "
        "file with --all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Read every file again, not only the unread ones."
        )

    def handle(self, *args, **options):
        documents = CustomDocument.objects.order_by("pk")
        if not options["all"]:
            documents = documents.filter(extraction_status=ExtractionStatus.PENDING)
        counts = {}
        progress = tqdm(
            documents.iterator(),
            total=documents.count(),
            unit="file",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        )
        for document in progress:
            progress.set_postfix_str(document.filename[:40])
            status = extract_document_text(document).extraction_status
            counts[status] = counts.get(status, 0) + 1
        summary = ", ".join(
            f"{ExtractionStatus(status).label}: {count}" for status, count in sorted(counts.items())
        )
        self.stdout.write(self.style.SUCCESS(summary or "No files to read."))
