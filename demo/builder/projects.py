"""Planning projects, their schedules, and the saved projects and reports around them."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from demo import data
from demo.builder.common import (
    DAY,
    EmployerRec,
    ProjectRec,
    Spread,
    about_employer,
)
from projects.models import (
    LocationType,
    Project,
    ProjectStatus,
    Report,
    ReportReason,
    ReportStatus,
    SavedProject,
    SkillCategory,
    Visibility,
)


class ProjectsMixin:
    def plan_projects(self) -> None:
        S = ProjectStatus
        by_key = {t.key: t for t in data.PROJECT_TEMPLATES}
        # The demo employers' postings: every status, so both dashboards show the whole life cycle.
        self.fixed_projects: dict[str, ProjectRec] = {}
        fixed_plan = [
            (0, "open_a", "survey_analysis", S.OPEN, {}),
            (0, "open_b", "data_cleaning_dashboard", S.OPEN, {}),
            (0, "open_partners", "sql_analysis", S.OPEN, {"visibility": Visibility.PARTNERS}),
            (0, "in_progress", "market_research_brief", S.IN_PROGRESS, {"openings": 2}),
            (0, "in_progress_b", "competitor_campaign_review", S.IN_PROGRESS, {}),
            (0, "completed", "data_cleaning_dashboard", S.COMPLETED, {}),
            (0, "completed_b", "forecasting_model", S.COMPLETED, {}),
            (0, "cancelled", "user_interviews", S.CANCELLED, {}),
            (0, "draft", "policy_literature_review", S.DRAFT, {}),
            (1, "e2_open", "social_media_plan", S.OPEN, {"openings": 2}),
            (1, "e2_open_b", "blog_series", S.OPEN, {}),
            (1, "e2_in_progress", "email_campaign", S.IN_PROGRESS, {}),
            (1, "e2_completed", "brand_refresh", S.COMPLETED, {}),
            (1, "e2_draft", "case_studies", S.DRAFT, {}),
        ]
        for e_index, key, template_key, status, overrides in fixed_plan:
            rec = self.project(self.employers[e_index], by_key[template_key], status, **overrides)
            self.fixed_projects[key] = rec
        # A cancelled project on which work had started, for the pro-rata payment path.
        self.fixed_projects["cancelled"].started = True

        statuses = Spread(
            self.rng, {S.DRAFT: 8, S.OPEN: 38, S.IN_PROGRESS: 20, S.COMPLETED: 26, S.CANCELLED: 8}
        )
        all_fields = [c.value for c in SkillCategory]
        fields_first = self.rng.sample(all_fields, len(all_fields))  # every field at least once
        templates_by_field = defaultdict(list)
        for template in data.PROJECT_TEMPLATES:
            templates_by_field[template.field].append(template)
        activity = [self.rng.choice([1, 2, 3, 5, 8]) for _ in self.employers]
        for _ in range(self.n_projects - len(self.projects)):
            field_name = fields_first.pop() if fields_first else None
            if field_name is None:
                rec = self.rng.choices(self.employers, activity)[0]
                field_name = self.rng.choice(
                    rec.spec.fields if self.rng.random() < 0.85 else [f for f in all_fields if f != "other"]
                )
            else:
                candidates = [r for r in self.employers if field_name in r.spec.fields] or self.employers
                rec = self.rng.choice(candidates)
            template = self.rng.choice(templates_by_field[field_name])
            status = statuses.draw()
            overrides = {}
            if rec.partner_universities and self.rng.random() < 0.2:
                overrides["visibility"] = Visibility.PARTNERS
            project_rec = self.project(rec, template, status, **overrides)
            if status == S.CANCELLED and self.rng.random() < 0.4:
                project_rec.started = True

    def project(
        self, rec: EmployerRec, template: data.ProjectTemplate, status: str, **overrides
    ) -> ProjectRec:
        rng = self.rng
        spec = rec.spec
        topic = rng.choice(template.topics)
        location_type = rng.choices(
            [LocationType.REMOTE, LocationType.HYBRID, LocationType.ONSITE], [75, 15, 10]
        )[0]
        location_text = {
            LocationType.REMOTE: "fully remote",
            LocationType.HYBRID: f"remote with an optional visit to our {spec.city} office",
            LocationType.ONSITE: f"on site at our {spec.city} office",
        }[location_type]
        context = {
            "topic": topic,
            "employer": spec.name,
            "industry": spec.industry,
            "location": location_text,
        }

        def fill(text: str) -> str:
            text = text.format(**context)
            return text[0].upper() + text[1:]

        tasks = "\n".join(f"- {task}" for task in template.tasks)
        description = "\n\n".join(
            [
                fill(template.goal),
                f"What you'll do:\n{tasks}",
                f"About us: {about_employer(spec)}",
                fill(rng.choice(data.DESCRIPTION_CLOSINGS)),
            ]
        )
        hours = max(5, min(40, rng.randint(*template.hours)))
        rate = rng.choice([15, 18, 20, 22, 25, 28, 30, 35])
        fee = Decimal(math.ceil(hours * rate / 10) * 10)
        required = self.skill_ids(template.required)
        nice_pool = [s for s in self.skill_ids(template.nice) if s not in required]
        nice = rng.sample(nice_pool, min(len(nice_pool), rng.randint(1, 3)))

        project = Project(
            public_id=self.uuid(),
            employer=rec.employer,
            created_by=rng.choice(rec.members),
            title=fill(rng.choice(template.titles)),
            summary=fill(template.summary),
            description=description,
            deliverables=list(template.deliverables),
            field=template.field,
            estimated_hours=hours,
            fee=fee,
            currency=rec.currency,
            location_type=location_type,
            location="" if location_type == LocationType.REMOTE else spec.city,
            openings=overrides.get("openings") or rng.choices([1, 2, 3, 4], [62, 24, 10, 4])[0],
            screening_questions=list(template.questions) if rng.random() < 0.7 else [],
            visibility=overrides.get("visibility", Visibility.PUBLIC),
            status=status,
        )
        self.schedule(project)
        project_rec = ProjectRec(project, template, rec, required, nice)
        self.projects.append(project_rec)
        return project_rec

    def skill_ids(self, names: Sequence[str]) -> list[int]:
        return [self.skills[name].pk for name in names]

    def schedule(self, project: Project) -> None:
        """Dates consistent with the status: open ones take applications until a future deadline."""
        rng, S = self.rng, ProjectStatus
        status = project.status
        if status == S.DRAFT:
            project.created_at = self.ago(0.5, 10)
            if rng.random() < 0.7:
                project.application_deadline = self.now + dt.timedelta(days=rng.randint(14, 35))
                project.due_date = (project.application_deadline + rng.randint(21, 42) * DAY).date()
            return
        if status == S.OPEN:
            published = self.ago(1, 21)
            deadline = self.now + dt.timedelta(days=rng.randint(3, 28), hours=rng.randint(0, 23))
        elif status == S.IN_PROGRESS:
            published = self.ago(18, 45)
            deadline = published + rng.randint(10, 21) * DAY
        elif status == S.COMPLETED:
            published = self.ago(60, 300)
            deadline = published + rng.randint(10, 21) * DAY
        else:  # cancelled
            published = self.ago(30, 120)
            deadline = published + rng.randint(10, 21) * DAY
        project.published_at = published
        project.created_at = published - dt.timedelta(hours=rng.randint(2, 120))
        project.application_deadline = deadline.replace(minute=0, second=0)
        project.due_date = (deadline + rng.randint(21, 42) * DAY).date()
        if status == S.IN_PROGRESS:
            project.due_date = max(project.due_date, self.today + rng.randint(5, 30) * DAY)
        if status == S.COMPLETED:
            project.due_date = min(project.due_date, self.today - 3 * DAY)

    def plan_saved_and_reports(self) -> None:
        open_projects = [p.project for p in self.projects if p.project.status == ProjectStatus.OPEN]
        public_open = [p for p in open_projects if p.visibility == Visibility.PUBLIC]
        for rec in self.students:
            if self.rng.random() < 0.3 and public_open:
                for project in self.rng.sample(public_open, min(len(public_open), self.rng.randint(1, 3))):
                    self.saved.append(
                        SavedProject(
                            student=rec.profile,
                            project=project,
                            created_at=self.between(project.published_at, self.now),
                        )
                    )
        reporters = self.rng.sample(self.students[2:], 3)
        for reporter, project, reason, status in zip(
            reporters,
            self.rng.sample(public_open, min(3, len(public_open))),
            [ReportReason.MISLEADING, ReportReason.UNPAID, ReportReason.OTHER],
            [ReportStatus.OPEN, ReportStatus.DISMISSED, ReportStatus.OPEN],
            strict=False,
        ):
            report = Report(
                project=project,
                reporter=reporter.user,
                reason=reason,
                details="The description and the deliverables don't seem to match the hours.",
                status=status,
                created_at=self.between(project.published_at, self.now),
            )
            if status == ReportStatus.DISMISSED:
                report.resolved_by = self.demo_users["admin@demo.test"]
                report.resolved_at = self.between(report.created_at, self.now)
            self.reports.append(report)
