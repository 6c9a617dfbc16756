from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from editorial.permissions import EditorialPagePermissionsMixin
from home.routing import PrimedViewRestrictionsMixin

from . import spam

CONSENT_FIELD = "consent"


class FormField(TranslatableMixin, AbstractFormField):
    """A field of the contact form. Label, help text and choices are translated with the page;
    the field's machine name stays the same in every language."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class ContactFormBuilder(FormBuilder):
    """The editors' fields, then the privacy-notice consent every sender must give."""

    @property
    def formfields(self):
        fields = super().formfields
        fields[CONSENT_FIELD] = forms.BooleanField(
            required=True,
            label=_("I agree that my details are used to answer my message."),
            error_messages={"required": _("Please agree to the privacy notice to send the form.")},
        )
        return fields


class ContactPage(EditorialPagePermissionsMixin, PrimedViewRestrictionsMixin, AbstractEmailForm):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown after a message has been sent."),
    )

    form_builder = ContactFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
            help_text=_(
                "Messages go to the 'to' addresses, or to the office e-mail of the site "
                "details when it is empty."
            ),
        ),
    ]
    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro")]
    override_translatable_fields = [
        SynchronizedField("to_address"),
        SynchronizedField("from_address"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["privacy_url"] = self.privacy_notice_url(request)
        context["honeypot_field"] = spam.HONEYPOT_FIELD
        context["timestamp_field"] = spam.TIMESTAMP_FIELD
        context["timestamp_token"] = spam.make_token(self)
        return context

    def privacy_notice_url(self, request):
        """The privacy notice: the page with the slug "privacy" beside this one."""
        from home.models import StandardPage

        parent_path = self.url_path[: self.url_path.rstrip("/").rfind("/") + 1]
        privacy = (
            StandardPage.objects.live()
            .filter(locale_id=self.locale_id, url_path=f"{parent_path}privacy/")
            .first()
        )
        return privacy.get_url(request) if privacy else None

    def serve(self, request, *args, **kwargs):
        status = 200
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            rejection = spam.check(request, self)
            if rejection is None and form.is_valid():
                submission = self.process_form_submission(form)
                spam.count_submission(request)
                return self.render_landing_page(request, submission, *args, **kwargs)
            if rejection is not None:
                spam.log_rejection(request, self, rejection)
                form.is_valid()
                form.add_error(None, rejection.message)
                status = rejection.status
        else:
            form = self.get_form(page=self, user=request.user)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        self.send_mail(form)
        return submission

    def office_addresses(self):
        from home.selectors import site_details

        if self.to_address:
            return [address.strip() for address in self.to_address.split(",")]
        details = site_details(locale=self.locale)
        return [details.email] if details else []

    def sender_address(self, form):
        for field in self.get_form_fields():
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name):
                return form.cleaned_data[field.clean_name]
        return None

    def send_mail(self, form):
        addresses = self.office_addresses()
        if not addresses:
            return
        sender = self.sender_address(form)
        message = EmailMessage(
            subject=self.subject or self.title,
            body=self.render_email(form),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=addresses,
            reply_to=[sender] if sender else None,
        )
        message.send()

    def render_email(self, form):
        consent = form.fields.pop(CONSENT_FIELD, None)
        try:
            return super().render_email(form)
        finally:
            if consent is not None:
                form.fields[CONSENT_FIELD] = consent
