"""Addresses the site writes into its pages, feeds and files, safe from the request path.

A request path is whatever the client sent: under gunicorn `GET //evil.example/x` arrives
with the path `//evil.example/x`, which a browser, `urljoin` and Django's
`build_absolute_uri(path)` all read as an address on another host. So:

- a link made from the request path goes through `local_path`, which never starts with
  two slashes (nor with a slash and a backslash, or with characters browsers drop);
- an absolute address is `site_origin(request)` (the scheme and the host Django checked
  against ALLOWED_HOSTS, never anything taken from the path) followed by a local path.
"""

import re

# Slashes, backslashes (browsers read `/\\host` as `//host`) and control characters and
# spaces (browsers drop tabs and line breaks inside an address).
LEADING_NOISE = re.compile(r"^[/\\\x00-\x20\x7f]+")


def local_path(path):
    """`path` as an address on this site: exactly one leading slash."""
    return "/" + LEADING_NOISE.sub("", path or "")


def site_origin(request):
    """`scheme://host` of the site that answers `request`."""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request, url):
    """`url` (a site-relative address, or an absolute http(s) one such as Wagtail's
    address of a page on another site) as an absolute address."""
    if url.startswith(("http://", "https://")):
        return url
    return site_origin(request) + local_path(url)
