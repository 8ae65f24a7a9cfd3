"""The project's URLs plus one view that fails, for the 500 page (test_error_pages.py)."""

from django.urls import path

from schakel.urls import handler400, handler500
from schakel.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("een fout in Schakel zelf")


urlpatterns = [
    *project_urlpatterns,
    path("test-fout/", failing_view),
    path("api/test-fout/", failing_view),
]

__all__ = ["handler400", "handler500", "urlpatterns"]
