"""The project's URLs, plus a stand-in for a menu entry whose app is built in parallel.

The menu in the base template reverses "organisations:index" for managers and
beheerders (whose 403 page we render). Once that app defines the name, its real view
is used and the stand-in is not added.
"""

from importlib import import_module

from django.http import HttpResponse
from django.urls import include, path

from schakel import urls as project_urls

MENU_NAMES = {"schakel.organisations.urls": ("index",)}


def _stand_in(request, **kwargs):
    return HttpResponse("stand-in")


def _with_stand_ins(module_name: str, names: tuple[str, ...]):
    module = import_module(module_name)
    present = {getattr(pattern, "name", None) for pattern in module.urlpatterns}
    missing = [name for name in names if name not in present]
    stand_ins = [path(f"__stand-in__/{name}/", _stand_in, name=name) for name in missing]
    return [*module.urlpatterns, *stand_ins], module.app_name


urlpatterns = []
for entry in project_urls.urlpatterns:
    module_name = getattr(getattr(entry, "urlconf_module", None), "__name__", None)
    if module_name in MENU_NAMES:
        included = include(_with_stand_ins(module_name, MENU_NAMES[module_name]))
        urlpatterns.append(path(str(entry.pattern), included))
    else:
        urlpatterns.append(entry)
