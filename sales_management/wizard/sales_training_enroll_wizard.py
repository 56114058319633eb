from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesTrainingEnrollWizard(models.TransientModel):
    """Enroll in a session: oneself (every user, from a session or a certificate reminder), or a
    sales team, a job or chosen employees at once (HR officers and team leaders)."""
    _name = 'sales.training.enroll.wizard'
    _description = "Enroll in a Training Session"
    _inherit = ['hr.mixin']

    def _default_mode(self):
        may_enroll_others = self.env['sales.training.enrollment'].has_access('create')
        return 'team' if may_enroll_others else 'self'

    session_id = fields.Many2one('sales.training.session', required=True)
    company_id = fields.Many2one(related='session_id.company_id')
    mode = fields.Selection([
        ('self', "Myself"),
        ('team', "A Sales Team"),
        ('job', "A Job Position"),
        ('employees', "Chosen Employees"),
    ], string="Enroll", required=True, default=lambda self: self._default_mode())
    team_id = fields.Many2one('crm.team', string="Sales Team")
    job_id = fields.Many2one('hr.job', string="Job Position")
    employee_ids = fields.Many2many(
        'hr.employee', string="Employees", compute='_compute_employee_ids', store=True, readonly=False,
        domain="[('company_id', 'in', (company_id, False))]")
    already_count = fields.Integer(compute='_compute_already_count')
    seat_note = fields.Char(compute='_compute_seat_note')

    @api.depends('mode', 'team_id', 'job_id', 'session_id')
    def _compute_employee_ids(self):
        for wizard in self:
            company = wizard.session_id.company_id or self.env.company
            if wizard.mode == 'self':
                wizard.employee_ids = wizard._self_employee(company)
            elif wizard.mode == 'team' and wizard.team_id:
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

    @api.depends('session_id', 'employee_ids')
    def _compute_seat_note(self):
        for wizard in self:
            session = wizard.session_id.sudo()
            new = len(wizard.employee_ids) - wizard.already_count
            if not session or not new:
                wizard.seat_note = False
            elif not session.capacity or session.seats_available >= new:
                wizard.seat_note = self.env._("A seat is free.") if new == 1 else self.env._("Enough seats are free.")
            elif not session.seats_available:
                wizard.seat_note = self.env._(
                    "The session is full: the waiting list moves up, first come first served, when a seat frees.")
            else:
                wizard.seat_note = self.env._(
                    "%(seats)s seats are free: the others join the waiting list.", seats=session.seats_available)

    def _self_employee(self, company):
        """The current user's employee in `company`."""
        return self.env['hr.employee'].sudo().search(
            [('user_id', '=', self.env.uid), ('company_id', '=', company.id)], limit=1).with_env(self.env)

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
        self.check_access('write')
        self.session_id.check_access('read')
        self.session_id._check_open_for_enrollment()
        if self.mode == 'self':
            return self._enroll_self()
        self.env['sales.training.enrollment'].check_access('create')
        new = self.employee_ids - self._already_enrolled()
        if not new:
            raise UserError(self.env._("Everybody chosen is already enrolled in “%(session)s”.",
                                       session=self.session_id.name))
        self.env['sales.training.enrollment'].create([
            {'session_id': self.session_id.id, 'employee_id': employee.id} for employee in new
        ])
        return self.session_id.action_view_enrollments()

    def _enroll_self(self):
        """Enroll the current user's employee of the session's company (reps may not create
        enrollments for anybody, hence the superuser once everything is checked)."""
        session = self.session_id
        employee = self._self_employee(session.company_id)
        if not employee:
            raise UserError(self.env._(
                "You have no employee record in %(company)s: ask HR to create it before enrolling.",
                company=session.company_id.name))
        if self._already_enrolled() & employee:
            raise UserError(self.env._(
                "You are already enrolled in “%(session)s”.", session=session.name))
        enrollment = self.env['sales.training.enrollment'].sudo().create(
            {'session_id': session.id, 'employee_id': employee.id})
        enrollment.message_post(body=self.env._("%(user)s enrolled themself.", user=self.env.user.name))
        states = dict(enrollment._fields['state']._description_selection(self.env))
        return {
            'type': 'ir.actions.client',
            'tag': 'display_notification',
            'params': {
                'type': 'success',
                'message': self.env._("“%(session)s”: %(state)s.", session=session.name,
                                      state=states[enrollment.state]),
                'next': {'type': 'ir.actions.act_window_close'},
            },
        }
