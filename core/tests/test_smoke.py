def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_shows_user_agency(world, client_for):
    response = client_for(world.officer_a).get("/")
    assert response.status_code == 200
    assert "临江市东湖区卫生健康局" in response.content.decode()


def test_home_shortcuts_depend_on_role(world, client_for):
    admin = client_for(world.admin_a).get("/").content.decode()
    assert "导入人员" in admin
    inspector = client_for(world.officer_b).get("/").content.decode()
    assert "导入人员" not in inspector
