from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .sales_training_compliance import readiness

# Who reads the training side of an employee: HR officers and every Sales Performance user.
TRAINING_READERS = 'sales_management.group_sales_training_user'


class HrEmployee(models.Model):
    _inherit = 'hr.employee'

    sales_training_enrollment_ids = fields.One2many(
        'sales.training.enrollment', 'employee_id', string="Training Enrollments", groups=TRAINING_READERS)
    sales_training_compliance_ids = fields.One2many(
        'sales.training.compliance', 'employee_id', string="Training Compliance", groups=TRAINING_READERS)
    sales_training_readiness = fields.Float(
        "Training Readiness", compute='_compute_sales_training_readiness', compute_sudo=True, groups=TRAINING_READERS,
        help="Share of the certificates the job requires that are valid today.")
    sales_training_issue_count = fields.Integer(
        "Training Issues", compute='_compute_sales_training_readiness', compute_sudo=True, groups=TRAINING_READERS,
        help="Required certificates that are missing, expired or expiring soon.")
    sales_kpi_attainment = fields.Float(
        "KPI Attainment", compute='_compute_sales_kpi_attainment', compute_sudo=True, groups=TRAINING_READERS,
        help="Weighted average attainment, each goal capped at 100 %, of the salesperson goals of this "
             "employee's user whose period ended in the last 12 months.")
    sales_kpi_goal_count = fields.Integer(
        "Measured Goals", compute='_compute_sales_kpi_attainment', compute_sudo=True, groups=TRAINING_READERS)
    sales_readiness = fields.Float(
        "Readiness", compute='_compute_sales_readiness', compute_sudo=True, groups=TRAINING_READERS,
        help="Training readiness and, when the employee has measured goals, KPI attainment: their average.")
    sales_development_plan_count = fields.Integer(
        "Development Plans", compute='_compute_sales_development_plan_count', groups=TRAINING_READERS)

    @api.depends('job_id', 'employee_skill_ids.valid_from', 'employee_skill_ids.valid_to',
                 'employee_skill_ids.skill_level_id')
    @api.depends_context('company')
    def _compute_sales_training_readiness(self):
        status = self.env['sales.training.compliance']._get_status(self)
        for employee in self:
            states = [line.state for line in status.get(employee.id, [])]
            employee.sales_training_readiness = readiness(states)
            employee.sales_training_issue_count = sum(1 for state in states if state != 'compliant')

    @api.depends('user_id')
    @api.depends_context('company')
    def _compute_sales_kpi_attainment(self):
        today = fields.Date.context_today(self)
        goals = self.env['sales.goal'].search([
            ('level', '=', 'user'), ('user_id', 'in', self.user_id.ids), ('state', 'in', ('confirmed', 'closed')),
            ('date_to', '<', today), ('date_to', '>=', today - relativedelta(years=1)), ('weight', '>', 0),
        ])
        goals_by_user = goals.grouped('user_id')
        for employee in self:
            user_goals = goals_by_user.get(employee.user_id, goals.browse())
            total_weight = sum(user_goals.mapped('weight'))
            employee.sales_kpi_goal_count = len(user_goals)
            employee.sales_kpi_attainment = sum(
                min(goal.attainment, 100.0) * goal.weight for goal in user_goals) / total_weight if user_goals else 0.0

    @api.depends('sales_training_readiness', 'sales_kpi_attainment', 'sales_kpi_goal_count')
    def _compute_sales_readiness(self):
        for employee in self:
            if employee.sales_kpi_goal_count:
                employee.sales_readiness = (employee.sales_training_readiness + employee.sales_kpi_attainment) / 2
            else:
                employee.sales_readiness = employee.sales_training_readiness

    def _compute_sales_development_plan_count(self):
        counts = dict(self.env['sales.development.plan']._read_group(
            [('employee_id', 'in', self.ids), ('state', 'in', ('draft', 'active'))], ['employee_id'], ['__count']))
        for employee in self:
            employee.sales_development_plan_count = counts.get(employee, 0)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        employees.filtered('job_id')._refresh_sales_training_compliance()
        return employees

    def write(self, vals):
        result = super().write(vals)
        if {'job_id', 'active', 'company_id', 'user_id'} & set(vals):
            self._refresh_sales_training_compliance()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_sales_training_compliance(self):
        self.ensure_one()
        self.check_access('read')
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_training_compliance_action')
        action['domain'] = [('employee_id', '=', self.id)]
        action['context'] = {}
        return action

    def action_view_sales_development_plans(self):
        self.ensure_one()
        self.check_access('read')
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_development_plan_action')
        action['domain'] = [('employee_id', '=', self.id)]
        action['context'] = {'default_employee_id': self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _add_certification_activity_to_employees(self):
        """hr_skills' daily reminder of missing or expiring certificates is replaced by the
        compliance reminder: one activity per person and required certificate, naming the next
        session to enroll in. Either cron creates it once; neither creates a second one."""
        return self.env['sales.training.compliance']._cron_refresh_and_remind()

    def _refresh_sales_training_compliance(self):
        if self:
            self.env['sales.training.compliance']._refresh(self)
