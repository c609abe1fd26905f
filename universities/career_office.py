"""What the "Career office" group may do in the admin. Pure data: the data migration and the service read it.

Career staff read their university's world and change only partnerships (through actions) and student
profiles, and invite students and local businesses (the invitations app, whose own data migration grants
its rows here); every row they see is further scoped to their university by `universities.admin_scoping`.
"""

CAREER_OFFICE_GROUP = "Career office"

# (app_label, codename)
CAREER_OFFICE_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("accounts", "view_user"),
    ("students", "view_studentprofile"),
    ("students", "change_studentprofile"),
    ("universities", "view_university"),
    ("universities", "view_universitydomain"),
    ("universities", "view_careerstaffmembership"),
    ("universities", "view_partnership"),
    ("universities", "change_partnership"),
    ("employers", "view_employer"),
    ("projects", "view_project"),
    ("applications", "view_application"),
    ("engagements", "view_engagement"),
    ("engagements", "view_payment"),
    ("courses", "view_facultyprofile"),
    ("courses", "change_facultyprofile"),
    ("courses", "view_course"),
    ("invitations", "view_studentinvitation"),
    ("invitations", "add_studentinvitation"),
    ("invitations", "change_studentinvitation"),
    ("invitations", "view_businessinvitation"),
    ("invitations", "add_businessinvitation"),
    ("invitations", "change_businessinvitation"),
)
