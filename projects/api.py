"""API endpoints (DRF views and serializers); mounted under /api/v1/ by marketplace/api_urls.py."""

urlpatterns: list = []
