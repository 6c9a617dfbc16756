"""Spam defences of the contact form, with no third-party scripts: a honeypot field, a
minimum fill time (a signed timestamp in a hidden field) and a per-address rate limit.
Every rejection is logged with a running count, so nothing is dropped silently."""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from biopa.security import client_ip

logger = logging.getLogger("contact.spam")

HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "form_started"
SALT = "contact.form.started"


@dataclass(frozen=True)
class Rejection:
    reason: str
    message: str
    status: int


def min_fill_seconds():
    return getattr(settings, "CONTACT_MIN_FILL_SECONDS", 3)


def max_form_age_seconds():
    return getattr(settings, "CONTACT_MAX_FORM_AGE_SECONDS", 24 * 60 * 60)


def rate_limit():
    """(submissions, seconds): how many submissions one address may send per window."""
    return getattr(settings, "CONTACT_RATE_LIMIT", (5, 10 * 60))


def make_token(page, *, at=None):
    """The hidden field's value: the page and the moment the form was shown, signed."""
    return signing.dumps({"page": page.pk, "at": time.time() if at is None else at}, salt=SALT)


def _rate_key(request):
    return f"contact:rate:{client_ip(request)}"


def check(request, page):
    """The Rejection of a POST to `page`, or None when it may be processed."""
    if request.POST.get(HONEYPOT_FIELD, ""):
        return Rejection(
            "honeypot",
            _("Your message could not be sent. Please leave the last field empty."),
            400,
        )
    try:
        data = signing.loads(request.POST.get(TIMESTAMP_FIELD, ""), salt=SALT)
        started = float(data["at"])
        if data["page"] != page.pk:
            raise ValueError("token of another page")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Rejection(
            "token",
            _("The form has expired. Please check your message and send it again."),
            400,
        )
    elapsed = time.time() - started
    if elapsed > max_form_age_seconds():
        return Rejection(
            "expired",
            _("The form has expired. Please check your message and send it again."),
            400,
        )
    if elapsed < min_fill_seconds():
        return Rejection(
            "too_fast",
            _("The form was sent too quickly. Please check your message and send it again."),
            400,
        )
    limit, _window = rate_limit()
    if cache.get(_rate_key(request), 0) >= limit:
        return Rejection(
            "rate_limit",
            _(
                "You have sent several messages in a short time. Please wait a few minutes "
                "and try again, or call or e-mail the park office."
            ),
            429,
        )
    return None


def count_submission(request):
    """Count an accepted submission against the sender's address."""
    key = _rate_key(request)
    _limit, window = rate_limit()
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window)


def log_rejection(request, page, rejection):
    """Log a rejected attempt with the number of rejections for that reason so far."""
    key = f"contact:rejected:{rejection.reason}"
    if not cache.add(key, 1, timeout=None):
        try:
            total = cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=None)
            total = 1
    else:
        total = 1
    logger.warning(
        "Contact form submission rejected: reason=%s page=%s ip=%s rejected_total=%s fields=%s",
        rejection.reason,
        page.pk,
        client_ip(request),
        total,
        sorted(k for k in request.POST if k != "csrfmiddlewaretoken")[:20],
    )
    return total
