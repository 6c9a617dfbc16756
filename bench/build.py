"""Build the benchmark site: the demo content plus, in both locales, 10,000 news items and
events, 5,000 documents with extracted text and 200 standard pages.

Pages are written in bulk (Wagtail's add_child would take hours for 30,000 pages): the
tree paths are computed here, the Page rows go in with bulk_create and each specific
table's own columns with the model manager's _insert, as Django's multi-table bulk
insert would if it had one. The search index is rebuilt at the end.
"""

import datetime
import os
import random
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biopa.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Collection, Locale, Page  # noqa: E402

from documents.models import CustomDocument, DocumentIndexPage, DocumentPage  # noqa: E402
from home.models import HomePage, StandardPage  # noqa: E402
from news.models import EventPage, NewsIndexPage, NewsPage  # noqa: E402

NEWS = int(os.environ.get("BENCH_NEWS", 10_000))
DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", 5_000))
STANDARD = int(os.environ.get("BENCH_STANDARD", 200))
BATCH = 500

WORDS = {
    "el": (
        "πάρκο επιχείρηση αίτηση οικόπεδο κανονισμός συμβούλιο απόφαση ενέργεια νερό "
        "δρόμος ασφάλεια εγκατάσταση βιοτεχνία Ρέθυμνο Κρήτη έργο πρόσκληση ανακοίνωση"
    ).split(),
    "en": (
        "park business application plot regulation council decision energy water road "
        "safety installation workshop Rethymno Crete project call announcement"
    ).split(),
}


def words(rng, lang, n):
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n))


def body(rng, lang):
    return [
        {"type": "paragraph", "value": f"<p>{words(rng, lang, 60)}</p>", "id": str(uuid.uuid4())}
    ]


def add_children(parent, model, rows, keys):
    """Insert `rows` (field dicts of `model`) as live children of `parent` in bulk."""
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    start = parent.numchild
    for offset in range(0, len(rows), BATCH):
        batch = rows[offset : offset + BATCH]
        pages = []
        for i, fields in enumerate(batch, start=start + offset + 1):
            slug = fields.pop("slug")
            title = fields.pop("title")
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(parent.path, parent.depth + 1, i),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=parent.locale_id,
                    translation_key=keys[i - start - 1],
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        Page.objects.bulk_create(pages)
        # Each table of the specific model's chain gets its own columns.
        for table_model in reversed([model, *model._meta.get_parent_list()]):
            if table_model is Page:
                continue
            local = list(table_model._meta.local_concrete_fields)
            objs = []
            for page, fields in zip(pages, batch, strict=True):
                obj = table_model.__new__(table_model)
                obj.__dict__.update({f.attname: None for f in local})
                obj.__dict__["_state"] = django.db.models.base.ModelState()
                for f in local:
                    if f.one_to_one and f.remote_field.parent_link:
                        setattr(obj, f.attname, page.pk)
                    elif f.attname in fields:
                        setattr(obj, f.attname, fields[f.attname])
                    elif f.has_default():
                        setattr(obj, f.attname, f.get_default())
                    else:
                        setattr(obj, f.attname, "" if f.empty_strings_allowed else None)
                objs.append(obj)
            table_model._base_manager._insert(objs, fields=local)
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(rows))


def build():
    call_command("load_demo_content", verbosity=0)
    if NewsPage.objects.count() >= NEWS:
        print("The benchmark site is already built.")
        return
    rng = random.Random(2010)
    greek, english = Locale.objects.get(language_code="el"), Locale.objects.get(language_code="en")
    collection = Collection.get_first_root_node()
    today = timezone.localdate()
    news_keys = [uuid.uuid4() for _ in range(NEWS)]
    doc_keys = [uuid.uuid4() for _ in range(DOCUMENTS)]
    standard_keys = [uuid.uuid4() for _ in range(STANDARD)]

    with transaction.atomic():
        documents = CustomDocument.objects.bulk_create(
            [
                CustomDocument(
                    title=f"Έγγραφο {i}",
                    file=f"documents/bench-{i}.pdf",
                    collection=collection,
                    file_size=rng.randint(10_000, 5_000_000),
                    extracted_text=f"{words(rng, 'el', 300)} {words(rng, 'en', 300)}",
                    extraction_status="ok",
                )
                for i in range(DOCUMENTS)
            ],
            batch_size=BATCH,
        )
        for locale in (greek, english):
            lang = locale.language_code
            home = HomePage.objects.get(locale=locale, depth=2)
            news_index = NewsIndexPage.objects.get(locale=locale)
            doc_index = DocumentIndexPage.objects.get(locale=locale)
            add_children(
                home,
                StandardPage,
                [
                    {
                        "title": f"{words(rng, lang, 3)} {i}",
                        "slug": f"bench-page-{i}",
                        "introduction": words(rng, lang, 20),
                        "body": body(rng, lang),
                    }
                    for i in range(STANDARD)
                ],
                standard_keys,
            )
            rows, event_rows, news_keys_plain, event_keys = [], [], [], []
            for i in range(NEWS):
                day = today - datetime.timedelta(days=rng.randint(-60, 3000))
                fields = {
                    "title": f"{words(rng, lang, 4)} {i}",
                    "slug": f"bench-news-{i}",
                    "date": day,
                    # news.NewsPage.sort_date: save() is bypassed here. An event starts at
                    # 10:00 in Athens on `day`, so its listing date is `day` too.
                    "sort_date": day,
                    "summary": words(rng, lang, 25),
                    "body": body(rng, lang),
                }
                if i % 4 == 0:
                    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
                    fields |= {"start": start, "end": start + datetime.timedelta(hours=6)}
                    event_rows.append(fields)
                    event_keys.append(news_keys[i])
                else:
                    rows.append(fields)
                    news_keys_plain.append(news_keys[i])
            add_children(news_index, NewsPage, rows, news_keys_plain)
            add_children(news_index, EventPage, event_rows, event_keys)
            add_children(
                doc_index,
                DocumentPage,
                [
                    {
                        "title": f"{words(rng, lang, 4)} {i}",
                        "slug": f"bench-document-{i}",
                        "description": words(rng, lang, 30),
                        "document_id": documents[i].pk,
                        "document_date": today - datetime.timedelta(days=rng.randint(0, 5000)),
                    }
                    for i in range(DOCUMENTS)
                ],
                doc_keys,
            )
    print("Pages written; rebuilding the search index (a few minutes)...")
    call_command("update_index", verbosity=0)
    # Bulk-written tables have no planner statistics yet: gather them, as autovacuum would.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Built: {Page.objects.count()} pages, {CustomDocument.objects.count()} documents.")


if __name__ == "__main__":
    build()
