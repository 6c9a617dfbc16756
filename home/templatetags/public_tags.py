"""Tags for the public-body parts of every page: the link-preview image and the footer
menu. Both are read through biopa.cache.fragment, once per content version, like the
rest of the chrome (site_tags.site_chrome)."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, gettext

from biopa import links, visibility
from biopa.cache import fragment
from home.selectors import active_locale

register = template.Library()

# The size link previews (Open Graph, Twitter/X, LinkedIn) expect.
SOCIAL_FILTER = "fill-1200x630"


@register.simple_tag(takes_context=True)
def social_image(context, chrome):
    """The page's social image, else the site's default (SiteDetails), else the home page's
    hero image, as {"url" (absolute), "width", "height", "alt"}; None without any."""
    request = context.get("request")
    page = context.get("page") or context.get("self")
    image_id = getattr(page, "social_image_id", None)
    details, home = chrome.get("details"), chrome.get("home")
    if image_id is None and details is not None:
        image_id = details.social_image_id
    if image_id is None and home is not None:
        image_id = getattr(home, "hero_image_id", None)
        if image_id is None and not hasattr(home, "hero_image_id"):
            image_id = fragment(
                "hero-image-id", lambda: _hero_image_id(home), request=request, parts=(home.pk,)
            )
    if image_id is None or request is None:
        return None
    rendition = fragment(
        "social-image", lambda: _rendition(image_id), request=request, parts=(image_id,)
    )
    if rendition is None:
        return None
    return {**rendition, "url": links.absolute_url(request, rendition["url"])}


def _hero_image_id(home):
    from home.models import HomePage

    return HomePage.objects.filter(pk=home.pk).values_list("hero_image_id", flat=True).first()


def _rendition(image_id):
    from home.models import CustomImage

    image = visibility.public_images(CustomImage.objects.filter(pk=image_id)).first()
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_FILTER)
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.title,
    }


@register.simple_tag(takes_context=True)
def footer_links(context, chrome):
    """The footer menu of the active language: [{"title", "url"}], each chosen page in
    this language where it is translated, only pages the public may see."""
    request = context.get("request")
    details, home = chrome.get("details"), chrome.get("home")
    if details is None:
        return []
    locale = home.locale if home is not None else active_locale()
    return fragment(
        "footer-links",
        lambda: _footer_links(details, locale, request),
        request=request,
        parts=(request.get_host() if request else "", details.pk, locale.pk),
    )


def _footer_links(details, locale, request):
    from wagtail.models import Page

    chosen = list(details.footer_links.select_related("page"))
    keys = [link.page.translation_key for link in chosen]
    pages = visibility.public_pages(
        Page.objects.filter(translation_key__in=keys, locale__in=[locale.pk, details.locale_id])
    )
    by_key = {}
    for page in pages:
        # The active language's translation wins over the page in the details' language.
        if page.locale_id == locale.pk or page.translation_key not in by_key:
            by_key[page.translation_key] = page
    items = []
    for link in chosen:
        page = by_key.get(link.page.translation_key)
        if page is not None:
            items.append({"title": page.title, "url": page.get_url(request)})
    return items


@register.simple_tag
def retention_in_words(days=None):
    """CONTACT_RETENTION_DAYS in words, in the active language: "two years", "18 months",
    "90 days"."""
    from django.utils.translation import ngettext

    days = settings.CONTACT_RETENTION_DAYS if days is None else days
    words = {1: gettext("one"), 2: gettext("two"), 3: gettext("three"), 5: gettext("five")}
    if days % 365 == 0:
        n = days // 365
        return ngettext("%(n)s year", "%(n)s years", n) % {"n": words.get(n, n)}
    if days % 30 == 0:
        n = days // 30
        return ngettext("%(n)s month", "%(n)s months", n) % {"n": words.get(n, n)}
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


class ContentFragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a preview shows a draft: never kept
        parts = [part.resolve(context) for part in self.parts]
        return fragment(
            f"html:{self.name}",
            lambda: self.nodelist.render(context),
            request=request,
            parts=(get_language(), *parts),
        )


@register.tag
def content_fragment(parser, token):
    """`{% content_fragment "name" part... %}...{% endcontent_fragment %}`: the enclosed
    HTML rendered once per content version, language and parts (biopa.cache.fragment),
    not once per request. Only for what is the same for every visitor (no form, no CSRF
    token, nothing of the user): a page's picture, say, whose image and renditions then
    cost no query or cache round trip."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("content_fragment needs a name")
    name = bits[1].strip("\"'")
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(name, parts, nodelist)
