from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.views import dashboard
from accounts.views_delete import account_delete_confirm
from applications import urls_manage as applicant_urls
from marketplace import views
from marketplace.csp_report import csp_report
from projects import urls_manage as project_manage_urls

# The admin login goes through allauth's login, so it gets the same rate limits and email checks.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Micro-internships administration"
admin.site.site_title = "Micro-internships admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("csp-report/", csp_report, name="csp_report"),
    path("dashboard/", dashboard, name="dashboard"),
    path("accounts/api-tokens/", include("accounts.urls")),
    path("accounts/delete/", account_delete_confirm, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("students/", include("students.urls")),
    path("employers/", include("employers.urls")),
    path("projects/", include("projects.urls")),
    # The employer's side: project pages and their applicants, one "manage" namespace from two apps.
    path(
        "manage/projects/", include((project_manage_urls.urlpatterns + applicant_urls.urlpatterns, "manage"))
    ),
    path("applications/", include("applications.urls")),
    path("engagements/", include("engagements.urls")),
    path("career-office/", include("universities.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("marketplace.api_urls")),
    path("admin/", admin.site.urls),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
