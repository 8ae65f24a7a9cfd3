from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/list.html", {})


def not_built_yet_view(request: HttpRequest, **kwargs) -> HttpResponse:
    raise Http404
