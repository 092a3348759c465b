import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_scoped_endpoints(world, client_for):
    resp = client_for(world.officer_a).get("/api/schema/?format=json")
    assert resp.status_code == 200
    paths = resp.json()["paths"]
    assert "/api/core/people/" in paths and "/api/core/people/{id}/" in paths


def test_api_docs_page_uses_local_assets(world, client_for):
    body = client_for(world.officer_a).get("/api/docs/").content.decode()
    assert "swagger-ui" in body
    assert "cdn." not in body and "https://" not in body.replace("https://swagger.io", "")


def test_token_auth(world, client):
    resp = client.post("/api/token/", {"username": "admin_a", "password": world.password})
    assert resp.status_code == 200, resp.content
    token = resp.json()["token"]
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    names = {p["name"] for p in api.get("/api/core/people/").json()["results"]}
    assert "陈立" in names and "王芳" not in names
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert api.get("/api/core/people/").status_code == 401


def test_changes_through_the_api_with_a_token_name_their_actor_in_the_audit_chain(world, client):
    """A token is checked inside the API view, after the middleware: the audit events of the
    change still name the token's user (and not an anonymous caller)."""
    from rest_framework.test import APIClient

    from core.models import AuditEvent, Person

    token = client.post("/api/token/", {"username": "admin_a", "password": world.password}).json()[
        "token"
    ]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    resp = api.post(
        "/api/core/people/",
        {"name": "令牌新增", "certificate_number": "TK-1", "certificate_valid_until": "2030-01-01"},
        format="json",
    )
    assert resp.status_code == 201, resp.content
    person = Person.objects.get(certificate_number="TK-1")
    assert api.patch(f"/api/core/people/{person.pk}/", {"name": "令牌修改"}).status_code == 200
    events = AuditEvent.objects.filter(object_id=str(person.pk), action__in=["create", "change"])
    events = events.filter(content_type__model="person")
    assert [(e.action, e.actor_id, e.actor_name) for e in events.order_by("seq")] == [
        ("create", world.admin_a.pk, "admin_a"),
        ("change", world.admin_a.pk, "admin_a"),
    ]


def test_api_rejects_invalid_data_with_chinese_field_errors(world, api_for):
    resp = api_for(world.admin_a).post(
        "/api/core/people/", {"name": "缺有效期", "certificate_number": "X99"}, format="json"
    )
    assert resp.status_code == 400
    assert "执法证有效期" in resp.json()["certificate_valid_until"][0]


def test_anonymous_api_is_refused(client):
    assert client.get("/api/core/people/").status_code in (401, 403)


def test_list_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    from core.models import Person

    Person.objects.bulk_create([Person(agency=world.county_a, name=f"批量{i}") for i in range(60)])
    client = client_for(world.admin_a)
    with django_assert_max_num_queries(15):
        client.get("/people/")
    with django_assert_max_num_queries(10):
        client.get("/api/core/people/")
