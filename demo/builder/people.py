"""Planning the people and places: demo accounts, universities, employers, partnerships and students."""

from __future__ import annotations

from accounts.models import Role, User
from demo import data
from demo.builder.common import (
    DAY,
    EmployerRec,
    Spread,
    StudentRec,
    about_employer,
    skill_phrase,
    year_label,
)
from employers.models import Employer, EmployerMember, MemberRole
from projects.models import (
    SkillCategory,
)
from students.models import StudentProfile
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipSide,
    PartnershipStatus,
    University,
    UniversityDomain,
)


class PeopleMixin:
    def plan_demo_accounts(self) -> None:
        existing = {u.email: u for u in User.objects.filter(email__in=[a.email for a in data.DEMO_ACCOUNTS])}
        for account in data.DEMO_ACCOUNTS:
            self.emails_taken.add(account.email)
            user = existing.get(account.email)
            if user is None:
                user = self.new_user(
                    account.email,
                    account.full_name,
                    account.role,
                    self.ago(700, 720),
                    is_staff=account.is_staff,
                    is_superuser=account.is_superuser,
                )
            self.demo_users[account.email] = user

    def plan_universities(self) -> None:
        for index, spec in enumerate(data.UNIVERSITIES):
            university = University(
                name=spec.name,
                slug=spec.slug,
                website=f"https://www.{spec.domains[0]}",
                country=spec.country,
                created_at=self.ago(700, 730),
            )
            self.universities.append(university)
            self.domains += [UniversityDomain(university=university, domain=d) for d in spec.domains]
            staff: list[User] = []
            if index == 0:
                staff.append(self.demo_users["career@demo.test"])
            for _ in range(self.rng.randint(1, 2) - len(staff)):
                first, last = self.person()
                email = self.unique_email(f"{first}.{last}", spec.domains[0])
                staff.append(
                    self.new_user(
                        email, f"{first} {last}", Role.CAREER_STAFF, self.ago(500, 700), is_staff=True
                    )
                )
            self.career_staff.append(staff)
            self.memberships += [
                CareerStaffMembership(user=user, university=university, created_at=user.date_joined + DAY)
                for user in staff
            ]

    def plan_employers(self) -> None:
        for index, spec in enumerate(data.EMPLOYERS[: self.n_employers]):
            created = self.ago(380, 650)
            employer = Employer(
                public_id=self.uuid(),
                name=spec.name,
                slug=spec.domain.split(".")[0],
                description=about_employer(spec),
                website=f"https://www.{spec.domain}",
                is_verified=index < 2 or self.rng.random() < 0.8,
                created_at=created,
            )
            rec = EmployerRec(spec, employer, data.CURRENCY_BY_COUNTRY[spec.country])
            size = self.rng.choices([1, 2, 3], [45, 35, 20])[0]
            demo_owner = {0: "employer@demo.test", 1: "employer2@demo.test"}.get(index)
            if demo_owner:
                rec.members.append(self.demo_users[demo_owner])
            if index == 0:
                size = max(size, 2)  # the demo employer has a teammate
            for _ in range(size - len(rec.members)):
                first, last = self.person()
                email = self.unique_email(f"{first}.{last}", spec.domain)
                rec.members.append(
                    self.new_user(
                        email, f"{first} {last}", Role.EMPLOYER, created + self.rng.randint(0, 30) * DAY
                    )
                )
            self.employer_members += [
                EmployerMember(
                    employer=employer,
                    user=user,
                    role=MemberRole.OWNER if position == 0 else MemberRole.MEMBER,
                    created_at=max(created, user.date_joined),
                )
                for position, user in enumerate(rec.members)
            ]
            self.employers.append(rec)

    def plan_partnerships(self) -> None:
        statuses = Spread(
            self.rng,
            {
                PartnershipStatus.ACTIVE: 50,
                PartnershipStatus.REQUESTED: 20,
                PartnershipStatus.DECLINED: 14,
                PartnershipStatus.ENDED: 16,
            },
        )
        # Fixed pairs the demo accounts rely on: Brightlane partners with Northfield, and so does the second
        # demo employer (the term's postings, demo/builder/term.py); two employers wait for career@demo.test
        # to answer (one asked, the other was invited by the career office).
        fixed = {
            (0, 0): (PartnershipStatus.ACTIVE, PartnershipSide.UNIVERSITY),
            (1, 1): (PartnershipStatus.ACTIVE, PartnershipSide.EMPLOYER),
            (1, 0): (PartnershipStatus.ACTIVE, PartnershipSide.EMPLOYER),
            (2, 0): (PartnershipStatus.REQUESTED, PartnershipSide.EMPLOYER),
            (3, 0): (PartnershipStatus.REQUESTED, PartnershipSide.UNIVERSITY),
        }
        for e_index, rec in enumerate(self.employers):
            same_country = [i for i, u in enumerate(data.UNIVERSITIES) if u.country == rec.spec.country]
            others = [i for i in range(len(data.UNIVERSITIES)) if i not in same_country]
            pool = same_country * 3 + others
            extra = self.rng.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]
            chosen = [u for (e, u) in fixed if e == e_index]
            while extra > 0 and len(chosen) < len(data.UNIVERSITIES):
                u = self.rng.choice(pool)
                if u not in chosen:
                    chosen.append(u)
                    extra -= 1
            for u_index in chosen:
                status, side = fixed.get((e_index, u_index), (None, None))
                status = status or statuses.draw()
                side = side or self.rng.choice([PartnershipSide.EMPLOYER, PartnershipSide.UNIVERSITY])
                self.partnerships.append(self.partnership(rec, u_index, status, side))
                if status == PartnershipStatus.ACTIVE:
                    rec.partner_universities.add(u_index)

    def partnership(self, rec: EmployerRec, u_index: int, status: str, side: str) -> Partnership:
        staff = self.rng.choice(self.career_staff[u_index])
        requested = self.ago(20, 360) if status == PartnershipStatus.REQUESTED else self.ago(120, 360)
        partnership = Partnership(
            employer=rec.employer,
            university=self.universities[u_index],
            status=status,
            requested_by_side=side,
            requested_by=rec.owner if side == PartnershipSide.EMPLOYER else staff,
            message=(
                f"We'd like to offer paid micro-internships to {data.UNIVERSITIES[u_index].name} students."
                if side == PartnershipSide.EMPLOYER
                else f"Our students would love to work with {rec.spec.name}; would you like to partner?"
            ),
            created_at=requested,
        )
        if status != PartnershipStatus.REQUESTED:
            partnership.decided_by = staff if side == PartnershipSide.EMPLOYER else rec.owner
            partnership.decided_at = self.between(requested + DAY, requested + 10 * DAY)
        if status == PartnershipStatus.ENDED:
            partnership.ended_by = self.rng.choice([staff, rec.owner])
            partnership.ended_at = self.between(partnership.decided_at + 30 * DAY, self.now - DAY)
        return partnership

    def plan_students(self) -> None:
        weights = [u.weight for u in data.UNIVERSITIES]
        majors = sorted(data.MAJORS)
        year = self.today.year
        demo_specs = {
            "student@demo.test": (
                0,
                "Economics",
                year + 1,
                12,
                [
                    "Python",
                    "SQL",
                    "Data analysis",
                    "Data visualisation",
                    "Excel",
                    "Survey design",
                    "Market research",
                ],
            ),
            "student2@demo.test": (
                1,
                "Marketing",
                year + 2,
                10,
                ["Social media marketing", "Copywriting", "Canva", "Email marketing", "Content marketing"],
            ),
        }
        # Demo accounts made by an earlier version of this command may already have a profile: update it.
        self.existing_profiles = {
            p.user_id: p
            for p in StudentProfile.objects.filter(user__in=[u for u in self.demo_users.values() if u.pk])
        }
        for email, (u_index, major, grad, hours, skill_names) in demo_specs.items():
            user = self.demo_users[email]
            skill_ids = [self.skills[name].pk for name in skill_names]
            profile = self.profile(user, u_index, True, major, grad, hours, skill_ids)
            # Verified by hand by their career office: demo.test is not a university domain.
            profile.verified_by = self.career_staff[u_index][0]
            profile.portfolio_public = True
            existing = self.existing_profiles.get(user.pk)
            if existing is not None:
                profile.pk, profile.public_id = existing.pk, existing.public_id
                profile._state.adding = False
            self.students.append(
                StudentRec(user, profile, u_index, True, skill_ids, major, hours, year_label(grad, year))
            )

        for _ in range(self.n_students - len(self.students)):
            u_index = self.rng.choices(range(len(data.UNIVERSITIES)), weights)[0]
            verified = self.rng.random() < 0.85
            first, last = self.person()
            if verified:
                domain = data.UNIVERSITIES[u_index].domains[0]
            else:
                domain = self.rng.choice(data.PERSONAL_EMAIL_DOMAINS)
                # Half of the unverified claim a university the career office has yet to confirm.
                u_index = u_index if self.rng.random() < 0.5 else None
            email = self.unique_email(f"{first}.{last}", domain)
            user = self.new_user(email, f"{first} {last}", Role.STUDENT, self.ago(5, 690))
            major = self.rng.choice(majors)
            hours = self.rng.randint(5, 25)
            skill_ids = self.pick_student_skills(major)
            grad = self.rng.randint(year, year + 4)
            profile = self.profile(user, u_index, verified, major, grad, hours, skill_ids)
            self.students.append(
                StudentRec(user, profile, u_index, verified, skill_ids, major, hours, year_label(grad, year))
            )

    def pick_student_skills(self, major: str) -> list[int]:
        categories = data.MAJORS[major]
        count = self.rng.randint(3, 8)
        chosen: list[int] = []
        while len(chosen) < count:
            category = (
                self.rng.choice(categories)
                if self.rng.random() < 0.8
                else self.rng.choice([c.value for c in SkillCategory])
            )
            skill_id = self.rng.choice(self.skills_by_category[category])
            if skill_id not in chosen:
                chosen.append(skill_id)
        return chosen

    def profile(
        self,
        user: User,
        u_index: int | None,
        verified: bool,
        major: str,
        grad: int,
        hours: int,
        skill_ids: list[int],
    ) -> StudentProfile:
        spec = data.UNIVERSITIES[u_index] if u_index is not None else None
        interest = self.rng.choice(data.INTERESTS)
        names = [skill_phrase(self.skill_names[s]) for s in skill_ids]
        context = {
            "year_label": year_label(grad, self.today.year),
            "major": major,
            "university": spec.name if spec else "university",
            "grad_year": grad,
            "skill_a": names[0],
            "skill_b": names[1],
            "interest": interest,
            "hours": hours,
        }
        bio = " ".join(
            part[0].upper() + part[1:]
            for part in (
                self.rng.choice(data.BIO_OPENINGS).format(**context),
                self.rng.choice(data.BIO_MIDDLES).format(**context),
                self.rng.choice(data.BIO_CLOSINGS).format(**context),
            )
            if part
        )
        handle = user.email.split("@")[0].replace(".", "-")
        links = []
        if self.rng.random() < 0.5:
            links.append(f"https://www.linkedin.com/in/{handle}")
        if self.rng.random() < 0.3:
            links.append(f"https://github.com/{handle}")
        joined = user.date_joined
        return StudentProfile(
            public_id=self.uuid(),
            user=user,
            university=self.universities[u_index] if u_index is not None else None,
            verified_at=self.between(joined, joined + 3 * DAY) if verified else None,
            major=major,
            graduation_year=grad,
            interests=sorted({interest, *self.rng.sample(data.INTERESTS, self.rng.randint(0, 2))}),
            weekly_hours_available=hours,
            time_zone=self.rng.choice(spec.time_zones)
            if spec
            else self.rng.choice(["UTC", "America/New_York"]),
            bio=bio,
            links=links,
            portfolio_public=self.rng.random() < 0.3,
            created_at=joined,
        )
