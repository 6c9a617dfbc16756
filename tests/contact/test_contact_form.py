import html
import logging
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission

from contact import spam
from contact.models import ContactPage, FormField
from tests.conftest import add_page, get_with_queries

pytestmark = pytest.mark.django_db


def in_greek(message):
    with translation.override("el"):
        return translation.gettext(message)


def shows(response, message):
    return in_greek(message) in html.unescape(response.text)


def form_data(page, **overrides):
    data = {
        "name": "Μαρία Παπαδάκη",
        "email": "maria@example.com",
        "subject": page.form_fields.get(clean_name="subject").choices.splitlines()[0],
        "message": "Θα ήθελα πληροφορίες για την εγκατάσταση.",
        "consent": "on",
        spam.TIMESTAMP_FIELD: spam.make_token(page, at=time.time() - 30),
        spam.HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


class RecordingHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def spam_log():
    handler = RecordingHandler()
    logger = logging.getLogger("contact.spam")
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


def test_contact_page_shows_form_office_details_and_privacy_link(client, contact_pages):
    response = client.get("/el/contact/")
    assert response.status_code == 200
    html = response.text
    for label in ("Ονοματεπώνυμο", "Ηλεκτρονικό ταχυδρομείο", "Θέμα", "Μήνυμα"):
        assert label in html
    assert 'href="/el/privacy/"' in html
    assert 'name="consent"' in html
    assert "+30 28310 00000" in html and "info@example.com" in html
    assert "Δευτέρα–Παρασκευή" in html


def test_english_contact_page_has_translated_labels_and_choices(client, contact_pages):
    response = client.get("/en/contact/")
    assert response.status_code == 200
    assert "Full name" in response.text
    assert '<option value="Setting up a business">' in response.text
    assert 'href="/en/privacy/"' in response.text
    assert "Monday–Friday" in response.text


def test_form_fields_are_translatable_inline_objects_sharing_machine_names(contact_pages):
    greek, english = contact_pages
    greek_names = [f.clean_name for f in greek.form_fields.all()]
    english_names = [f.clean_name for f in english.form_fields.all()]
    assert greek_names == english_names == ["name", "email", "subject", "message"]
    greek_subject = greek.form_fields.get(clean_name="subject")
    english_subject = english.form_fields.get(clean_name="subject")
    assert english_subject.translation_key == greek_subject.translation_key
    assert english_subject.label == "Subject"


def test_valid_submission_is_stored_and_emailed_with_reply_to(client, contact_pages):
    greek, _english = contact_pages
    response = client.post("/el/contact/", form_data(greek))
    assert response.status_code == 200
    assert "Λάβαμε το μήνυμά σας" in response.text
    submission = FormSubmission.objects.get(page=greek)
    assert submission.get_data()["email"] == "maria@example.com"
    assert submission.get_data()["consent"] is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["info@example.com"]  # the office e-mail of the site details
    assert message.reply_to == ["maria@example.com"]
    assert "Θα ήθελα πληροφορίες" in message.body
    assert "Νέο μήνυμα" in message.subject


def test_to_address_of_the_page_overrides_the_office_address(client, contact_pages):
    greek, _english = contact_pages
    greek.to_address = "office@example.com, director@example.com"
    greek.save_revision().publish()
    client.post("/el/contact/", form_data(greek))
    assert mail.outbox[0].to == ["office@example.com", "director@example.com"]


def test_honeypot_filled_in_is_rejected_and_logged(client, contact_pages, spam_log):
    greek, _english = contact_pages
    response = client.post("/el/contact/", form_data(greek, website="http://spam.example"))
    assert response.status_code == 400
    assert shows(response, "Your message could not be sent. Please leave the last field empty.")
    assert not FormSubmission.objects.exists() and not mail.outbox
    assert "reason=honeypot" in spam_log[0] and "rejected_total=1" in spam_log[0]
    client.post("/el/contact/", form_data(greek, website="again"))
    assert "rejected_total=2" in spam_log[1]


def test_form_sent_faster_than_a_person_can_type_is_rejected(client, contact_pages, spam_log):
    greek, _english = contact_pages
    data = form_data(greek, **{spam.TIMESTAMP_FIELD: spam.make_token(greek)})
    response = client.post("/el/contact/", data)
    assert response.status_code == 400
    assert shows(
        response, "The form was sent too quickly. Please check your message and send it again."
    )
    assert not FormSubmission.objects.exists()
    assert "reason=too_fast" in spam_log[0]
    # The form comes back filled in, with a fresh token, so a person can send it again.
    assert "Θα ήθελα πληροφορίες" in response.text


@pytest.mark.parametrize("token", ["", "garbage", "eyJhIjoxfQ:1abc:forged"])
def test_missing_or_forged_timestamp_is_rejected(client, contact_pages, spam_log, token):
    greek, _english = contact_pages
    response = client.post("/el/contact/", form_data(greek, **{spam.TIMESTAMP_FIELD: token}))
    assert response.status_code == 400
    assert shows(response, "The form has expired. Please check your message and send it again.")
    assert not FormSubmission.objects.exists()
    assert "reason=token" in spam_log[0]


def test_form_left_open_for_days_must_be_sent_again(client, contact_pages, spam_log):
    greek, _english = contact_pages
    old = spam.make_token(greek, at=time.time() - 3 * 24 * 3600)
    response = client.post("/el/contact/", form_data(greek, **{spam.TIMESTAMP_FIELD: old}))
    assert response.status_code == 400
    assert "reason=expired" in spam_log[0]


def test_a_person_who_waits_after_opening_the_form_gets_through(
    client, contact_pages, time_machine
):
    greek, _english = contact_pages
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    page = client.get("/el/contact/")
    token = page.context["timestamp_token"]
    time_machine.shift(20)
    response = client.post("/el/contact/", form_data(greek, **{spam.TIMESTAMP_FIELD: token}))
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1


def test_rate_limit_per_address_with_a_clear_message(client, contact_pages, spam_log):
    greek, _english = contact_pages
    for _ in range(5):
        assert client.post("/el/contact/", form_data(greek)).status_code == 200
    response = client.post("/el/contact/", form_data(greek))
    assert response.status_code == 429
    assert shows(
        response,
        "You have sent several messages in a short time. Please wait a few minutes "
        "and try again, or call or e-mail the park office.",
    )
    assert FormSubmission.objects.count() == 5
    assert "reason=rate_limit" in spam_log[0]
    # Another address is not affected.
    other = client.post("/el/contact/", form_data(greek), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_rate_limit_window_passes(client, contact_pages, time_machine):
    greek, _english = contact_pages
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    for _ in range(5):
        client.post("/el/contact/", form_data(greek))
    assert client.post("/el/contact/", form_data(greek)).status_code == 429
    time_machine.shift(11 * 60)
    # The counter's window is read from the clock, which time-machine moves.
    assert client.post("/el/contact/", form_data(greek)).status_code == 200


def test_consent_is_required(client, contact_pages):
    _greek, english = contact_pages
    data = form_data(english)
    del data["consent"]
    response = client.post("/en/contact/", data)
    assert response.status_code == 200
    assert "Please agree to the privacy notice" in response.text
    assert not FormSubmission.objects.exists()


def test_errors_are_in_the_visitors_language(client, contact_pages):
    greek, english = contact_pages
    greek_response = client.post("/el/contact/", form_data(greek, name=""))
    assert "Το πεδίο αυτό είναι απαραίτητο" in greek_response.text
    english_response = client.post("/en/contact/", form_data(english, name=""))
    assert "This field is required." in english_response.text
    assert not FormSubmission.objects.exists()


def test_csrf_is_enforced(contact_pages):
    greek, _english = contact_pages
    client = Client(enforce_csrf_checks=True)
    assert client.post("/el/contact/", form_data(greek)).status_code == 403
    assert not FormSubmission.objects.exists()
    page = client.get("/el/contact/")
    token = page.context["csrf_token"]
    response = client.post("/el/contact/", form_data(greek, csrfmiddlewaretoken=str(token)))
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1


def test_submissions_are_exportable_from_the_admin(client, contact_pages, django_user_model):
    greek, _english = contact_pages
    client.post("/el/contact/", form_data(greek))
    admin = django_user_model.objects.create_superuser("editor", "e@example.com", "x" * 16)
    client.force_login(admin)
    url = reverse("wagtailforms:list_submissions", args=[greek.pk])
    listing = client.get(url)
    assert listing.status_code == 200
    assert "maria@example.com" in listing.text
    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert "maria@example.com" in body.decode("utf-8")


def test_editors_add_fields_in_the_admin(client, contact_pages, django_user_model):
    greek, _english = contact_pages
    admin = django_user_model.objects.create_superuser("editor", "e@example.com", "x" * 16)
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[greek.pk]))
    assert response.status_code == 200
    assert "form_fields-TOTAL_FORMS" in response.text
    FormField.objects.create(page=greek, label="Τηλέφωνο", field_type="singleline", required=False)
    assert "Τηλέφωνο" in client.get("/el/contact/").text


def test_contact_page_query_count_does_not_grow_with_fields(client, contact_pages):
    greek, _english = contact_pages
    client.get("/el/contact/")

    def count():
        client.get("/el/contact/")  # the chrome's fragments, rebuilt after a change
        response, queries = get_with_queries(client, "/el/contact/")
        assert response.status_code == 200
        return len(queries)

    before = count()
    for number in range(6):
        FormField.objects.create(
            page=greek, label=f"Πεδίο {number}", field_type="singleline", required=False
        )
    assert count() == before <= QUERIES


def test_only_one_contact_page_per_home(home_el):
    assert ContactPage.can_create_at(home_el)
    add_page(home_el, ContactPage(title="Επικοινωνία", slug="contact"))
    assert not ContactPage.can_create_at(home_el)


# At most: 5 for any page (site, route, the page, office details, menu), + form fields +
# the privacy notice's link; the office details and the menu come from the fragment cache
# (biopa.cache.fragment) once built.
QUERIES = 7
