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
    resp = client.post("/api/token/", {"username": "officer_a", "password": world.password})
    assert resp.status_code == 200, resp.content
    token = resp.json()["token"]
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    names = {p["name"] for p in api.get("/api/core/people/").json()["results"]}
    assert "陈立" in names and "王芳" not in names
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert api.get("/api/core/people/").status_code == 401


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
