"""19.0.1.2.0: a goal is named by its KPI, owner and period in each reader's language.

Until 19.0.1.1.0 that label was stored in English in `name`; `name` is now an optional title. Names
still equal to the label they were computed from are cleared (so they follow the reader's language);
names a user typed are kept."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {'lang': 'en_US'})
    goals = env['sales.goal'].with_context(active_test=False).search([('name', '!=', False)])
    generated = goals.filtered(lambda goal: goal.name == goal._default_label())
    if generated:
        cr.execute("UPDATE sales_goal SET name = NULL WHERE id = ANY(%s)", [generated.ids])
