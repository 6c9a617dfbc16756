"""The admin around translation: one translation report in the menu, the editor's
script and its suggestions, no Move or Delete for translators, refusals as admin pages."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_one_translation_report_in_the_menu(client, members, home_el):
    client.force_login(members["Translators"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    ours = reverse("editorial_translation_status")
    theirs = reverse("wagtail_localize:translations_report")
    assert ours in html
    assert theirs not in html
    # Its address still answers, for the screens of wagtail-localize that link to it.
    assert client.get(theirs).status_code == 200


def test_the_translation_editor_loads_the_filter_and_suggestions(
    client, members, greek_page, home_en, django_capture_on_commit_callbacks
):
    client.force_login(members["Translators"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=(greek_page.pk,)),
            {"locales": [home_en.locale.pk]},
        )
    target = greek_page.get_translation(home_en.locale)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(target.pk,))).content.decode()
    assert "js-translation-editor" in html
    assert "editorial/translation_editor.js" in html
    assert 'id="editorial-translation-editor-labels"' in html


def test_translators_are_offered_neither_move_nor_delete(client, members, greek_page):
    client.force_login(members["Translators"])
    explorer = client.get(reverse("wagtailadmin_explore", args=(greek_page.get_parent().pk,)))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(greek_page.pk,)))
    for response in (explorer, edit):
        html = response.content.decode()
        assert reverse("wagtailadmin_pages:delete", args=(greek_page.pk,)) not in html
        assert reverse("wagtailadmin_pages:move", args=(greek_page.pk,)) not in html


ADMIN_PAGE = "data-wagtail-sidebar"  # the admin's own page, with its menu


def refused_politely(response):
    """An admin page: Wagtail's dashboard with the error as a message, or the project's
    refusal page (the reason and a way back) - never a bare "403 Forbidden"."""
    html = response.content.decode()
    if response.status_code == 403:
        return 'class="help-block help-warning"' in html and ADMIN_PAGE in html
    messages = [m.level_tag for m in response.context["messages"]]
    return response.status_code == 200 and messages == ["error"] and ADMIN_PAGE in html


def test_refusals_are_admin_pages(client, members, greek_page, make_user, home_el):
    client.force_login(members["Translators"])
    parent = greek_page.get_parent()
    for url in (
        reverse("wagtailadmin_pages:delete", args=(greek_page.pk,)),
        reverse("wagtailadmin_pages:move", args=(greek_page.pk,)),
        reverse("wagtailadmin_pages:move_confirm", args=(greek_page.pk, parent.pk)),
    ):
        assert refused_politely(client.get(url, follow=True)), url
        assert refused_politely(client.post(url, follow=True)), url

    user = make_user(username="outsider")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse("wagtail_localize:submit_page_translation", args=(home_el.pk,))
    assert refused_politely(client.get(url, follow=True))
