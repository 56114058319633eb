"""Every method a client can call on a `sales.*` model checks access to its records first.

The walk finds, in the running code, each public method the addon defines on a `sales.*`
model (buttons, `action_*`, wizard actions, explain...), and calls it over JSON-2 as a rep
(li.na) on a record she may not read: another rep's, or a wizard the director opened. Each
call must answer 403 and change nothing. Catalogues every rep reads (courses, sessions) are
walked on a record she reads but may not change: each call is refused or changes nothing. A
model with public methods but no record in the demo fails the walk, so a new model cannot slip
through untested."""

import pytest
from conftest import json2, odoo_shell

REP = "li.na"

# Shared by both scripts run in the demo database: who is who, and a record's snapshot.
PRELUDE = r'''
import inspect
from odoo import models

rep = env['res.users'].search([('login', '=', %(rep)r)])
director = env['res.users'].search([('login', '=', 'director')])


def snapshot(record):
    names = [name for name, field in record._fields.items()
             if field.store and name not in ('write_date', '__last_update')]
    values = record.read(names)[0]
    values['__messages'] = env['mail.message'].search_count([('model', '=', record._name),
                                                             ('res_id', '=', record.id)])
    values['__activities'] = env['mail.activity'].search_count([('res_model', '=', record._name),
                                                                ('res_id', '=', record.id)])
    return json.loads(json.dumps(values, default=str))
'''

# For each sales.* model: the public methods the addon defines and one record the rep cannot read.
WALK_SCRIPT = PRELUDE + r'''
base_names = set(dir(models.TransientModel)) | set(dir(models.Model))


def public_methods(model):
    found = {}
    for cls in type(model).__mro__:
        if not cls.__module__.startswith('odoo.addons.sales_management'):
            continue
        for name, member in vars(cls).items():
            if name.startswith('_') or name in base_names or not callable(member) or name in found:
                continue
            if getattr(member, '_api_private', False) or getattr(member, '_api_model', False):
                continue
            parameters = list(inspect.signature(member).parameters.values())[1:]
            found[name] = [p.name for p in parameters
                           if p.default is inspect.Parameter.empty
                           and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    return found


def wizard(model_name):
    # a wizard the director opened (the rep must not drive it); required values filled generically
    Wizard = env[model_name].with_user(director)
    values = Wizard.default_get(list(Wizard._fields))
    for name, field in Wizard._fields.items():
        if not field.required or values.get(name) or field.compute or field.related:
            continue
        if field.type == 'many2one':
            values[name] = env[field.comodel_name].search([], order='id desc', limit=1).id
        elif field.type == 'date':
            values[name] = fields.Date.today()
        elif field.type == 'selection':
            values[name] = field._description_selection(env)[0][0]
    return Wizard.create(values)


def record_to_walk(model):
    """(record, whether the rep may read it): one she may not read when there is one."""
    if model._transient:
        return wizard(model._name), False
    records = model.with_context(active_test=False).search([], order='id desc', limit=500)
    unreadable = records - records.with_user(rep)._filtered_access('read')
    return (unreadable[:1], False) if unreadable else (records[:1], True)


walk = []
for name in sorted(env.registry):
    model = env[name]
    if not name.startswith('sales.') or model._abstract:
        continue
    methods = public_methods(model)
    if not methods:
        continue
    record, readable = record_to_walk(model)
    walk.append({'model': name, 'id': record.id if record else None, 'readable': readable, 'methods': methods,
                 'snapshot': snapshot(record) if record else None})
env.cr.commit()
result(walk)
'''

# The same snapshots after the calls.
SNAPSHOT_SCRIPT = PRELUDE + r'''
result([snapshot(env[model].browse(record_id)) for model, record_id in %(records)r])
'''


@pytest.fixture(scope="module")
def walk(demo_db):
    return odoo_shell(demo_db, WALK_SCRIPT % {"rep": REP})


def test_walk_covers_the_addon(walk):
    models = {step["model"] for step in walk}
    assert {"sales.goal", "sales.goal.split.wizard", "sales.goal.generate.wizard"} <= models
    missing = [step["model"] for step in walk if not step["id"]]
    assert not missing, f"no record in the demo for: {missing}"


def test_rep_calls_every_public_method_on_others_records(demo_db, demo_server, api_keys, walk):
    key = api_keys[REP]
    wrong = {}  # calls neither refused nor harmless
    for step in walk:
        for method, required in step["methods"].items():
            response = json2(demo_server, step["model"], method, key, ids=[step["id"]],
                             **dict.fromkeys(required))
            if not (response.status_code == 403 or (step["readable"] and response.status_code == 200)):
                wrong[f"{step['model']}.{method}"] = response.status_code
    assert not wrong, f"neither refused (403) nor harmless on a readable record: {wrong}"
    records = [(step["model"], step["id"]) for step in walk]
    after = odoo_shell(demo_db, SNAPSHOT_SCRIPT % {"rep": REP, "records": records})
    for step, values in zip(walk, after, strict=True):
        assert values == step["snapshot"], f"{step['model']} {step['id']} changed"
