from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.course_new, name="new"),
    path("<uuid:public_id>/", views.course_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.course_edit, name="edit"),
    path("<uuid:public_id>/join-code/", views.join_code_regenerate, name="join_code_regenerate"),
    path("<uuid:public_id>/roster/", views.roster_upload, name="roster_upload"),
    path("<uuid:public_id>/roster/<int:pk>/", views.roster_preview, name="roster_preview"),
    path("mine/", views.my_courses, name="mine"),
    path("mine/<uuid:public_id>/", views.student_course, name="student_course"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_link"),
]
