"""Demo content of the contact app: the contact page with its form, in Greek and English."""

from home.demo import greek_home
from home.demo_tools import get_or_add_child, locales, translate

from .models import ContactPage, FormField


def build(glossary, log):
    t = glossary.t
    _greek, english = locales()
    home = greek_home()
    page = ContactPage(
        title=t("Επικοινωνία", "Contact"),
        slug="contact",
        show_in_menus=True,
        locale=home.locale,
        intro=glossary.rich(
            "<p>Γράψτε μας για οτιδήποτε αφορά το πάρκο: εγκατάσταση επιχείρησης, έγγραφα, "
            "εκδηλώσεις. Απαντάμε μέσα σε δύο εργάσιμες ημέρες.</p>",
            "<p>Write to us about anything to do with the park: setting up a business, "
            "documents, events. We answer within two working days.</p>",
        ),
        thank_you_text=glossary.rich(
            "<p>Ευχαριστούμε! Λάβαμε το μήνυμά σας και θα σας απαντήσουμε σύντομα.</p>",
            "<p>Thank you! We have received your message and will answer you soon.</p>",
        ),
        subject=t("Νέο μήνυμα από τη φόρμα επικοινωνίας", "New message from the contact form"),
    )
    fields = [
        ("name", "singleline", t("Ονοματεπώνυμο", "Full name"), "", ""),
        ("email", "email", t("Ηλεκτρονικό ταχυδρομείο", "E-mail"), "", ""),
        (
            "subject",
            "dropdown",
            t("Θέμα", "Subject"),
            t(
                "Εγκατάσταση επιχείρησης\nΈγγραφα και αιτήσεις\nΕκδηλώσεις\nΆλλο",
                "Setting up a business\nDocuments and applications\nEvents\nOther",
            ),
            "",
        ),
        (
            "message",
            "multiline",
            t("Μήνυμα", "Message"),
            "",
            t("Γράψτε το μήνυμά σας εδώ.", "Write your message here."),
        ),
    ]
    for name, field_type, label, choices, help_text in fields:
        page.form_fields.add(
            FormField(
                clean_name=name,
                field_type=field_type,
                label=label,
                choices=choices,
                help_text=help_text,
                required=True,
            )
        )
    page, created = get_or_add_child(home, page)
    if created:
        log(f"Created {page.title}")
    translate(page, glossary, english)
    return page
