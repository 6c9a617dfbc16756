"""Spam defences of the contact form, with no third-party scripts: a honeypot field, a
minimum fill time (a signed, single-use timestamp in a hidden field) and a per-address rate
limit. Every rejection is logged with a running count, so nothing is dropped silently.

The single use and the rate limit are kept in the database (contact.models.UsedFormToken,
ContactRateCounter), not in the cache: they must hold under concurrent posts and while the
cache is down."""

import logging
import secrets
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


EXPIRED = _("The form has expired. Please check your message and send it again.")


def make_token(page, *, at=None):
    """The hidden field's value: the page, the moment the form was shown and a random
    nonce that makes it single-use, signed."""
    return signing.dumps(
        {"page": page.pk, "at": time.time() if at is None else at, "n": secrets.token_hex(16)},
        salt=SALT,
    )


def _read_token(request, page):
    """(moment the form was shown, nonce) of the POSTed token, or None when it is missing,
    forged, of another page or from before tokens carried a nonce."""
    try:
        data = signing.loads(request.POST.get(TIMESTAMP_FIELD, ""), salt=SALT)
        started = float(data["at"])
        nonce = str(data["n"])
        if data["page"] != page.pk or not nonce:
            raise ValueError("token of another page")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return started, nonce


def check(request, page):
    """The Rejection of a POST to `page` by what it carries (honeypot, token, fill time),
    or None. Nothing is recorded: claim() does that once the form is valid."""
    if request.POST.get(HONEYPOT_FIELD, ""):
        return Rejection(
            "honeypot",
            _("Your message could not be sent. Please leave the last field empty."),
            400,
        )
    token = _read_token(request, page)
    if token is None:
        return Rejection("token", EXPIRED, 400)
    started, _nonce = token
    elapsed = time.time() - started
    if elapsed > max_form_age_seconds():
        return Rejection("expired", EXPIRED, 400)
    if elapsed < min_fill_seconds():
        return Rejection(
            "too_fast",
            _("The form was sent too quickly. Please check your message and send it again."),
            400,
        )
    return None


def claim(request, page):
    """Spend the POST's token and take one of its address's submissions in the current
    window, just before the submission is stored: the Rejection when either is gone (a
    replayed token, the limit reached), else None. Both are single atomic statements, so
    concurrent posts cannot store more than the limit nor reuse a token."""
    from .models import ContactRateCounter, UsedFormToken

    _started, nonce = _read_token(request, page)
    if not UsedFormToken.spend(nonce, keep_seconds=max_form_age_seconds()):
        return Rejection("replay", EXPIRED, 400)
    limit, window = rate_limit()
    if not ContactRateCounter.take(client_ip(request) or "", limit=limit, window=window):
        return Rejection(
            "rate_limit",
            _(
                "You have sent several messages in a short time. Please wait a few minutes "
                "and try again, or call or e-mail the park office."
            ),
            429,
        )
    return None


def log_rejection(request, page, rejection):
    """Log a rejected attempt with the number of rejections for that reason so far."""
    key = f"contact:rejected:{rejection.reason}"
    try:
        if cache.add(key, 1, timeout=None):
            total = 1
        else:
            try:
                total = cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=None)
                total = 1
    except Exception:  # the count is a convenience: with the cache down the line is logged
        total = None
    logger.warning(
        "Contact form submission rejected: reason=%s page=%s ip=%s rejected_total=%s fields=%s",
        rejection.reason,
        page.pk,
        client_ip(request),
        total,
        sorted(k for k in request.POST if k != "csrfmiddlewaretoken")[:20],
    )
    return total
