# Production image of Congress Office: gunicorn serving Django, the same image runs the
# Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=congress_office.settings.production

# gettext compiles the translations; the Noto CJK fonts and Pango print Chinese in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 congress
WORKDIR /app

COPY pyproject.toml README.md ./
COPY congress_office congress_office
COPY delegates delegates
COPY sessions sessions
COPY proposals proposals
COPY evaluations evaluations
RUN pip install .

COPY . .
# Build-time values only, for collectstatic and compilemessages; never kept in the image.
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    ALLOWED_HOSTS=localhost \
    python manage.py compilemessages --ignore=.venv \
    && SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R congress:congress /app/media

USER congress
EXPOSE 8000
CMD ["gunicorn", "congress_office.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
