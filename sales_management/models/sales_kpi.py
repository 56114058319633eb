import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

# Where a KPI's actual value comes from; the goals engine reads documents per source.
KPI_SOURCES = [
    ('won_revenue', "Won Revenue"),
    ('order_amount', "Confirmed Orders"),
    ('invoiced_amount', "Invoiced Revenue"),
    ('collected_amount', "Collected Payments"),
    ('collection_rate', "Collection Rate"),
    ('new_customers', "New Customers"),
    ('won_count', "Won Opportunities"),
    ('conversion_rate', "Lead Conversion Rate"),
    ('retention_rate', "Customer Retention Rate"),
    ('activities_done', "Activities Done"),
    ('manual', "Manual Entry"),
    ('custom', "Custom (model and domain)"),
]

# A code is a stable identifier used by imports, the API and formulas.
CODE_PATTERN = re.compile(r'^[a-z][a-z0-9_]*$')

# Field types a custom KPI can sum.
MEASURE_FIELD_TYPES = ('integer', 'float', 'monetary')

# What defines a custom KPI's documents. The engine reads them with superuser rights for every
# goal, so only Settings administrators choose them, as gamification reserves goal definitions.
CUSTOM_SOURCE_FIELDS = frozenset({'model_id', 'domain', 'date_field_id', 'measure_field_id', 'user_field_id'})


