import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.production")

application = get_wsgi_application()

# What the application has loaded (Django, the apps, their models, admin and settings) lives
# as long as the process: frozen, the collector no longer walks it on each full collection,
# which a worker otherwise runs every few hundred requests, about 50 ms each, mostly on the
# requests that make the most objects, a ballot's (decision 306). Nothing loaded here is
# garbage to collect later.
gc.freeze()
