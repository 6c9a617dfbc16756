"""Admin views of the documents app: Wagtail's document views with the step from a file
to its library entry (a DocumentPage), and the library entry's create view that starts
from a file."""

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.create import CreateView as PageCreateView
from wagtail.documents.views import documents, multiple
from wagtail.models import Locale
from wagtail.permissions import policy_registry

from editorial.workflow import EditorialPageViewSet

from . import services
from .models import CustomDocument, DocumentIndexPage, DocumentPage


def library_entry_url(document):
    """Where "Create library entry" leads for `document`."""
    return reverse("documents_library_entry", args=[document.pk])


def may_use(user, document):
    policy = policy_registry.get_by_type(CustomDocument)
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], document)


class MultipleAddView(multiple.AddView):
    """Wagtail's multiple uploader, reading the text of each file it saves, with a link
    from each uploaded file to its library entry."""

    edit_form_template_name = "documents/admin/multiple_edit_form.html"

    def save_object(self, form):
        document = super().save_object(form)
        services.document_file_changed(document)
        return document


class CreateView(documents.CreateView):
    """Wagtail's single-file upload, whose confirmation offers the library entry."""

    def get_success_buttons(self):
        return [
            *super().get_success_buttons(),
            messages.button(library_entry_url(self.object), _("Create library entry")),
        ]


class EditView(documents.EditView):
    """Wagtail's document editor, listing the library entries that offer the file."""

    template_name = "documents/admin/document_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["library_pages"] = (
            DocumentPage.objects.filter(document=self.object)
            .select_related("locale")
            .order_by("locale__language_code", "path")
        )
        context["library_entry_url"] = library_entry_url(self.object)
        return context


def library_entry(request, document_id):
    """The next step after an upload: the library entry's create form, under the library
    of the site's main language (`?locale=` for another), with the file, its title and
    its date filled in. Translations of the entry come through wagtail-localize."""
    document = get_object_or_404(CustomDocument, pk=document_id)
    if not may_use(request.user, document):
        raise PermissionDenied
    language = request.GET.get("locale")
    locale = Locale.objects.filter(language_code=language).first() if language else None
    locale = locale or Locale.get_default()
    library = DocumentIndexPage.objects.filter(locale=locale).order_by("path").first()
    if library is None or not library.permissions_for_user(request.user).can_add_subpage():
        django_messages.error(
            request, _("There is no document library in which you may add an entry.")
        )
        return redirect("wagtaildocs:edit", document.pk)
    url = reverse("wagtailadmin_pages:add", args=["documents", "documentpage", library.pk])
    return redirect(f"{url}?document={document.pk}")


def entry_slug(title):
    """The entry's slug from the file's title: Latin (ELOT 743) where the project's
    slugs module provides it."""
    try:
        from home.slugs import latin_slug
    except ImportError:
        return slugify(title)
    return latin_slug(title)


class LibraryEntryCreateView(PageCreateView):
    """The create form of a library entry; `?document=<id>` fills in the file, the title,
    the slug and the date (the file's upload date) from a file the user may use."""

    def get(self, request):
        document = self.chosen_document()
        if document is not None:
            self.page.document = document
            self.page.title = document.title
            self.page.slug = self.free_slug(entry_slug(document.title))
            self.page.document_date = timezone.localdate(document.created_at)
        return super().get(request)

    def free_slug(self, slug):
        """`slug`, or `slug-2`, `slug-3`...: the first no other entry of the library uses."""
        if not slug:
            return ""
        taken = set(self.parent_page.get_children().values_list("slug", flat=True))
        candidate, suffix = slug, 1
        while candidate in taken:
            suffix += 1
            candidate = f"{slug}-{suffix}"
        return candidate

    def chosen_document(self):
        document_id = self.request.GET.get("document", "")
        if not document_id.isdigit():
            return None
        document = CustomDocument.objects.filter(pk=document_id).first()
        if document is None or not may_use(self.request.user, document):
            return None
        return document


class DocumentPageViewSet(EditorialPageViewSet):
    model = DocumentPage
    add_view_class = LibraryEntryCreateView
