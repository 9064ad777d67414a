# CCHC Tracker: one image for the web app (gunicorn) and the background worker (db_worker).
# Used by compose.yaml; settings come from the environment as everywhere (.env.example).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --system --no-create-home --home-dir /app cchc \
    && mkdir -p /var/lib/cchc/media \
    && chown cchc:cchc /var/lib/cchc/media

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected at build time into the image (whitenoise serves them, compressed
# and with hashed names). The settings refuse to load without a SECRET_KEY; this throwaway one
# exists only for this command and is not kept in the image.
RUN DEBUG=0 SECRET_KEY=collectstatic-only-not-a-secret STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput -v0

ENV STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/cchc/media \
    WEB_CONCURRENCY=4
USER cchc
EXPOSE 8000
# gunicorn reads its number of workers from WEB_CONCURRENCY. No control socket: nothing in the
# container uses it, and the user has no home to put it in.
CMD ["gunicorn", "cchc.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "60", "--access-logfile", "-", "--no-control-socket"]
