from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.selectors import dashboard_url_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return redirect(dashboard_url_for(user=request.user))
