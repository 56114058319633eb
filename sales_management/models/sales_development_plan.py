from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sales_training_compliance import readiness


class SalesDevelopmentPlan(models.Model):
    _name = 'sales.development.plan'
    _description = "Sales Career Development Plan"
    _order = 'state_sequence, date_target, id desc'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'sales.training.state.mixin']
    _check_company_auto = True

    name = fields.Char(
        compute='_compute_name', store=True, readonly=False, precompute=True, required=True, tracking=True)
    employee_id = fields.Many2one(
        'hr.employee', required=True, index=True, check_company=True, tracking=True)
    user_id = fields.Many2one(related='employee_id.user_id', store=True, string="User")
    manager_id = fields.Many2one(
        'hr.employee', compute='_compute_manager_id', store=True, readonly=False,
        precompute=True, check_company=True, tracking=True, index='btree_not_null')
    manager_user_id = fields.Many2one(related='manager_id.user_id', store=True, string="Manager User")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company)
    current_job_id = fields.Many2one(related='employee_id.job_id', string="Current Job")
    target_job_id = fields.Many2one('hr.job', check_company=True, tracking=True)
    path = fields.Selection([
        ('promotion', "Promotion"),
        ('rotation', "Rotation"),
        ('growth', "Growth in Role"),
        ('improvement', "Improvement"),
    ], required=True, default='growth', tracking=True)
    state = fields.Selection([
        ('draft', "Draft"),
        ('active', "Active"),
        ('done', "Done"),
        ('cancelled', "Cancelled"),
    ], required=True, default='draft', copy=False, tracking=True, group_expand=True)
    state_sequence = fields.Integer(compute='_compute_state_sequence', store=True, export_string_translation=False)
    date_start = fields.Date("Start", default=fields.Date.context_today, required=True)
    date_target = fields.Date("Target Date", tracking=True)
    objective = fields.Html()
    action_ids = fields.One2many('sales.development.plan.action', 'plan_id', string="Actions", copy=True)
    enrollment_ids = fields.One2many('sales.training.enrollment', 'plan_id', string="Enrollments")
    progress = fields.Float(
        compute='_compute_progress', store=True, aggregator='avg',
        help="Share of the plan's actions (not cancelled) that are done.")

    # Gaps and readiness for the target job, computed live
    skill_gap_ids = fields.Many2many(
        'hr.job.skill', string="Skill Gaps", compute='_compute_skill_gaps',
        help="Skills the target job requires that the employee does not hold at the required level.")
    skill_gap_count = fields.Integer(compute='_compute_skill_gaps')
    target_readiness = fields.Float(
        compute='_compute_target_readiness',
        help="Share of the certificates the target job requires that the employee holds valid today.")
    promotion_eligible = fields.Boolean(
        compute='_compute_target_readiness',
        help="Every certificate the target job requires is valid, no required skill is missing and, when "
             "the employee has measured goals, their KPI attainment over the last 12 months reaches the company's "
             "at-risk threshold.")

    @api.constrains('date_start', 'date_target')
    def _check_dates(self):
        for plan in self:
            if plan.date_target and plan.date_target < plan.date_start:
                raise ValidationError(self.env._(
                    "The plan “%(plan)s” cannot reach its target before it starts.", plan=plan.name))

    @api.constrains('path', 'target_job_id')
    def _check_target_job(self):
        for plan in self:
            if plan.path in ('promotion', 'rotation') and not plan.target_job_id:
                raise ValidationError(self.env._(
                    "A promotion or rotation plan needs a target job: “%(plan)s”.", plan=plan.name))

    @api.depends('employee_id', 'path', 'target_job_id')
    def _compute_name(self):
        paths = dict(self._fields['path']._description_selection(self.env))
        for plan in self:
            if plan.employee_id:
                plan.name = " – ".join(filter(None, [
                    plan.employee_id.name, paths.get(plan.path), plan.target_job_id.name]))
            elif not plan.name:
                plan.name = False

    @api.depends('employee_id')
    def _compute_manager_id(self):
        for plan in self:
            plan.manager_id = plan.employee_id.parent_id

    @api.depends('state')
    def _compute_state_sequence(self):
        order = {'active': 0, 'draft': 1, 'done': 2, 'cancelled': 3}
        for plan in self:
            plan.state_sequence = order.get(plan.state, 9)

    @api.depends('action_ids.state')
    def _compute_progress(self):
        for plan in self:
            actions = plan.action_ids.filtered(lambda a: a.state != 'cancelled')
            done = actions.filtered(lambda a: a.state == 'done')
            plan.progress = 100.0 * len(done) / len(actions) if actions else 0.0

    @api.depends('target_job_id.job_skill_ids', 'employee_id.employee_skill_ids')
    def _compute_skill_gaps(self):
        today = fields.Date.context_today(self)
        for plan in self:
            required = plan.target_job_id.sudo().job_skill_ids.filtered(
                lambda s: not s.valid_to or s.valid_to >= today)
            held = plan.employee_id.sudo().employee_skill_ids.filtered(
                lambda s: s.valid_from <= today and (not s.valid_to or s.valid_to >= today))
            best = {}
            for skill in held:
                best[skill.skill_id] = max(best.get(skill.skill_id, 0), skill.level_progress)
            gaps = required.filtered(lambda s, best=best: best.get(s.skill_id, -1) < s.level_progress)
            plan.skill_gap_ids = gaps
            plan.skill_gap_count = len(gaps)

    @api.depends('employee_id', 'target_job_id', 'skill_gap_count')
    def _compute_target_readiness(self):
        status = self._get_target_status()
        for plan in self:
            if plan.id not in status:
                plan.target_readiness = 0.0
                plan.promotion_eligible = False
                continue
            value = readiness(line.state for line in status[plan.id])
            plan.target_readiness = value
            plan.promotion_eligible = (value >= 100.0 and not plan.skill_gap_count
                                       and plan._meets_kpi_requirement())

    def _get_target_status(self):
        """Live compliance of each plan's employee against its target job: plan id → list of
        Requirement. One measure per employee at a time, so as many rounds as an employee has
        plans (usually one)."""
        result = {}
        remaining = self.filtered(lambda plan: plan.employee_id and plan.target_job_id)
        while remaining:
            batch = self.browse()
            for plan in remaining:
                if plan.employee_id not in batch.employee_id:
                    batch |= plan
            status = self.env['sales.training.compliance']._get_status(
                batch.employee_id, {plan.employee_id: plan.target_job_id for plan in batch})
            result.update({plan.id: status[plan.employee_id.id] for plan in batch})
            remaining -= batch
        return result

    def _meets_kpi_requirement(self):
        employee = self.employee_id.sudo()
        if not employee.sales_kpi_goal_count:
            return True
        return employee.sales_kpi_attainment >= employee.company_id.sales_goal_at_risk_threshold

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_activate(self):
        self.check_access('write')
        self._check_state(('draft',))
        self.state = 'active'

    def action_done(self):
        self.check_access('write')
        self._check_state(('active',))
        self.state = 'done'

    def action_cancel(self):
        self.check_access('write')
        self._check_state(('draft', 'active'))
        self.state = 'cancelled'

    def action_draft(self):
        self.check_access('write')
        self._check_state(('cancelled',))
        self.state = 'draft'

    def action_add_gap_courses(self):
        """Add one course action per certificate of the target job that is not valid yet and that
        a course grants."""
        self.check_access('write')
        status = self._get_target_status()
        for plan in self.filtered(lambda plan: plan.id in status):
            planned_courses = plan.action_ids.filtered(lambda a: a.state != 'cancelled').course_id
            courses = self.env['sales.training.course'].union(*(
                line.course for line in status[plan.id] if line.state != 'compliant'))
            plan.action_ids = [
                fields.Command.create({
                    'name': course.name,
                    'action_type': 'course',
                    'course_id': course.id,
                    'owner_id': (plan.manager_user_id or self.env.user).id,
                    'date_deadline': plan.date_target,
                })
                for course in courses - planned_courses
            ]

    @api.model
    def action_open_my_plan(self):
        """The current user's development plan: the form of their active plan when they have
        one, else their plans."""
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_development_plan_action_my')
        plan = self.search([('user_id', '=', self.env.uid), ('state', '=', 'active')], limit=1)
        if plan:
            action.update({'res_id': plan.id, 'view_mode': 'form', 'views': [(False, 'form')]})
        return action
