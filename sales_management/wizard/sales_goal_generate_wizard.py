from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.sales_period import period_bounds


class SalesGoalGenerateWizard(models.TransientModel):
    _name = 'sales.goal.generate.wizard'
    _description = "Generate Goals from a Job Position's KPI Templates"

    job_id = fields.Many2one('hr.job', string="Job Position", required=True)
    period_type = fields.Selection([
        ('year', "Year"), ('quarter', "Quarter"), ('month', "Month"), ('week', "Week"),
    ], string="Period", required=True, default='month')
    date = fields.Date("Any Day of the Period", required=True, default=fields.Date.context_today)
    date_from = fields.Date(compute='_compute_period', string="Start")
    date_to = fields.Date(compute='_compute_period', string="End")
    employee_count = fields.Integer(compute='_compute_employee_count', string="Employees with a User")

    @api.depends('period_type', 'date')
    def _compute_period(self):
        for wizard in self:
            if wizard.date and wizard.period_type:
                wizard.date_from, wizard.date_to = period_bounds(wizard.period_type, wizard.date)
            else:
                wizard.date_from = wizard.date_to = False

    @api.depends('job_id')
    def _compute_employee_count(self):
        for wizard in self:
            wizard.employee_count = len(wizard._get_users())

    def _get_users(self):
        employees = self.env['hr.employee'].search([('job_id', '=', self.job_id.id), ('user_id', '!=', False)])
        return self.env['sales.goal']._settable_users(employees.user_id.filtered('active'))

    def action_generate(self):
        """Create one draft goal per holder of the job and template of the period, skipping
        goals that already exist."""
        self.ensure_one()
        self.job_id.check_access('read')
        templates = self.job_id.sales_kpi_template_ids.filtered(lambda tmpl: tmpl.period_type == self.period_type)
        if not templates:
            raise UserError(self.env._(
                "The job position %(job)s has no KPI template for this period.", job=self.job_id.name))
        users = self._get_users()
        if not users:
            raise UserError(self.env._("Nobody holding the job position %(job)s has a user.", job=self.job_id.name))
        existing = set(self.env['sales.goal'].search([
            ('level', '=', 'user'), ('user_id', 'in', users.ids), ('kpi_id', 'in', templates.kpi_id.ids),
            ('date_from', '=', self.date_from), ('date_to', '=', self.date_to), ('state', '!=', 'cancelled'),
        ]).mapped(lambda goal: (goal.user_id.id, goal.kpi_id.id)))
        goals = self.env['sales.goal'].create([{
            'level': 'user',
            'user_id': user.id,
            'kpi_id': template.kpi_id.id,
            'target': template.target,
            'weight': template.weight,
            'period_type': self.period_type,
            'date_from': self.date_from,
            'date_to': self.date_to,
            'company_id': user.company_id.id,
        } for user in users for template in templates if (user.id, template.kpi_id.id) not in existing])
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_goal_action')
        action.update({'domain': [('id', 'in', goals.ids)], 'view_mode': 'list,form',
                       'views': [(False, 'list'), (False, 'form')]})
        return action
