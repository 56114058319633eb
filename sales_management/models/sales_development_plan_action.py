from odoo import fields, models
from odoo.exceptions import UserError


class SalesDevelopmentPlanAction(models.Model):
    _name = 'sales.development.plan.action'
    _description = "Development Plan Action"
    _order = 'plan_id, sequence, date_deadline, id'
    _inherit = ['sales.training.state.mixin']
    _check_company_auto = True

    plan_id = fields.Many2one(
        'sales.development.plan', required=True, index=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related='plan_id.company_id', store=True, index=True)
    employee_id = fields.Many2one(related='plan_id.employee_id', store=True)
    name = fields.Char("Action", required=True)
    action_type = fields.Selection([
        ('course', "Training Course"),
        ('mentoring', "Mentoring"),
        ('rotation', "Rotation"),
        ('project', "Project"),
    ], string="Type", required=True, default='course')
    owner_id = fields.Many2one('res.users', default=lambda self: self.env.user)
    date_deadline = fields.Date("Deadline")
    state = fields.Selection([
        ('todo', "To Do"),
        ('done', "Done"),
        ('cancelled', "Cancelled"),
    ], required=True, default='todo', copy=False)
    course_id = fields.Many2one('sales.training.course', check_company=True)
    session_id = fields.Many2one(
        'sales.training.session', check_company=True,
        domain="[('course_id', '=', course_id), ('state', 'in', ('planned', 'in_progress'))]")
    enrollment_ids = fields.One2many('sales.training.enrollment', 'plan_action_id', string="Enrollments")
    enrollment_state = fields.Selection(
        related='enrollment_ids.state', string="Enrollment Status")
    note = fields.Text()

    def action_done(self):
        self.check_access('write')
        self._check_state(('todo',))
        self.state = 'done'

    def action_cancel(self):
        self.check_access('write')
        self._check_state(('todo',))
        self.state = 'cancelled'

    def action_enroll(self):
        """Enroll the plan's employee in the chosen session; the enrollment stays linked to this action."""
        self.check_access('write')
        for action in self:
            if action.action_type != 'course' or not action.session_id:
                raise UserError(self.env._(
                    "Choose a session of the course for the action “%(action)s” first.", action=action.name))
            self.env['sales.training.enrollment'].create({
                'session_id': action.session_id.id,
                'employee_id': action.employee_id.id,
                'plan_action_id': action.id,
            })
