"""The bilingual relevance set: query → expected result, through /<lang>/search/.

The site (tests/search/corpus.py) is built once for the module inside a transaction that is
rolled back at the end; each test runs in a savepoint of it.
"""

import pytest
from django.db import transaction

from . import corpus

FIRST, FOUND, ABSENT, NOTHING = "first", "found", "absent", "nothing"

CASES = [
    # accents, case and final sigma: Greek as Greeks type it (both databases)
    ("el", "οδηγός", "odigos", FIRST),
    ("el", "ΟΔΗΓΟΣ", "odigos", FIRST),
    ("el", "οδηγοσ", "odigos", FIRST),
    ("el", "Οδηγος", "odigos", FIRST),
    ("el", "ρεθυμνο", "rethymno", FIRST),
    ("el", "ΡΕΘΥΜΝΟ", "rethymno", FIRST),
    ("el", "Ρέθυμνο", "rethymno", FIRST),
    ("el", "ρεθυμνό", "rethymno", FIRST),
    ("el", "ρΕθΥμΝο", "rethymno", FIRST),
    ("el", "προυπολογισμος", "proypologismos", FIRST),
    ("el", "ΠΡΟΫΠΟΛΟΓΙΣΜΟΣ", "proypologismos", FIRST),
    ("el", "Προϋπολογισμός", "proypologismos", FIRST),
    ("el", "προσβαση", "rethymno", FIRST),  # body text written in capitals
    ("el", "διοικητικο συμβουλιο", "symvoulio", FIRST),
    ("el", "οικοπεδο", "oikopedo", FIRST),
    ("el", "εγκαταστασησ", "aitisi", FIRST),
    # inflection (both databases): the stemmer, and the cut stems where it splits a word
    ("el", "αιτήσεις", "aitisi", FIRST),
    ("el", "οικοπέδων", "oikopedo", FIRST),
    ("el", "συμβουλίου", "symvoulio", FOUND),
    ("el", "συμβούλιο", "apofasi", FOUND),
    ("el", "διαθέσιμα οικόπεδα", "oikopedo", FIRST),
    # English: no stemming needed, then stemming
    ("en", "guide", "en-guide", FIRST),
    ("en", "GUIDE", "en-guide", FIRST),
    ("en", "cafe", "en-cafe", FIRST),
    ("en", "Café", "en-cafe", FIRST),
    ("en", "plots", "en-plots", FIRST),
    ("en", "rethymno", "en-guide", FIRST),
    ("en", "registrations", "en-registration", FIRST),
    ("en", "plot", "en-plots", FIRST),
    ("en", "guides", "en-guide", FIRST),
    ("en", "registering", "en-registration", FIRST),
    # text found only inside a document's file
    ("el", "αποχέτευσης", "doc", FIRST),
    ("el", "ΑΠΟΧΕΤΕΥΣΗΣ", "doc", FIRST),
    ("el", "αποχετευσησ", "doc", FIRST),
    # phrases in quotes
    ("el", '"φωτοβολταϊκά πάνελ"', "phrase", FIRST),
    ("el", '"φωτοβολταϊκά πάνελ"', "phrase-split", ABSENT),
    ("el", "«φωτοβολταικα πανελ»", "phrase", FIRST),
    ("el", "φωτοβολταϊκά πάνελ", "phrase-split", FOUND),  # no quotes: both words anywhere
    # locale scoping: a query only finds pages of the site's language
    ("en", "οδηγός", "odigos", NOTHING),
    ("en", "ρεθυμνο", "rethymno", NOTHING),
    ("el", "guide", "en-guide", NOTHING),
    ("el", "registration", "en-registration", NOTHING),
    # drafts, private pages and private documents are never found
    ("el", "ζυμαρικών", "draft", NOTHING),
    ("el", "ιχθυοκαλλιέργειας", "private", NOTHING),
    ("el", "απόρρητος", "private-doc", NOTHING),
    ("el", "πρακτικά συνεδρίασης", "private-doc", ABSENT),
    # ranking: a title match above a body match
    ("el", "ανακύκλωση", "title-match", FIRST),
    ("el", "ανακυκλωση αποβλητων", "title-match", FIRST),
    ("el", "Περιβαλλοντική ανακύκλωση", "body-match", FIRST),
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        pages = corpus.build()
        yield {page.pk: slug for slug, page in pages.items()}
        transaction.set_rollback(True)


def _case_id(case):
    return f"{case[0]}:{case[1]}->{case[3]}:{case[2]}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_relevance(case, site, client, db):
    language, query, expected, how = case[:4]
    if expected in {"doc", "private-doc"} and not corpus.documents_available():
        pytest.skip("documents/ does not index the text of a library file yet")

    response = client.get(f"/{language}/search/", {"q": query})

    assert response.status_code == 200
    found = [
        site.get(result.page.pk, result.page.slug) for result in response.context["outcome"].results
    ]
    if how == FIRST:
        assert found and found[0] == expected, found
    elif how == FOUND:
        assert expected in found, found
    elif how == ABSENT:
        assert expected not in found, found
    else:
        assert found == [], found


def test_the_relevance_set_is_big_enough():
    assert len(CASES) >= 40
    assert {case[0] for case in CASES} == {"el", "en"}
