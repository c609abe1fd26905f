# Production-like image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=marketplace.settings.production

WORKDIR /app
RUN useradd --create-home --uid 1000 app

COPY pyproject.toml README.md ./
COPY marketplace marketplace
COPY accounts accounts
COPY students students
COPY employers employers
COPY universities universities
COPY projects projects
COPY applications applications
COPY engagements engagements
COPY courses courses
COPY calendars calendars
COPY credentials credentials
COPY invitations invitations
COPY reports reports
COPY matching matching
COPY exploration exploration
COPY notifications notifications
COPY demo demo
COPY templates templates
COPY static static
COPY manage.py ./
RUN pip install . \
    && DJANGO_SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
       EMAIL_URL=consolemail:// python manage.py collectstatic --noinput \
    && mkdir -p /app/.media /app/.private-media && chown -R app /app/.media /app/.private-media

USER app
EXPOSE 8000
CMD ["gunicorn", "marketplace.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
