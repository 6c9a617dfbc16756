import datetime

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
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
from home.slugs import LatinSlugMixin

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


class ContactPage(
    LatinSlugMixin, EditorialPagePermissionsMixin, PrimedViewRestrictionsMixin, AbstractEmailForm
):
    search_result_type = "page"  # search/registry.py
    search_result_date_field = None

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
        verbose_name_plural = _("contact pages")

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
                rejection = spam.claim(request, self)
            if rejection is None and form.is_valid():
                submission = self.process_form_submission(form)
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
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        # The form's token is single-use: a cached copy would hand one to every visitor.
        add_never_cache_headers(response)
        return response

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


class UsedFormToken(models.Model):
    """The nonce of a contact form token that has been sent once (contact.spam): a
    replay of the same form is refused. Kept only as long as a token is valid."""

    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("used contact form token")

    def __str__(self):
        return self.nonce

    @classmethod
    def spend(cls, nonce, *, keep_seconds):
        """True the first time `nonce` is spent, False ever after. The unique index
        decides, so two concurrent posts of one form cannot both pass."""
        try:
            with transaction.atomic():
                cls.objects.create(nonce=nonce)
        except IntegrityError:
            return False
        # Purged as tokens are spent: a token older than this is refused by its age anyway.
        cutoff = timezone.now() - datetime.timedelta(seconds=keep_seconds)
        cls.objects.filter(used_at__lt=cutoff).delete()
        return True


class ContactRateCounter(models.Model):
    """How many contact messages one address has sent in one rate-limit window."""

    address = models.CharField(max_length=45)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contact rate counter")
        constraints = [
            models.UniqueConstraint(
                fields=["address", "window_start"], name="contact_rate_counter_unique_window"
            )
        ]

    def __str__(self):
        return f"{self.address} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"

    @classmethod
    def take(cls, address, *, limit, window):
        """Take one of `address`'s `limit` submissions in the current fixed window of
        `window` seconds: True when one was left. A conditional UPDATE (count < limit)
        does the counting, so concurrent posts can never take more than the limit."""
        now = int(timezone.now().timestamp())
        start = datetime.datetime.fromtimestamp(now // window * window, tz=datetime.UTC)
        try:
            # get_or_create recovers from a concurrent insert of the same row by reading it.
            _counter, created = cls.objects.get_or_create(address=address, window_start=start)
        except IntegrityError:
            created = False
        if created:
            # Purged as windows open: older rows count for nothing.
            cls.objects.filter(window_start__lt=start).delete()
        taken = cls.objects.filter(address=address, window_start=start, count__lt=limit).update(
            count=F("count") + 1
        )
        return taken == 1