class SalesKpi(models.Model):
    _name = 'sales.kpi'
    _description = "Sales KPI"
    _order = 'sequence, id'
    _inherit = ['mail.thread']
    _check_company_auto = True

    # Identity
    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True,
        help="Stable identifier for imports, the API and reports: lowercase letters, digits and underscores.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(
        "Definition", translate=True,
        help="What exactly is measured, so that every rep reads the number the same way.")
    company_id = fields.Many2one(
        'res.company', index=True,
        help="Leave empty to share this KPI with every company.")
    color = fields.Integer()

    # Measure
    source = fields.Selection(KPI_SOURCES, required=True, default='manual', tracking=True)
    unit = fields.Selection([
        ('amount', "Amount"),
        ('count', "Count"),
        ('percent', "Percentage"),
    ], required=True, default='amount', tracking=True)
    direction = fields.Selection([
        ('higher_better', "Higher is better"),
        ('lower_better', "Lower is better"),
    ], required=True, default='higher_better', tracking=True)

    # Custom source
    model_id = fields.Many2one(
        'ir.model', ondelete='cascade',
        domain=[('transient', '=', False)],
        help="Documents counted or summed by this KPI.")
    model_name = fields.Char(related='model_id.model', string="Model Name")
    domain = fields.Char(
        "Filter", default="[]",
        help="Which documents count, e.g. [('state', '=', 'sale')].")
    date_field_id = fields.Many2one(
        'ir.model.fields', ondelete='cascade',
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), ('store', '=', True)]",
        help="The document date that places it in a goal's period.")
    measure_field_id = fields.Many2one(
        'ir.model.fields', string="Measure", ondelete='cascade',
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('integer', 'float', 'monetary')),"
               " ('store', '=', True)]",
        help="The number to sum; leave empty to count documents.")
    user_field_id = fields.Many2one(
        'ir.model.fields', string="Salesperson Field", ondelete='cascade',
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), ('relation', '=', 'res.users'),"
               " ('store', '=', True)]",
        help="The field that names the rep credited with the document.")

    _code_company_uniq = models.UniqueIndex(
        "(code, company_id) NULLS NOT DISTINCT",
        "A KPI with this code already exists in this company.",
    )

    @api.constrains('code')
    def _check_code(self):
        invalid = self.filtered(lambda kpi: not CODE_PATTERN.match(kpi.code or ''))
        if invalid:
            raise ValidationError(self.env._(
                "KPI codes use lowercase letters, digits and underscores and start with a letter: %(codes)s",
                codes=", ".join(invalid.mapped('code')),
            ))

    @api.constrains('source', 'model_id', 'domain', 'date_field_id', 'measure_field_id', 'user_field_id')
    def _check_custom_source(self):
        for kpi in self.filtered(lambda k: k.source == 'custom'):
            if not (kpi.model_id and kpi.date_field_id and kpi.user_field_id):
                raise ValidationError(self.env._(
                    "The custom KPI “%(kpi)s” needs a model, a date field and a salesperson field.",
                    kpi=kpi.name,
                ))
            fields_by_role = {
                self.env._("date field"): kpi.date_field_id,
                self.env._("measure"): kpi.measure_field_id,
                self.env._("salesperson field"): kpi.user_field_id,
            }
            for role, field in fields_by_role.items():
                if field and field.model_id != kpi.model_id:
                    raise ValidationError(self.env._(
                        "The %(role)s “%(field)s” of KPI “%(kpi)s” does not belong to the model %(model)s.",
                        role=role, field=field.field_description, kpi=kpi.name, model=kpi.model_id.name,
                    ))
            if kpi.measure_field_id and kpi.measure_field_id.ttype not in MEASURE_FIELD_TYPES:
                raise ValidationError(self.env._(
                    "The measure of KPI “%(kpi)s” must be a number field.", kpi=kpi.name,
                ))
            Model = self.env[kpi.model_id.model]
            for role, field in fields_by_role.items():
                if field:
                    kpi._check_readable_field(Model, field.name, role)
            kpi._check_custom_domain()

    def _check_readable_field(self, Model, field_name, role):
        """Refuse a field the engine could not read as every user may: one restricted to some
        groups (its sum would show what those users may not read) or one not stored."""
        field = Model._fields.get(field_name)
        if field is None:
            return
        if field.groups:
            raise ValidationError(self.env._(
                "The %(role)s “%(field)s” of KPI “%(kpi)s” is restricted to some user groups: a KPI would "
                "show its figures to everybody who reads the goals.",
                role=role, field=field._description_string(self.env), kpi=self.name))
        if not field.store:
            raise ValidationError(self.env._(
                "The %(role)s “%(field)s” of KPI “%(kpi)s” is not stored in the database: the KPI engine "
                "can only read stored fields.", role=role, field=field._description_string(self.env), kpi=self.name))

    def _check_custom_domain(self):
        """Evaluate the filter and run it once, so a broken one is refused when saved; every field
        it reads must be one the KPI could measure (stored, not restricted to some groups)."""
        self.ensure_one()
        Model = self.env[self.model_id.model]
        try:
            domain = Domain(safe_eval(self.domain or "[]"))
        except Exception as error:  # any failure means the filter is unusable
            raise ValidationError(self.env._(
                "The filter of KPI “%(kpi)s” is not valid: %(error)s", kpi=self.name, error=error,
            )) from error
        self._check_domain_fields(Model, domain)
        try:
            with self.env.cr.savepoint():
                Model.sudo().search_count(domain, limit=1)
        except Exception as error:  # any failure means the filter is unusable
            raise ValidationError(self.env._(
                "The filter of KPI “%(kpi)s” is not valid: %(error)s", kpi=self.name, error=error,
            )) from error

    def _check_domain_fields(self, Model, domain):
        for condition in domain.iter_conditions():
            current = Model
            for name in condition.field_expr.split('.'):
                self._check_readable_field(current, name, self.env._("filter field"))
                field = current._fields.get(name)
                if field is None or not field.relational:
                    break
                current = self.env[field.comodel_name]
            if condition.operator in ('any', 'not any', 'any!', 'not any!'):
                self._check_domain_fields(current, Domain(condition.value))

    @api.onchange('model_id')
    def _onchange_model_id(self):
        self.date_field_id = self.measure_field_id = self.user_field_id = False

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get('source') == 'custom' for vals in vals_list):
            self._check_custom_source_access()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get('source') == 'custom' or (
                CUSTOM_SOURCE_FIELDS.intersection(vals) and any(kpi.source == 'custom' for kpi in self)):
            self._check_custom_source_access()
        return super().write(vals)

    def _check_custom_source_access(self):
        if not self.env.su and not self.env.user.has_group('base.group_system'):
            raise AccessError(self.env._(
                "Only a Settings administrator can choose which documents a custom KPI reads (its model, "
                "filter and fields): the KPI engine reads them for every goal, whoever may see them."))

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default and 'code' in default:
            return vals_list
        return [
            dict(vals, code=f"{kpi.code}_copy", name=self.env._("%(name)s (copy)", name=kpi.name))
            for kpi, vals in zip(self, vals_list, strict=True)
        ]
