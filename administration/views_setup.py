"""The installation's one-time setup from the browser.

On an installation with no organisation and no operator, ``/setup/`` creates
the first organisation (with its default catalogues) and its first
administrator, who is also the installation's operator, and signs them in: no
command line. Once anything exists the page is not found (404), for everyone;
the service checks again under a lock, so two setups sent at once make one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from organisation import services
from organisation.middleware import SESSION_KEY
from organisation.selectors import installation_is_empty

from .forms import SetupForm
from .views import form_errors

BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if not installation_is_empty():
        raise Http404
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation, account = services.installation_setup(
                data=data,
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
            )
        except PermissionDenied:
            raise Http404 from None  # set up meanwhile by someone else
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            login(request, account, backend=BACKEND)
            request.session[SESSION_KEY] = organisation.pk
            messages.success(
                request,
                _(
                    "The installation is set up. Fill in the organisation's "
                    "profile, then add its units and people."
                ),
            )
            return redirect("administration:index")
    return render(
        request,
        "administration/setup.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
