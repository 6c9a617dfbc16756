from django.template.response import TemplateResponse


def search(request):
    """Placeholder until the site search lands: the form alone."""
    query = request.GET.get("q", "")[:200]
    return TemplateResponse(request, "search/search.html", {"search_query": query})
