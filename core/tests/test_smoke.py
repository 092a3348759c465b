def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_shows_user_agency(world, client_for):
    response = client_for(world.officer_a).get("/")
    assert response.status_code == 200
    assert "临江市东湖区卫生健康局" in response.content.decode()
