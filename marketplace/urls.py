from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts.views import dashboard
from applications import urls as applications_urls
from applications import urls_employer as employer_dashboard_urls
from applications import urls_project_search as project_search_urls
from applications import urls_students as student_resume_urls
from employers import urls as employer_urls
from engagements import urls_applications as application_thread_urls
from engagements import urls_employer as employer_public_urls
from engagements import urls_project_manage as project_manage_urls
from engagements import urls_students as student_portfolio_urls
from engagements.views.account_deletion import account_delete_confirm
from engagements.views.home import home
from marketplace import views
from marketplace.csp_report import csp_report
from matching import urls_applicants as applicant_urls
from matching import urls_project_page as project_page_urls
from matching import urls_students as student_dashboard_urls
from projects import urls as project_urls
from projects import urls_student_profile as student_profile_urls
from projects.sitemaps import SITEMAPS
from projects.views.robots import robots_txt
from reports import urls_career as career_dashboard_urls
from students import views_signup
from universities import urls_employer as employer_partnership_urls

# The admin login goes through allauth's login, so it gets the same rate limits and email checks.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Micro-internships administration"
admin.site.site_title = "Micro-internships admin"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("csp-report/", csp_report, name="csp_report"),
    path("dashboard/", dashboard, name="dashboard"),
    path("accounts/api-tokens/", include("accounts.urls")),
    path("accounts/delete/", account_delete_confirm, name="account_delete"),
    # allauth's sign-up, with the role taken from ?role=, and the correction of a new account's type.
    path("accounts/signup/", views_signup.signup, name="account_signup"),
    path("accounts/type/", views_signup.account_type, name="account_type"),
    path("accounts/", include("allauth.urls")),
    path("invitations/", include("invitations.urls")),
    path("courses/", include("courses.urls")),
    # The LTI 1.3 tool: OIDC login, launch and keys for Canvas, Moodle, Blackboard (courses/lti/views.py).
    path("lti/", include("courses.lti.urls")),
    # The student's pages: one "students" namespace from the apps whose data each page shows.
    path(
        "students/",
        include(
            (
                student_dashboard_urls.urlpatterns
                + student_profile_urls.urlpatterns
                + student_resume_urls.urlpatterns
                + student_portfolio_urls.urlpatterns,
                "students",
            )
        ),
    ),
    # An organisation's pages, its partnerships, its dashboard and its public page: one "employers"
    # namespace from four apps.
    path(
        "employers/",
        include(
            (
                employer_urls.urlpatterns
                + employer_partnership_urls.urlpatterns
                + employer_dashboard_urls.urlpatterns
                + employer_public_urls.urlpatterns,
                "employers",
            )
        ),
    ),
    # The students' side: the search (it marks what they applied to), a project's pages (match reasons,
    # applying) and the skills picker, one "projects" namespace from three apps.
    path(
        "projects/",
        include(
            (
                project_search_urls.urlpatterns + project_page_urls.urlpatterns + project_urls.urlpatterns,
                "projects",
            )
        ),
    ),
    # The employer's side: project pages and their applicants, one "manage" namespace from two apps.
    path(
        "manage/projects/", include((project_manage_urls.urlpatterns + applicant_urls.urlpatterns, "manage"))
    ),
    # The student's applications, and the page of one with its thread before the decision (engagements).
    path(
        "applications/",
        include((applications_urls.urlpatterns + application_thread_urls.urlpatterns, "applications")),
    ),
    path("engagements/", include("engagements.urls")),
    path("calendar/", include("calendars.urls")),
    path("exploration/", include("exploration.urls")),
    path("", include("credentials.urls")),
    # The career office's dashboard shows figures from the reports, so it lives there.
    path("career-office/", include((career_dashboard_urls.urlpatterns, "universities"))),
    path("notifications/", include("notifications.urls")),
    path("api/", include("marketplace.api_urls")),
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
