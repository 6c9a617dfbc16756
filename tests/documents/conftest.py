import pytest


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    """These tests log users in without a request address; django-axes' login records
    (an IP address column) are not what they are about."""
    settings.AXES_ENABLED = False
