"""Security headers, the client address and the two-factor gate.

The public site runs under a strict Content-Security-Policy (scripts and styles from this
origin only, no inline code). Wagtail's admin still relies on inline scripts and styles
(its preview, choosers and the wagtail-localize editor), so paths under /admin/ get a
policy of their own that keeps them working while still limiting where content may come
from and who may frame the pages.
"""

import functools
import ipaddress

from asgiref.sync import sync_to_async
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin policy (settings.CSP_ADMIN_DIRECTIVES) on
    admin paths. A view's own @csp_replace/@csp_update still wins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        return parts


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies,
    the address the outermost trusted proxy saw (the Nth from the right of X-Forwarded-For).
    None when there is no valid address (a request built in code)."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) < count:
        return remote
    return _valid_ip(forwarded[-count]) or remote


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip_for_axes(request, *args, **kwargs):
    return client_ip(request)


def user_needs_second_factor(user):
    """Administrators must use two-factor authentication when REQUIRE_2FA_FOR_ADMINS is on."""
    if not getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False):
        return False
    return user.is_superuser or user.groups.filter(name="Administrators").exists()


def user_must_pass_second_factor(user):
    """Whether a signed-in user has to enter a code before being trusted: they have a
    confirmed device, or they are an administrator and REQUIRE_2FA_FOR_ADMINS is on."""
    from django_otp import user_has_device

    return user_has_device(user) or user_needs_second_factor(user)


def public_site_user(user):
    """The user as the public site sees them. A session that has not passed its second
    factor counts as anonymous: the password alone opens no private page or document."""
    if user.is_authenticated and not user.is_verified() and user_must_pass_second_factor(user):
        anonymous = AnonymousUser()
        anonymous.otp_device = None
        anonymous.is_verified = lambda: False
        return anonymous
    return user


class AdminTwoFactorMiddleware:
    """The two-factor gate. Goes after django_otp.middleware.OTPMiddleware.

    In the admin: a user with a TOTP device must enter a code once per session; an
    administrator without one, when it is required, must set one up (both are redirects,
    since the admin has nothing to show without them).

    On the public site: such an unverified session is simply anonymous. A redirect there
    would stop the user from reading even public pages; as an anonymous visitor they see
    the public site as everyone does, and a private page answers with its login form,
    which (biopa.twofactor.FrontendLoginView) leads on to the code and back to the page.
    The check is lazy, so pages that never look at the user do not load the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith(ADMIN_PREFIX):
            self._hide_unverified_user(request)
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self._exempt(path)
        ):
            from django_otp import user_has_device

            if user_has_device(user):
                return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
            if user_needs_second_factor(user):
                return redirect(reverse("two_factor_setup"))
        return self.get_response(request)

    @staticmethod
    def _hide_unverified_user(request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(public_site_user, user))
        auser = getattr(request, "auser", None)
        if auser is not None:

            async def public_auser():
                return await sync_to_async(public_site_user)(await auser())

            request.auser = public_auser

    @staticmethod
    def _exempt(path):
        exempt = (
            reverse("two_factor_verify"),
            reverse("two_factor_setup"),
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            f"{ADMIN_PREFIX}password_reset/",
            "/admin/jsi18n/",
        )
        return path.startswith(exempt)
