"""Quotas come from the level above, over JSON-2 as an integration would try it.

Demo: the director gives Direct Sales (led by chen.jing) this year's invoicing goal; chen.jing
splits it between li.na, zhou.tao and the other members."""

import pytest
from conftest import json2

QUOTA_MESSAGE = "A quota comes from the level above"


def _one_goal(url, key, domain):
    response = json2(url, "sales.goal", "search_read", key, domain=domain, fields=["target", "name"], limit=1)
    assert response.status_code == 200, response.text
    [goal] = response.json()
    return goal


@pytest.fixture
def goals(demo_server, api_keys):
    director = api_keys["director"]
    year_goal = [("period_type", "=", "year"), ("kpi_id.code", "=", "invoiced_amount")]
    return {
        "team": _one_goal(demo_server, director, [*year_goal, ("level", "=", "team"),
                                                  ("team_id.name", "=", "Direct Sales")]),
        "li.na": _one_goal(demo_server, director, [*year_goal, ("user_id.login", "=", "li.na")]),
    }


def _write(url, key, goal, target):
    return json2(url, "sales.goal", "write", key, ids=[goal["id"]], vals={"target": target})


def _target(url, api_keys, goal):
    return _one_goal(url, api_keys["director"], [("id", "=", goal["id"])])["target"]


@pytest.mark.parametrize("factor", [2, 0.5], ids=["raise", "lower"])
def test_leader_cannot_change_the_team_goal(demo_server, api_keys, goals, factor):
    team_goal = goals["team"]
    response = _write(demo_server, api_keys["chen.jing"], team_goal, team_goal["target"] * factor)
    assert response.status_code == 403, response.text
    assert QUOTA_MESSAGE in response.json()["message"]
    assert _target(demo_server, api_keys, team_goal) == team_goal["target"]


def test_rep_cannot_change_their_goal(demo_server, api_keys, goals):
    goal = goals["li.na"]
    response = _write(demo_server, api_keys["li.na"], goal, 1)
    assert response.status_code == 403, response.text
    assert _target(demo_server, api_keys, goal) == goal["target"]


def test_leader_sets_a_members_goal(demo_server, api_keys, goals):
    goal = goals["li.na"]
    response = _write(demo_server, api_keys["chen.jing"], goal, goal["target"] + 1000)
    assert response.status_code == 200, response.text
    assert _target(demo_server, api_keys, goal) == goal["target"] + 1000
    assert _write(demo_server, api_keys["chen.jing"], goal, goal["target"]).status_code == 200


def test_rep_of_another_team_cannot_read_it(demo_server, api_keys, goals):
    response = json2(demo_server, "sales.goal", "read", api_keys["ma.lin"], ids=[goals["li.na"]["id"]],
                     fields=["target"])
    assert response.status_code == 403


def test_director_sets_the_team_goal(demo_server, api_keys, goals):
    team_goal = goals["team"]
    response = _write(demo_server, api_keys["director"], team_goal, team_goal["target"] + 1000)
    assert response.status_code == 200, response.text
    assert _write(demo_server, api_keys["director"], team_goal, team_goal["target"]).status_code == 200
