"""Fuzz the API from its own OpenAPI description (schemathesis): no input gets a 500.

Schemathesis reads /api/openapi.json from the WSGI app, generates parameters for every
operation (valid ones, boundary values, and ones that break the schema) and checks each
answer: never a server error, a documented status code, JSON of the documented shape.
Bounded so the whole module runs in well under 30 seconds. The examples are the same on
every run (conftest.py's "repeatable" hypothesis profile); HYPOTHESIS_PROFILE=explore
draws new ones, many more, outside CI.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from morgue.archive.models import Article

from .test_api import index, make_article

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def articles(db) -> None:
    for n in range(1, 13):
        make_article(n, headline=f"Harbor story {n}", section=("Local", "Sports")[n % 2],
                     bylines=["Ann Lee"] if n % 3 else [],
                     published=dt.date(2001 + n % 4, 1 + n % 12, 1) if n % 5 else None,
                     status=Article.Status.HELD if n == 4 else Article.Status.PUBLISHED)
    index()


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> None:
    """Schemathesis calls the WSGI app itself, not through Django's test client, so the
    end of each request would close the connection holding the test's transaction (on
    PostgreSQL); do as the test client does and leave it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Read once, when the module is collected; reading the description needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(deadline=None,  # examples per operation and phase: the profile's
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_fails(case) -> None:
    # Every check but one: a schema-valid request may still be refused, since a cursor
    # is opaque (only tokens the API signed are good), and q's control characters and
    # date ranges run backwards are told apart only by reading them. Those answers are
    # 400/422 with a message, which the tests in test_api.py pin down.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
    assert response.headers["content-type"][0].startswith("application/json")
