from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesTrainingAttendanceWizard(models.TransientModel):
    """Record, after a session ended, that people attended and passed: the sheet came late,
    or someone was forgotten. Only those who run sessions do it, and they say why."""
    _name = 'sales.training.attendance.wizard'
    _description = "Record a Past Training Attendance"
    _inherit = ['hr.mixin']

    session_id = fields.Many2one('sales.training.session', required=True, readonly=True)
    company_id = fields.Many2one(related='session_id.company_id')
    employee_ids = fields.Many2many(
        'hr.employee', string="Attendees", domain="[('company_id', 'in', (company_id, False))]")
    passing_score = fields.Float(related='session_id.course_id.passing_score')
    score = fields.Float(help="The score on the attendance sheet, at least the course's passing score.")
    reason = fields.Text(help="Why the attendance is recorded after the session, e.g. the sheet came late.")

    @api.onchange('session_id')
    def _onchange_session_id(self):
        if not self.score:
            self.score = self.passing_score

    def action_record(self):
        """Record the attendance and the pass; the certificate is valid from the session's last day."""
        self.ensure_one()
        self.check_access('write')
        session = self.session_id
        session.check_access('write')
        reason = (self.reason or '').strip()
        if not reason:
            raise UserError(self.env._("Say why this attendance is recorded after the session."))
        if not self.employee_ids:
            raise UserError(self.env._("Choose who attended “%(session)s”.", session=session.name))
        if session.state == 'cancelled':
            raise UserError(self.env._(
                "The session “%(session)s” was cancelled: nobody attended it.", session=session.name))
        if not session.has_ended:
            raise UserError(self.env._(
                "The session “%(session)s” has not ended yet: enroll people instead.", session=session.name))
        if not session.course_id.passing_score <= self.score <= 100:
            raise UserError(self.env._(
                "Only a pass can be recorded after the fact: the score must be between %(passing)s and 100.",
                passing=session.course_id.passing_score))
        Enrollment = self.env['sales.training.enrollment']
        existing = Enrollment.search([
            ('session_id', '=', session.id), ('employee_id', 'in', self.employee_ids.ids), ('state', '!=', 'cancelled'),
        ])
        passed = existing.filtered(lambda enrollment: enrollment.state == 'passed')
        if passed:
            raise UserError(self.env._(
                "%(employees)s already passed “%(session)s”.",
                employees=", ".join(passed.employee_id.mapped('name')), session=session.name))
        created = Enrollment.create([
            {'session_id': session.id, 'employee_id': employee.id, 'state': 'attended', 'record_reason': reason}
            for employee in self.employee_ids - existing.employee_id
        ])
        (existing | created)._record_passed(self.score, reason)
        return session.action_view_enrollments()
