from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import sitemap_page
from home import views as home_views

from . import twofactor
from .api import api_router

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("admin/2fa/setup/", twofactor.setup, name="two_factor_setup"),
    path("admin/2fa/verify/", twofactor.verify, name="two_factor_verify"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

urlpatterns += i18n_patterns(
    # Wagtail's private-page forms (the routes of wagtail/urls.py, under the names Wagtail
    # reverses) come first: the serve pattern below also matches `_util/...`. The login
    # form is the public site's own, in its look and with the second factor.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", twofactor.FrontendLoginView.as_view(), name="wagtailcore_login"),
    path("search/", include("search.urls")),
    path("sitemap/", sitemap_page.html_sitemap, name="html_sitemap"),
    path("", include("news.urls")),
    # Stands for wagtail/urls.py's own serve route, which is therefore not included.
    re_path(wagtail_urls.serve_pattern, home_views.serve, name="wagtail_serve"),
)
