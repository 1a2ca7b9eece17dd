"""The request type of the views behind login.

``LoginRequiredMiddleware`` sends anonymous visitors to the login page before any
view runs, unless the view is marked ``login_not_required``; so, in every other view,
``request.user`` is an ``accounts.models.User``, never an ``AnonymousUser``.
django-stubs types ``HttpRequest.user`` as the union; views behind login annotate
their request with this class instead (the pattern django-stubs documents). ``htmx``
is set on every request by ``django_htmx.middleware.HtmxMiddleware``; ``organisation``
(the organisation the person works in) by
``organisation.middleware.ActingOrganisationMiddleware``, which answers by itself for
a signed-in person who works in none.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from organisation.models import Organisation


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
    organisation: Organisation
