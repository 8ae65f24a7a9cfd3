from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schakel.core.selectors import worklist_for


@login_required
def worklist_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/worklist.html", {"worklist": worklist_for(user=request.user)})


def accessibility_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
