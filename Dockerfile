# Production image of Congress Office. The one image runs every application process of
# docker-compose.yml: gunicorn (the default command), the migrations, Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=congress_office.settings.production

# The system packages of bin/install.sh: gettext compiles the translations; the Noto CJK
# fonts and Pango are what WeasyPrint needs to print Chinese text in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

# Every process runs as this account, never as root.
RUN useradd --create-home --no-log-init --uid 1000 --user-group congress

WORKDIR /app

# The dependencies first, at the locked versions with their hashes (requirements/base.txt:
# no dev extras; bin/lock refreshes it), so this layer is rebuilt only when the lock changes,
# not at every change of the code.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

# Then the code, and the project itself without dependencies: nothing unlocked comes in.
COPY . .
RUN pip install --no-deps . && rm -rf build ./*.egg-info

# Translations and static files are built into the image. The settings insist on a secret
# key and allowed hosts: build-only values, set for this one command and never kept.
RUN export SECRET_KEY=build-only-dummy-key-not-used-at-run-time-build-only-dummy-key \
        ALLOWED_HOSTS=build.invalid \
        DJANGO_SETTINGS_MODULE=congress_office.settings.production \
    && python manage.py compilemessages --ignore=.venv --verbosity=0 \
    && python manage.py collectstatic --noinput --verbosity=0 \
    && mkdir -p /app/media \
    && chown congress:congress /app/media

USER congress
EXPOSE 8000
CMD ["gunicorn", "congress_office.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
