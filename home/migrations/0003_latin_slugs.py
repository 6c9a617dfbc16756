"""Every page slug in Latin letters (ELOT 743, home/slugs.py), the old Greek addresses kept
as permanent redirects (wagtail.contrib.redirects) to the pages.

Written with the historical models: the slug and `url_path` of each Greek-slug page and the
`url_path` of its descendants are rewritten, as Wagtail does when a slug changes; the slug
in the page's revisions too, so that publishing an older draft does not bring the Greek slug
back. A live page whose address changed (a renamed page or one below it) gets a redirect
from its old address, `/<language>/<path under the site root>`, on every site it belongs to.
"""

from django.db import migrations

STEPLEN = 4  # treebeard's path step in wagtailcore.Page


def _free_slug(Page, page, wanted):
    siblings = set(
        Page.objects.filter(path__startswith=page.path[:-STEPLEN], depth=page.depth)
        .exclude(pk=page.pk)
        .values_list("slug", flat=True)
    )
    slug, suffix = wanted, 1
    while slug in siblings:
        suffix += 1
        slug = f"{wanted}-{suffix}"
    return slug


def _old_paths(page, url_path, roots):
    """The public paths `page` had when its url_path was `url_path`, per site."""
    for site_id, root_url_path in roots:
        if url_path.startswith(root_url_path) and url_path != root_url_path:
            below = url_path[len(root_url_path) :].rstrip("/")
            yield site_id, f"/{page.locale.language_code}/{below}"


def latin_slugs(apps, schema_editor):
    from home.slugs import latin_slug

    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Revision = apps.get_model("wagtailcore", "Revision")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ContentType = apps.get_model("contenttypes", "ContentType")

    greek = [
        pk
        for pk, slug in Page.objects.order_by("path").values_list("pk", "slug")
        if not slug.isascii()
    ]
    if not greek:
        return
    url_paths_before = dict(Page.objects.values_list("pk", "url_path"))
    # Every site's root page and its translations (each language's home page), as they were.
    roots = [
        (site.pk, url_path)
        for site in Site.objects.select_related("root_page")
        for url_path in Page.objects.filter(
            translation_key=site.root_page.translation_key
        ).values_list("url_path", flat=True)
    ]

    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    for pk in greek:  # parents before their children: `path` order
        page = Page.objects.get(pk=pk)
        slug = _free_slug(Page, page, latin_slug(page.slug) or "page")
        old_url_path = page.url_path
        new_url_path = old_url_path[: -len(page.slug) - 1] + slug + "/"
        Page.objects.filter(pk=pk).update(slug=slug)
        below = Page.objects.filter(path__startswith=page.path, url_path__startswith=old_url_path)
        for descendant_pk, url_path in below.values_list("pk", "url_path"):
            Page.objects.filter(pk=descendant_pk).update(
                url_path=new_url_path + url_path[len(old_url_path) :]
            )
        if page_type:
            for revision in Revision.objects.filter(base_content_type=page_type, object_id=str(pk)):
                if isinstance(revision.content, dict) and revision.content.get("slug") != slug:
                    revision.content["slug"] = slug
                    revision.save(update_fields=["content"])

    for page in Page.objects.filter(live=True).select_related("locale"):
        before = url_paths_before.get(page.pk)
        if before is None or before == page.url_path:
            continue
        for site_id, old_path in _old_paths(page, before, roots):
            Redirect.objects.get_or_create(
                site_id=site_id,
                old_path=old_path,
                defaults={
                    "redirect_page_id": page.pk,
                    "is_permanent": True,
                    "automatically_created": True,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(latin_slugs, migrations.RunPython.noop)]
