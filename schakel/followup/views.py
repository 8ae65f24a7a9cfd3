from django.http import Http404, HttpRequest, HttpResponse

"""Views of this part; see urls.py."""


def not_built_yet_view(request: HttpRequest, **kwargs) -> HttpResponse:
    raise Http404
