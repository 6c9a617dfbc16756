from django import forms
from django.utils.translation import gettext_lazy as _

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz")


class UploadForm(forms.Form):
    archive = forms.FileField(
        label=_("Archive of the old site"),
        help_text=_("A .zip or .tar.gz of the mirror made by wget --mirror or HTTrack."),
    )
    locale = forms.ChoiceField(
        label=_("Language of the old site"),
        choices=[("el", _("Greek")), ("en", _("English"))],
        initial="el",
    )
    publish = forms.BooleanField(
        label=_("Publish the imported pages"),
        required=False,
        help_text=_("Otherwise they are saved as drafts for editors to review."),
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if not archive.name.lower().endswith(ARCHIVE_SUFFIXES):
            raise forms.ValidationError(_("Upload a .zip or .tar.gz archive."))
        return archive
