"""Local development: `make run`. A throwaway secret if none is given.

DEBUG stays off unless DEBUG=true, so that `make run` answers visitors (and monitors such
as check-contract) exactly as production does: real 404 and 500 pages, no debug output.
WhiteNoise serves the static files straight from the apps and media files are served by
Django, so nothing needs collecting.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# DeepL when DEEPL_API_KEY is set (base.py), else wagtail-localize's dummy translator.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = globals().get("WAGTAILLOCALIZE_MACHINE_TRANSLATOR") or {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
