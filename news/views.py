from wagtail.views import serve


def calendar(request, path, name):
    """`<page>/events.ics` and `<page>/event.ics`: Wagtail's page URLs admit no dot, so
    these addresses come here and go on through Wagtail's own serving (routing, privacy,
    hooks) to the page's `events.ics/` or `event.ics/` route."""
    return serve(request, f"{path}{name}.ics/")
