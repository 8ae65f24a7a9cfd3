"""The case page's paths. They join the "cases" namespace in schakel/urls.py, so
cases:detail and cases:section keep their names while cases does not import the page."""

from django.urls import path, register_converter

from schakel.cases.sections import SectionConverter
from schakel.home import views

# Only the known section names match, so the other parts' paths under a case
# (plan/, acties/, afschalen/ …) are never taken by this pattern.
register_converter(SectionConverter, "casusonderdeel")

urlpatterns = [
    path("<int:pk>/", views.case_detail_view, name="detail"),
    path("<int:pk>/<casusonderdeel:section>/", views.case_section_view, name="section"),
]
