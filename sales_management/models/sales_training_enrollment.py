import re
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .sales_training_session import SEAT_STATES

# Who may record an attendance after the session ended: those who run sessions.
SESSION_MANAGER_GROUP = 'sales_management.group_sales_training_manager'


def _unique_attendee_message(env, diagnostics):
    """The message of the one-active-enrollment index, naming the person and the session."""
    match = re.search(r"=\((\d+), (\d+)\)", (diagnostics and diagnostics.message_detail) or "")
    if match:
        session = env['sales.training.session'].sudo().browse(int(match[1])).exists()
        employee = env['hr.employee'].sudo().browse(int(match[2])).exists()
        if session and employee:
            return env._("%(employee)s is already enrolled in the session “%(session)s”.",
                         employee=employee.name, session=session.name)
    return env._("This person is already enrolled in this session.")


class SalesTrainingEnrollment(models.Model):
    _name = 'sales.training.enrollment'
    _description = "Sales Training Enrollment"
    _order = 'date_session desc, id'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'sales.training.state.mixin']
    _rec_name = 'employee_id'
    _check_company_auto = True

    # The session is not checked against the enrollment's company: the company follows the session.
    session_id = fields.Many2one('sales.training.session', required=True, ondelete='cascade', index=True, tracking=True)
    course_id = fields.Many2one(related='session_id.course_id', store=True, index=True)
    category_id = fields.Many2one(related='session_id.course_id.category_id', store=True)
    company_id = fields.Many2one(
        'res.company', compute='_compute_company_id', store=True, precompute=True, readonly=True, index=True,
        default=lambda self: self.env.company,
        help="The session's company; before a session is chosen, the user's, so that people can be chosen.")
    date_session = fields.Datetime("Session Date", related='session_id.date_start', store=True)
    employee_id = fields.Many2one(
        'hr.employee', required=True, index=True, check_company=True, tracking=True)
    user_id = fields.Many2one(related='employee_id.user_id', store=True, string="User")
    # Snapshots taken at enrollment, so that spend stays with the team and job that trained the person.
    team_id = fields.Many2one(
        'crm.team', string="Sales Team", compute='_compute_team_job', store=True, readonly=False)
    job_id = fields.Many2one('hr.job', string="Job Position", compute='_compute_team_job', store=True, readonly=False)
    state = fields.Selection([
        ('waiting', "Waiting List"),
        ('enrolled', "Enrolled"),
        ('attended', "Attended"),
        ('passed', "Passed"),
        ('failed', "Failed"),
        ('absent', "Absent"),
        ('cancelled', "Cancelled"),
    ], required=True, default='enrolled', copy=False, tracking=True, index=True)
    score = fields.Float(tracking=True, aggregator='avg')
    has_score = fields.Boolean(
        "Scored", help="Set when a score has been recorded (a score of 0 is still a score).")
    date_completed = fields.Date("Completed On", copy=False, tracking=True)
    date_expiry = fields.Date(
        "Valid Until", copy=False, tracking=True,
        help="Last day on which the certification obtained here is valid; empty when it never expires.")
    employee_skill_id = fields.Many2one(
        'hr.employee.skill', string="Certification Granted", copy=False, ondelete='set null', readonly=True)
    plan_action_id = fields.Many2one(
        'sales.development.plan.action', string="Development Action", index='btree_not_null', ondelete='set null')
    plan_id = fields.Many2one(related='plan_action_id.plan_id', store=True, string="Development Plan")
    record_reason = fields.Text(
        "Recorded After the Fact", readonly=True, tracking=True,
        help="Why HR recorded this attendance after the session ended.")

    # Money
    currency_id = fields.Many2one(related='session_id.currency_id')
    cost = fields.Monetary(
        currency_field='currency_id', compute='_compute_cost', store=True,
        help="Course fee plus this attendee's share of the session's fixed cost.")

    _unique_attendee = models.UniqueIndex(
        "(session_id, employee_id) WHERE state != 'cancelled'", _unique_attendee_message)

    @api.constrains('score', 'has_score', 'state')
    def _check_score(self):
        for enrollment in self:
            if enrollment.score < 0 or enrollment.score > 100:
                raise ValidationError(self.env._(
                    "The score of %(employee)s must be between 0 and 100, not %(score)s.",
                    employee=enrollment.employee_id.name, score=enrollment.score))
            if enrollment.state == 'absent' and (enrollment.has_score or enrollment.score):
                raise ValidationError(self.env._(
                    "%(employee)s was absent from “%(session)s” and cannot get a score.",
                    employee=enrollment.employee_id.name, session=enrollment.session_id.name))

    @api.depends('session_id')
    def _compute_company_id(self):
        for enrollment in self:
            enrollment.company_id = enrollment.session_id.company_id or enrollment.company_id or self.env.company

    @api.depends('employee_id')
    def _compute_team_job(self):
        for enrollment in self:
            enrollment.team_id = enrollment.employee_id.user_id.sale_team_id
            enrollment.job_id = enrollment.employee_id.job_id

    @api.depends('state', 'session_id.cost_fixed', 'session_id.seats_taken', 'course_id.cost')
    def _compute_cost(self):
        for enrollment in self:
            session = enrollment.session_id
            if enrollment.state in SEAT_STATES and session.seats_taken:
                enrollment.cost = enrollment.course_id.cost + session.cost_fixed / session.seats_taken
            else:
                enrollment.cost = 0.0

    @api.onchange('score')
    def _onchange_score(self):
        self.has_score = True

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sessions = self.env['sales.training.session'].browse(
            {vals['session_id'] for vals in vals_list if vals.get('session_id')}).sudo()
        employees = self.env['hr.employee'].browse(
            {vals['employee_id'] for vals in vals_list if vals.get('employee_id')}).sudo()
        for vals in vals_list:
            session = sessions.browse(vals.get('session_id'))
            employee = employees.browse(vals.get('employee_id'))
            if employee.company_id and session.company_id and employee.company_id != session.company_id:
                raise UserError(self.env._(
                    "%(employee)s works for %(company)s and cannot enroll in “%(session)s”, a session of "
                    "%(session_company)s.", employee=employee.name, company=employee.company_id.name,
                    session=session.name, session_company=session.company_id.name))
            if vals.get('state', 'enrolled') in ('enrolled', 'waiting') or not session.has_ended:
                session._check_open_for_enrollment()
            else:
                self._check_record_after_the_fact(session, vals)
        # Fill the free seats in order; the others join the waiting list.
        free = {session.id: session.seats_available for session in sessions if session.capacity}
        for vals in vals_list:
            if vals.get('state', 'enrolled') != 'enrolled' or vals.get('session_id') not in free:
                continue
            if free[vals['session_id']] > 0:
                free[vals['session_id']] -= 1
            else:
                vals['state'] = 'waiting'
        for vals in vals_list:
            if 'score' in vals and 'has_score' not in vals:
                vals['has_score'] = bool(vals['score'])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get('state') in ('enrolled', 'waiting'):
            self.session_id._check_open_for_enrollment()
        if 'score' in vals and 'has_score' not in vals:
            vals = dict(vals, has_score=True)
        freed = self.env['sales.training.enrollment']
        if vals.get('state') in ('cancelled', 'waiting'):
            freed = self.filtered(lambda e: e.state in SEAT_STATES)
        result = super().write(vals)
        if freed:
            freed.session_id._promote_waiting()
        return result

    def unlink(self):
        sessions = self.filtered(lambda e: e.state in SEAT_STATES).session_id
        result = super().unlink()
        sessions.exists()._promote_waiting()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_attend(self):
        """The attendee was there."""
        self.check_access('write')
        self._check_state(('enrolled', 'absent'))
        self.state = 'attended'

    def action_absent(self):
        """The attendee did not come: no score, no certification."""
        self.check_access('write')
        self._check_state(('enrolled', 'attended'))
        self.state = 'absent'

    def action_evaluate(self):
        """Pass or fail attendees on their score; passing grants the course's certification."""
        self.check_access('write')
        self._check_state(('attended', 'failed'))
        unscored = self.filtered(lambda e: not e.has_score)
        if unscored:
            raise UserError(self.env._(
                "Record a score for %(employees)s first.", employees=", ".join(unscored.employee_id.mapped('name'))))
        passed = self.filtered(lambda e: e.score >= e.course_id.passing_score)
        (self - passed).write({'state': 'failed'})
        if passed:
            passed.write({'state': 'passed'})
            passed._grant_certifications()

    def action_cancel(self):
        """Withdraw: the seat goes to the first person on the waiting list."""
        self.check_access('write')
        self._check_state(('enrolled', 'waiting'))
        self.state = 'cancelled'

    def action_reset(self):
        """Enroll again after a cancellation, an absence or a failure."""
        self.check_access('write')
        self._check_state(('cancelled', 'absent', 'failed'))
        self.write({'state': 'enrolled', 'score': 0.0, 'has_score': False})
        for session, enrollments in self.grouped('session_id').items():
            if session.sudo().capacity and session.sudo().seats_taken > session.sudo().capacity:
                overflow = session.sudo().seats_taken - session.sudo().capacity
                enrollments[-overflow:].state = 'waiting'

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _check_record_after_the_fact(self, session, vals):
        """An enrollment created in a session that has ended records history: only those who run
        sessions may do it, with a reason."""
        if not (self.env.su or self.env.user.has_group(SESSION_MANAGER_GROUP)):
            raise UserError(self.env._(
                "The session “%(session)s” has ended: only HR can record an attendance after the fact.",
                session=session.name))
        if not (vals.get('record_reason') or '').strip():
            raise UserError(self.env._(
                "Give the reason for recording an attendance of “%(session)s” after the fact.", session=session.name))

    def _record_passed(self, score, reason):
        """Record that these attendees of an ended session attended and passed with `score`,
        certified from the day the session ended."""
        session = self.session_id
        completed = fields.Datetime.context_timestamp(self, session.date_end).date()
        self.write({'state': 'attended', 'score': score, 'has_score': True, 'record_reason': reason,
                    'date_completed': completed})
        self.action_evaluate()
        for enrollment in self:
            enrollment.message_post(body=self.env._(
                "Attendance recorded after the session by %(user)s: %(reason)s", user=self.env.user.name,
                reason=reason))

    def _grant_certifications(self):
        """Record completion and expiry, and grant or renew the hr_skills certificate.

        The certificate starts on the completion day. One still valid then is closed the day
        before (or replaced when it starts the same day), and the new one ends the day before a
        later certificate of the same skill starts (an attendance recorded after the fact), so an
        employee holds one certificate per skill at a time and keeps the history of the others.
        """
        today = fields.Date.context_today(self)
        for enrollment in self:
            completed = enrollment.date_completed or today
            enrollment.write({
                'date_completed': completed,
                'date_expiry': enrollment.course_id._get_expiry_date(completed),
            })
        certifying = self.filtered(lambda e: e.course_id.skill_id and e.course_id.skill_level_id).sorted(
            lambda e: (e.date_completed, e.id))
        EmployeeSkill = self.env['hr.employee.skill'].sudo()
        existing = EmployeeSkill.search([
            ('employee_id', 'in', certifying.employee_id.ids),
            ('skill_id', 'in', certifying.course_id.skill_id.ids),
            ('skill_level_id', 'in', certifying.course_id.skill_level_id.ids),
            '|', ('valid_to', '=', False), ('valid_to', '>=', min(certifying.mapped('date_completed'), default=today)),
        ])
        by_key = existing.grouped(lambda s: (s.employee_id, s.skill_id, s.skill_level_id))
        for enrollment in certifying:
            course = enrollment.course_id
            key = (enrollment.employee_id, course.skill_id, course.skill_level_id)
            start, stop = enrollment.date_completed, enrollment.date_expiry
            others = by_key.get(key, EmployeeSkill).filtered(
                lambda s, start=start: not s.valid_to or s.valid_to >= start)
            later = others.filtered(lambda s, start=start: s.valid_from > start)
            if later:
                next_start = min(later.mapped('valid_from')) - timedelta(days=1)
                stop = min(stop, next_start) if stop else next_start
            same_day = others.filtered(lambda s, start=start: s.valid_from == start)[:1]
            (others - later - same_day).write({'valid_to': start - timedelta(days=1)})
            if same_day:
                same_day.write({'valid_to': stop})
                skill = same_day
            else:
                skill = EmployeeSkill.create({
                    'employee_id': enrollment.employee_id.id,
                    'skill_type_id': course.skill_type_id.id,
                    'skill_id': course.skill_id.id,
                    'skill_level_id': course.skill_level_id.id,
                    'valid_from': start,
                    'valid_to': stop,
                })
                by_key[key] = by_key.get(key, EmployeeSkill) | skill
            enrollment.write({'employee_skill_id': skill.id, 'date_expiry': stop})
            enrollment.message_post(body=Markup("%s") % self.env._(
                "Certification %(skill)s granted, valid until %(date)s.",
                skill=skill.display_name, date=stop or self.env._("no expiry")))
        self.plan_action_id.filtered(lambda a: a.state == 'todo').state = 'done'
