"""The instructor's choice of the course an LMS course launches."""

from django import forms

from courses.models import Course


class LinkContextForm(forms.Form):
    course = forms.ChoiceField(label="Course it opens", widget=forms.RadioSelect)

    def __init__(self, *args, courses: list[Course], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [
            (
                str(course.public_id),
                f"{course.code} {course.title} ({course.term_start:%b %Y} to {course.term_end:%b %Y})",
            )
            for course in courses
        ]
