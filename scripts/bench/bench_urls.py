"""Schakel's URLs plus the benchmark's bare page.

The bare page passes the same middleware as every page (session read and write, CSRF,
authentication, two-factor, security headers, the access-log middleware) and then does
nothing: its throughput is the limit no page of Schakel can pass on this machine.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from schakel.urls import urlpatterns as schakel_urlpatterns

BARE_PATH = "bench/kaal/"


def bare_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("kaal", content_type="text/plain; charset=utf-8")


urlpatterns = [path(BARE_PATH, bare_view, name="bench_bare"), *schakel_urlpatterns]
