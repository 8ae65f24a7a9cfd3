from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schakel.home.selectors import worklist_for


@login_required
def worklist_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home/worklist.html", {"worklist": worklist_for(user=request.user)})


def accessibility_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home/accessibility.html")


def privacy_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home/privacy.html")
