import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
application = get_wsgi_application()

# Loaded by the web server (and by runserver) only, never by management commands or tests:
# the first plan PDF would otherwise carry WeasyPrint's start-up cost.
from schakel.plans.printing import warm_up_in_background  # noqa: E402

warm_up_in_background()
