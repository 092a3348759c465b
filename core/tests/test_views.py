import pytest

from core.models import Person

pytestmark = pytest.mark.django_db


def test_admin_creates_person_in_own_agency(world, client_for):
    resp = client_for(world.admin_a).post(
        "/people/add/",
        {
            "name": "新执法员",
            "certificate_number": "ZJ9999",
            "certificate_valid_until": "2029-01-01",
            "certificate_review": "passed",
            "is_active": "on",
        },
    )
    assert resp.status_code == 302
    person = Person.objects.get(name="新执法员")
    assert person.agency == world.county_a and person.created_by == world.admin_a


def test_form_errors_name_field_and_rule(world, client_for):
    resp = client_for(world.admin_a).post(
        "/people/add/",
        {
            "name": "缺日期",
            "certificate_number": "ZJ9998",
            "certificate_review": "passed",
        },
    )
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "执法证有效期至：填写执法证号时必须填写执法证有效期。" in body
    assert not Person.objects.filter(name="缺日期").exists()


def test_inline_validation_returns_one_field_and_saves_nothing(world, client_for):
    client = client_for(world.admin_a)
    resp = client.post(
        "/people/add/",
        {"name": "", "certificate_number": "ZJ1"},
        HTTP_HX_REQUEST="true",
        HTTP_X_VALIDATE_FIELD="certificate_valid_until",
    )
    body = resp.content.decode()
    assert resp.status_code == 200 and "<html" not in body
    assert "必须填写执法证有效期" in body and 'id="errors-certificate_valid_until"' in body
    assert "姓名：" not in body  # "required" shows only on the field just changed
    assert Person.objects.filter(certificate_number="ZJ1").count() == 0
    ok = client.post(
        "/people/add/",
        {"name": "甲", "certificate_number": "ZJ1", "certificate_valid_until": "2030-01-01"},
        HTTP_HX_REQUEST="true",
        HTTP_X_VALIDATE_FIELD="certificate_valid_until",
    )
    assert "invalid-feedback" not in ok.content.decode()


def test_edit_form_validates_inline_for_existing_record(world, client_for):
    person = world.officer_a.person
    resp = client_for(world.admin_a).post(
        f"/people/{person.pk}/edit/",
        {"name": ""},
        HTTP_HX_REQUEST="true",
        HTTP_X_VALIDATE_FIELD="name",
    )
    assert "姓名：该字段是必填项。" in resp.content.decode()


def test_list_filter_by_certificate_validity(world, client_for):
    body = (
        client_for(world.admin_a).get("/people/", {"certified_on": "2031-01-01"}).content.decode()
    )
    assert ">陈立<" not in body  # certificate valid until 2030-12-31
    body = (
        client_for(world.admin_a).get("/people/", {"certified_on": "2030-06-01"}).content.decode()
    )
    assert ">陈立<" in body


def test_conflicting_save_between_validation_and_write_is_reported(world, rf):
    """Two officers submit the same 执法证号 at once: the second gets a clear error, not a 500."""
    from core.forms import PersonForm
    from core.org_views import person_add

    view = person_add.view_class()
    request = rf.post("/people/add/")
    request.user = world.admin_a
    request._messages = None
    view.setup(request)
    view.object = None  # as CreateView.post() sets it
    form = PersonForm(
        data={
            "name": "后提交",
            "certificate_number": "RACE1",
            "certificate_valid_until": "2030-01-01",
            "certificate_review": "none",
        },
        instance=Person(agency=world.county_a),
        user=world.admin_a,
    )
    assert form.is_valid()
    Person.objects.create(
        agency=world.county_a,
        name="先提交",
        certificate_number="RACE1",
        certificate_valid_until="2030-01-01",
    )  # the other officer wins the race
    response = view.form_valid(form)
    assert response.status_code == 200
    assert "与刚刚由他人保存的记录重复" in str(form.non_field_errors())
    assert Person.objects.filter(certificate_number="RACE1").count() == 1
