from django.urls import path

from courses import views, views_credit, views_evaluation, views_exports, views_instructors, views_projects

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.course_new, name="new"),
    path("<uuid:public_id>/", views.course_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.course_edit, name="edit"),
    path("<uuid:public_id>/instructors/", views_instructors.instructor_add, name="instructor_add"),
    path(
        "<uuid:public_id>/instructors/<int:faculty_id>/remove/",
        views_instructors.instructor_remove,
        name="instructor_remove",
    ),
    path("<uuid:public_id>/credit.csv", views_exports.credit_export_csv, name="credit_export_csv"),
    path("<uuid:public_id>/credit.pdf", views_exports.credit_export_pdf, name="credit_export_pdf"),
    path("<uuid:public_id>/projects/adopt/", views_projects.project_adopt, name="project_adopt"),
    path("<uuid:public_id>/projects/<int:pk>/accept/", views_projects.link_accept, name="link_accept"),
    path("<uuid:public_id>/projects/<int:pk>/decline/", views_projects.link_decline, name="link_decline"),
    path("<uuid:public_id>/projects/<int:pk>/remove/", views_projects.link_remove, name="link_remove"),
    path("for-employers/", views_projects.course_browse, name="browse"),
    path("for-employers/<uuid:public_id>/propose/", views_projects.proposal_new, name="propose"),
    path("proposals/", views_projects.proposal_list, name="proposals"),
    path("proposals/<int:pk>/withdraw/", views_projects.proposal_withdraw, name="proposal_withdraw"),
    path("<uuid:public_id>/join-code/", views.join_code_regenerate, name="join_code_regenerate"),
    path("<uuid:public_id>/roster/", views.roster_upload, name="roster_upload"),
    path("<uuid:public_id>/roster/<int:pk>/", views.roster_preview, name="roster_preview"),
    path("mine/", views.my_courses, name="mine"),
    path("mine/<uuid:public_id>/", views.student_course, name="student_course"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_link"),
    path("credit/new/<uuid:engagement_public_id>/", views_credit.credit_request, name="credit_request"),
    path("credit/<uuid:public_id>/", views_credit.credit_detail, name="credit_detail"),
    path("credit/<uuid:public_id>/decide/", views_credit.credit_decide, name="credit_decide"),
    path("credit/<uuid:public_id>/sign-off/", views_credit.credit_sign_off_page, name="credit_sign_off"),
    path("credit/<uuid:public_id>/evaluation/", views_evaluation.credit_evaluation, name="credit_evaluation"),
    path("credit/<uuid:public_id>/reflection/", views_evaluation.credit_reflection, name="credit_reflection"),
    path("evaluations/owed/", views_evaluation.evaluations_owed, name="evaluations_owed"),
]
