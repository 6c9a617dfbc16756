"""Optional TOTP two-factor authentication (django-otp): a page to set up an authenticator
app from a QR code, a page to enter the code after login, and the public site's login form
(Wagtail's `_util/login/`, used by private pages and documents), which sends a user who has
a second factor on to enter it. biopa.security.AdminTwoFactorMiddleware sends users to them.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .security import user_needs_second_factor


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6,8}\s*$",
        error_messages={"invalid": _("Enter the 6-digit code shown in the app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def qr_svg(data):
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@login_required
def setup(request):
    if user_has_device(request.user):
        return redirect("two_factor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            return redirect("wagtailadmin_home")
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
    }
    return render(request, "security/two_factor_setup.html", context)


@never_cache
@login_required
def verify(request):
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right. Try the current one."))
    return render(
        request, "security/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


class FrontendLoginView(auth_views.LoginView):
    """The login form of private pages and documents, in the site's own look. The password
    alone does not open anything private to a user who must use a second factor
    (AdminTwoFactorMiddleware treats them as anonymous outside the admin until verified),
    so such a user is sent straight on to the code form, which then returns to the page."""

    template_name = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_TEMPLATE", "wagtailcore/login.html")
    # Without a `next`, to the home page of the visitor's language.
    next_page = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if user_has_device(user):
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('two_factor_verify')}?{query}")
        if user_needs_second_factor(user):
            return redirect("two_factor_setup")
        return response
