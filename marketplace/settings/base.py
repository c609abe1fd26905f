"""Settings shared by every environment; each value that differs comes from the environment."""

from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    # The audit trail of staff actions (accounts/audit.py says what is recorded).
    "auditlog",
    "csp",
    # PyLTI1p3's LMS platform registrations and tool keys, managed in the admin (courses/lti/apps.py).
    "courses.lti.apps.LtiToolConfig",
]
LOCAL_APPS = [
    "marketplace",
    "accounts",
    "students",
    "employers",
    "universities",
    "projects",
    "applications",
    "engagements",
    "courses",
    "calendars",
    "credentials",
    "invitations",
    "reports",
    "matching",
    "exploration",
    "notifications",
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A query string or form body holding a NUL or another control character: 400 (marketplace/text_input.py).
    "marketplace.text_input.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records the signed-in user as the actor of every audited change made during the request.
    "accounts.audit.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff (site admins, career staff) without a second factor are sent to enrol before the admin opens.
    "accounts.middleware.StaffMfaRequiredMiddleware",
    # Innermost, so every other middleware sees its answer: an HTML error under /api/ (DEBUG's technical 404
    # and 500 pages) in the API's JSON format (marketplace/api/middleware.py).
    "marketplace.api.middleware.ApiErrorsAsJsonMiddleware",
]

# Content-Security-Policy (django-csp): only the site's own scripts, styles, images and fonts; no inline
# script or style except an element carrying the request's nonce (the API docs pages); no framing; violations
# are reported to /csp-report/ (marketplace/csp_report.py), which logs them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": ["/csp-report/"],
    },
}

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marketplace.context_processors.site",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# Redis, failing over to each process's memory while Redis is down (marketplace/cache.py); short timeouts so
# an unreachable Redis costs half a second, not a hung page.
CACHES = {
    "default": {
        "BACKEND": "marketplace.cache.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "marketplace",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
# Sessions in the database alone: one primary-key read per request, and no session lost, stale or brought
# back after a logout when Redis goes away and returns (as a cache in front of them could).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts ----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "courses.forms_signup.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Micro-internships] "
ACCOUNT_SESSION_REMEMBER = None
# allauth's rate limits use the default cache (Redis). Failed logins are limited strictly per IP (10 a
# minute, 60 an hour); per account only loosely (300 an hour), above what one IP can ever reach, so an
# attacker cannot lock the owner out from elsewhere while a guessing campaign spread over many addresses
# still meets a ceiling. The second factor, not a lock-out, carries each staff account's protection.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,60/h/ip,300/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Changing an email address asks for the password (or a second factor) again if the last one is older than
# ACCOUNT_REAUTHENTICATION_TIMEOUT (allauth's default, 5 minutes); so do API tokens and the data export.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP), passkeys / security keys (WebAuthn,
# through fido2 and allauth's own scripts) and recovery codes. Optional for students and employers, required
# for staff (accounts/middleware.py). A passkey added as passwordless also signs in without the password.
# Browsers allow WebAuthn on https and on http://localhost only (not http://127.0.0.1).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Micro-internships")
# A code from the 30 seconds before or after is accepted too (phone clocks drift); each code works once.
MFA_TOTP_TOLERANCE = 1

# --- Audit trail (django-auditlog) --------------------------------------------------------------------------
# Changes to these models are recorded with who made them and when, but only when a staff member made them
# (accounts/audit.py filters the rest out): verifications, partnership decisions, career-office memberships
# and any edit of a student profile in the admin. Free text a student wrote is masked, so an erased
# account's words do not live on in the log. Explicit events (CSV exports of student data) are recorded by
# accounts.audit.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "students.StudentProfile", "mask_fields": ["bio", "links", "resume"]},
    "universities.Partnership",
    "universities.CareerStaffMembership",
    {"model": "accounts.User", "include_fields": ["role", "is_active", "is_staff", "is_superuser"]},
)
# Many-to-many fields whose changes by staff are recorded too (accounts/audit.py; auditlog's own m2m logging
# would also record what students change themselves).
AUDITED_M2M_FIELDS = [
    ("students.StudentProfile", "skills"),
    ("accounts.User", "groups"),
    ("accounts.User", "user_permissions"),
]

# --- Internationalisation ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / ".staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise from this folder.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / ".media")
MEDIA_URL = "/media/"
# Résumés, logos and deliverables: never under MEDIA_URL, served only by views that check access.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / ".private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "marketplace.uploads.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email -------------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Micro-internships <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ------------------------------------------------------------------------------------------------


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a Redis Unix socket `redis+socket://`; redis-py spells it `unix://`."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://").split("?")[0]
    return redis_url


CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=celery_broker_url(REDIS_URL))
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A task not acknowledged within this window is redelivered; it must exceed the longest task and ETA.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- REST API ----------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The token class comes first: its WWW-Authenticate header makes a missing login a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "marketplace.api.throttling.AnonThrottle",
        "marketplace.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="2000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "marketplace.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        # DRF's, with size and nesting bounded and control characters refused.
        "marketplace.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Micro-internship marketplace API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No web fonts from outside the site (templates/drf_spectacular/redoc.html drops Redoc's Google Fonts).
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {
                "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "headings": {"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
            }
        }
    },
    "DESCRIPTION": (
        "JSON API of the micro-internship marketplace. Authenticate with the browser session or with a "
        "personal token from /accounts/api-tokens/ sent as `Authorization: Bearer <token>`. Every list is "
        "paginated (`?page`, `?page_size` up to 100); every error has the body "
        '`{"type", "detail", "errors"}`.'
    ),
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The schema and its documentation pages are public; the endpoints they describe are not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "ErrorTypeEnum": "marketplace.api.errors.ERROR_TYPE_CHOICES",
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "EngagementStatusEnum": "engagements.models.EngagementStatus",
        "MilestoneStatusEnum": "engagements.models.MilestoneStatus",
        "SubmissionStatusEnum": "engagements.models.SubmissionStatus",
        "PaymentStatusEnum": "engagements.models.PaymentStatus",
        "ProjectStatusEnum": "projects.models.ProjectStatus",
        "ReportStatusEnum": "projects.models.ReportStatus",
        "MessageReportReasonEnum": "engagements.models.MessageReportReason",
        "SkillCategoryEnum": "projects.models.SkillCategory",
        "NotificationKindEnum": "notifications.models.NotificationKind",
        "CreditStatusEnum": "courses.models.CreditStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "marketplace.api.schema.add_common_error_responses",
    ],
    "TAGS": [
        {"name": "projects", "description": "Search and read projects; employers create, edit, publish."},
        {"name": "applications", "description": "Students apply and withdraw; employers decide."},
        {"name": "engagements", "description": "Milestones, messages, hours, deliverables, reviews."},
        {"name": "courses", "description": "Faculty courses; students' own courses and joining by code."},
        {"name": "course projects", "description": "Employers propose projects to courses; faculty decide."},
        {"name": "academic credit", "description": "Credit requests, evaluations, reflections, exports."},
        {"name": "students", "description": "The student's own profile."},
        {"name": "employers", "description": "Public employer pages and the employer's own organisation."},
        {"name": "notifications", "description": "The in-app notification centre."},
        {"name": "matching", "description": "Recommended projects with the reasons for each match."},
        {"name": "exploration", "description": "Career exploration, future-hire marks, talent invitations."},
        {"name": "calendar", "description": "The secret address of one's calendar feed, and resetting it."},
        {"name": "credentials", "description": "Students' verifiable credentials; verification for anyone."},
    ],
}

# --- Marketplace rules -------------------------------------------------------------------------------------
# Uploads larger than this are refused before they reach a form (the résumé limit is 5 MB, see uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

MARKETPLACE = {
    "MIN_FEE_PER_HOUR": Decimal(env.str("MARKETPLACE_MIN_FEE_PER_HOUR", default="15.00")),
    "DEFAULT_CURRENCY": env("MARKETPLACE_DEFAULT_CURRENCY", default="USD"),
    "MIN_PROJECT_HOURS": 5,
    "MAX_PROJECT_HOURS": 40,
    "AUTO_APPROVE_DAYS": env.int("MARKETPLACE_AUTO_APPROVE_DAYS", default=7),
    "REVIEW_WINDOW_DAYS": env.int("MARKETPLACE_REVIEW_WINDOW_DAYS", default=14),
    # Payment terms: a payment is due this many days after the engagement completes (or is cancelled).
    "PAYMENT_TERMS_DAYS": env.int("MARKETPLACE_PAYMENT_TERMS_DAYS", default=14),
    # No ghosting: employers are reminded of applicants waiting this long, then the application is closed.
    "EMPLOYER_NUDGE_DAYS": env.int("MARKETPLACE_EMPLOYER_NUDGE_DAYS", default=5),
    "APPLICATION_AUTO_CLOSE_DAYS": env.int("MARKETPLACE_APPLICATION_AUTO_CLOSE_DAYS", default=14),
    # Messages before the decision (engagements/services/application_messages.py): each sender at most
    # this many to one application in 24 hours; an employer member opens at most this many threads an hour.
    "APPLICATION_MESSAGES_PER_DAY": env.int("MARKETPLACE_APPLICATION_MESSAGES_PER_DAY", default=10),
    "APPLICATION_THREADS_PER_HOUR": env.int("MARKETPLACE_APPLICATION_THREADS_PER_HOUR", default=20),
    # Reminders: deadlines (saved projects, milestones, engagements) this many hours ahead; reviews still
    # owed this many days after the work ended.
    "REMINDER_LEAD_HOURS": env.int("MARKETPLACE_REMINDER_LEAD_HOURS", default=48),
    "REVIEW_REMINDER_DAYS": env.int("MARKETPLACE_REVIEW_REMINDER_DAYS", default=3),
    # New-match notices when a project is published (matching/fanout/): students scoring at least the
    # threshold, at most MAX_PER_PROJECT of them (0 = no cap; the cap is where fair rotation matters),
    # notified by batch tasks of FANOUT_BATCH students each.
    "MATCH_NOTIFY_THRESHOLD": env.int("MARKETPLACE_MATCH_NOTIFY_THRESHOLD", default=60),
    "MATCH_NOTIFY_MAX_PER_PROJECT": env.int("MARKETPLACE_MATCH_NOTIFY_MAX_PER_PROJECT", default=2000),
    "MATCH_FANOUT_BATCH": env.int("MARKETPLACE_MATCH_FANOUT_BATCH", default=5000),
    # The site's address for links in emails sent by workers, which have no request to build them from
    # (e.g. https://internships.example.edu). Empty: https on the first ALLOWED_HOSTS entry.
    "SITE_URL": env("MARKETPLACE_SITE_URL", default=""),
}

# The keys that sign Open Badges credentials (credentials/keys.py): a JSON list of Ed25519 JWKs, newest first,
# each with its "kid" (key-1, key-2...). The first with a private part ("d") signs; every key listed is
# published in /.well-known/did.json, so list retired keys (their public part is enough) for as long as the
# credentials they signed must verify. Unset: a key generated on first use into CREDENTIAL_KEY_FILE (the
# development data folder), never in production (DEBUG off and no file configured: issuing refuses).
CREDENTIAL_KEYS = env.json("MARKETPLACE_CREDENTIAL_KEYS", default=[])
CREDENTIAL_KEY_FILE = env.str("MARKETPLACE_CREDENTIAL_KEY_FILE", default="") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
