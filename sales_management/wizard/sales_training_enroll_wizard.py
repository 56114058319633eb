from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesTrainingEnrollWizard(models.TransientModel):
    _name = 'sales.training.enroll.wizard'
    _description = "Enroll a Team or Job in a Training Session"

    session_id = fields.Many2one('sales.training.session', required=True)
    mode = fields.Selection([
        ('team', "A Sales Team"),
        ('job', "A Job Position"),
        ('employees', "Chosen Employees"),
    ], string="Enroll", required=True, default='team')
    team_id = fields.Many2one('crm.team', string="Sales Team")
    job_id = fields.Many2one('hr.job', string="Job Position")
    employee_ids = fields.Many2many(
        'hr.employee', string="Employees", compute='_compute_employee_ids', store=True, readonly=False)
    already_count = fields.Integer(compute='_compute_already_count')

    @api.depends('mode', 'team_id', 'job_id', 'session_id')
    def _compute_employee_ids(self):
        for wizard in self:
            company = wizard.session_id.company_id or self.env.company
            if wizard.mode == 'team' and wizard.team_id:
                users = wizard.team_id.member_ids | wizard.team_id.user_id
                wizard.employee_ids = self.env['hr.employee'].search(
                    [('user_id', 'in', users.ids), ('company_id', '=', company.id)])
            elif wizard.mode == 'job' and wizard.job_id:
                wizard.employee_ids = self.env['hr.employee'].search(
                    [('job_id', '=', wizard.job_id.id), ('company_id', '=', company.id)])
            elif wizard.mode != 'employees':
                wizard.employee_ids = False

    @api.depends('employee_ids', 'session_id')
    def _compute_already_count(self):
        for wizard in self:
            wizard.already_count = len(wizard._already_enrolled())

    def _already_enrolled(self):
        self.ensure_one()
        return self.env['sales.training.enrollment'].sudo().search([
            ('session_id', '=', self.session_id.id),
            ('employee_id', 'in', self.employee_ids.ids),
            ('state', '!=', 'cancelled'),
        ]).employee_id

    def action_enroll(self):
        """Enroll everybody chosen who is not enrolled yet; seats beyond capacity go to the waiting list."""
        self.ensure_one()
        new = self.employee_ids - self._already_enrolled()
        if not new:
            raise UserError(self.env._("Everybody chosen is already enrolled in “%(session)s”.",
                                       session=self.session_id.name))
        self.env['sales.training.enrollment'].create([
            {'session_id': self.session_id.id, 'employee_id': employee.id} for employee in new
        ])
        return self.session_id.action_view_enrollments()
