"""19.0.1.2.0: a team leader no longer sets the quota given to their own team.

The former leader rule on goals (read and write the goals of the teams one leads) is replaced by
sales_goal_rule_team_leader_read and sales_goal_rule_team_leader_set. Rules are noupdate data, so
the old one would stay and keep granting what the new ones refuse: it is removed here."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old_rule = env.ref('sales_management.sales_goal_rule_team_leader', raise_if_not_found=False)
    if old_rule:
        old_rule.unlink()
