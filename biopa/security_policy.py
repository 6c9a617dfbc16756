"""The Content-Security-Policy directives, kept apart from the middleware so that the
settings can import them without importing Django's request machinery."""

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE

# Video embeds in the body blocks of the public pages.
EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]


def public_csp_directives(extra_media_sources=()):
    media = [SELF, "data:", *extra_media_sources]
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": media,
        "media-src": [SELF, *extra_media_sources],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }


def admin_csp_directives(extra_media_sources=()):
    return {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:", *extra_media_sources],
        "media-src": [SELF, "blob:", "https:", *extra_media_sources],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, "https:"],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
