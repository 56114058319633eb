"""Enrolling over JSON-2, as a rep's phone app or an HR integration would.

Demo: "Selling Across Cultures" is open for enrollment in 45 days; li.na (Li Na) is not in it."""

import pytest
from conftest import json2

SESSION_NAME = "Selling Across Cultures"


def _call(url, key, model, method, **payload):
    response = json2(url, model, method, key, **payload)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def session(demo_server, api_keys):
    [session] = _call(demo_server, api_keys["li.na"], "sales.training.session", "search_read",
                      domain=[("course_id.name", "=", SESSION_NAME), ("enrollment_open", "=", True)], fields=["name"])
    return session


def _enroll_self(url, key, session):
    action = _call(url, key, "sales.training.session", "action_enroll_self", ids=[session["id"]])
    assert action["context"]["default_mode"] == "self"
    [wizard] = _call(url, key, "sales.training.enroll.wizard", "create",
                     vals_list=[{"session_id": session["id"], "mode": "self"}])
    return json2(url, "sales.training.enroll.wizard", "action_enroll", key, ids=[wizard])


def _active(url, api_keys, session):
    return _call(url, api_keys["liu.fang"], "sales.training.enrollment", "search_read",
                 domain=[("session_id", "=", session["id"]), ("employee_id.user_id.login", "=", "li.na"),
                         ("state", "!=", "cancelled")], fields=["employee_id", "state"])


def test_rep_enrolls_herself_once(demo_server, api_keys, session):
    key = api_keys["li.na"]
    response = _enroll_self(demo_server, key, session)
    assert response.status_code == 200, response.text
    [enrollment] = _active(demo_server, api_keys, session)
    assert enrollment["state"] == "enrolled"
    try:
        again = _enroll_self(demo_server, key, session)
        assert again.status_code == 422
        assert "You are already enrolled" in again.json()["message"]
        # HR enrolling her a second time hits the database's one-active-enrollment index
        duplicate = json2(demo_server, "sales.training.enrollment", "create", api_keys["liu.fang"],
                          vals_list=[{"session_id": session["id"], "employee_id": enrollment["employee_id"][0]}])
        assert duplicate.status_code == 422
        assert f"Li Na is already enrolled in the session “{session['name']}”" in duplicate.json()["message"]
        assert len(_active(demo_server, api_keys, session)) == 1, "nothing duplicated"
    finally:
        _call(demo_server, api_keys["liu.fang"], "sales.training.enrollment", "action_cancel", ids=[enrollment["id"]])


def test_rep_cannot_enroll_a_colleague(demo_server, api_keys, session):
    [colleague] = _call(demo_server, api_keys["liu.fang"], "hr.employee", "search_read",
                        domain=[("user_id.login", "=", "zhou.tao")], fields=["name"])
    response = json2(demo_server, "sales.training.enrollment", "create", api_keys["li.na"],
                     vals_list=[{"session_id": session["id"], "employee_id": colleague["id"]}])
    assert response.status_code == 403
    [wizard] = _call(demo_server, api_keys["li.na"], "sales.training.enroll.wizard", "create",
                     vals_list=[{"session_id": session["id"], "mode": "employees", "employee_ids": [colleague["id"]]}])
    response = json2(demo_server, "sales.training.enroll.wizard", "action_enroll", api_keys["li.na"], ids=[wizard])
    assert response.status_code == 403
    enrolled = _call(demo_server, api_keys["liu.fang"], "sales.training.enrollment", "search_count",
                     domain=[("session_id", "=", session["id"]), ("employee_id", "=", colleague["id"])])
    assert enrolled == 0
