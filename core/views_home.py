"""Home page: the user's 待办 and shortcuts for their role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.pending import pending_for


@login_required
def home(request):
    return render(request, "core/home.html", {"pending": pending_for(request.user)})
