from django.urls import path, register_converter

from schakel.cases import views
from schakel.cases.sections import SectionConverter

app_name = "cases"

# Only the known section names match, so the other parts' paths under a case
# (plan/, acties/, afschalen/ …) are never taken by this pattern.
register_converter(SectionConverter, "casusonderdeel")

urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("<int:pk>/", views.case_detail_view, name="detail"),
    path("<int:pk>/samenvoegen/", views.case_merge_view, name="merge"),
    path("<int:pk>/<casusonderdeel:section>/", views.case_section_view, name="section"),
]
