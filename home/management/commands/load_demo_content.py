from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo_tools import Glossary

# Each app's demo module has build(glossary, log); home first, since the others hang
# their pages under its home page.
DEMO_MODULES = ["home.demo", "news.demo", "documents.demo", "contact.demo"]


class Command(BaseCommand):
    help = "Build the bilingual demo site. Running it again changes nothing."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        glossary = Glossary()
        with transaction.atomic():
            for module in DEMO_MODULES:
                import_module(module).build(glossary, self.log)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def log(self, message):
        if self.verbosity > 0:
            self.stdout.write(f"  {message}")
