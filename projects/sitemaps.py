"""The sitemap (/sitemap.xml): the public project pages and the public pages of the organisations behind them,
with the site's address from the settings (`notifications.emails.site_url`), never the request's Host header.

Which projects are public is `projects.selectors.project_visible_to_student_q` with no student: public and
open for applications; partners-only postings, drafts and closed ones never appear.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from employers.models import Employer
from notifications.emails import site_url
from projects.models import Project
from projects.selectors import project_list_public
from projects.selectors_search import employer_list_for_search


class SiteSitemap(Sitemap):
    """A sitemap whose addresses start with the configured site URL."""

    def get_domain(self, site=None) -> str:
        return urlsplit(site_url()).netloc

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_url()).scheme or "https"


class PublicProjectSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return project_list_public(now=timezone.now()).only("public_id", "updated_at")

    def location(self, item: Project) -> str:
        return reverse("projects:detail", kwargs={"public_id": item.public_id})

    def lastmod(self, item: Project):
        return item.updated_at


class EmployerPageSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return employer_list_for_search(student=None).only("slug", "name")

    def location(self, item: Employer) -> str:
        return reverse("employers:public", kwargs={"slug": item.slug})


SITEMAPS = {"projects": PublicProjectSitemap, "employers": EmployerPageSitemap}
