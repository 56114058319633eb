"""The JSON-2 external API, called the way an integration calls it."""

import pytest
from conftest import json2

KPI_FIELDS = ["code", "name", "source", "unit", "direction"]


def call(url, method, key=None, **payload):
    return json2(url, "sales.kpi", method, key, **payload)


def test_rep_reads_default_kpis(demo_server, api_keys):
    response = call(demo_server, "search_read", api_keys["li.na"], domain=[], fields=KPI_FIELDS)
    assert response.status_code == 200, response.text
    by_code = {kpi["code"]: kpi for kpi in response.json()}
    assert {"won_revenue", "invoiced_amount", "collection_rate", "conversion_rate"} <= set(by_code)
    assert by_code["collection_rate"]["unit"] == "percent"
    assert by_code["won_revenue"]["name"] == "Won Revenue"


def _kpi_count(url, key):
    response = call(url, "search_count", key, domain=[])
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("key", [None, "", "not-a-real-key"], ids=["no key", "empty key", "bad key"])
def test_missing_or_bad_key_is_refused(demo_server, api_keys, key):
    before = _kpi_count(demo_server, api_keys["director"])
    response = call(demo_server, "create", key, vals_list=[{"name": "Intruder", "code": "intruder"}])
    assert response.status_code == 401
    search = call(demo_server, "search_read", key, domain=[], fields=KPI_FIELDS)
    assert search.status_code == 401
    assert _kpi_count(demo_server, api_keys["director"]) == before


def test_rep_cannot_create_kpi(demo_server, api_keys):
    before = _kpi_count(demo_server, api_keys["director"])
    response = call(demo_server, "create", api_keys["li.na"], vals_list=[{"name": "My KPI", "code": "my_kpi"}])
    assert response.status_code == 403
    assert _kpi_count(demo_server, api_keys["director"]) == before


def test_director_creates_kpi(demo_server, api_keys):
    response = call(
        demo_server, "create", api_keys["director"],
        vals_list=[{"name": "Key Account Visits", "code": "key_account_visits", "unit": "count"}],
    )
    assert response.status_code == 200, response.text
    [kpi_id] = response.json()
    read = call(demo_server, "read", api_keys["li.na"], ids=[kpi_id], fields=["code"])
    assert read.json() == [{"id": kpi_id, "code": "key_account_visits"}]


def test_bad_input_is_refused_with_a_message(demo_server, api_keys):
    before = _kpi_count(demo_server, api_keys["director"])
    response = call(demo_server, "create", api_keys["director"], vals_list=[{"name": "Bad", "code": "Bad Code"}])
    assert response.status_code == 422
    assert "lowercase letters" in response.json()["message"]
    assert _kpi_count(demo_server, api_keys["director"]) == before
