from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .sales_training_session import SEAT_STATES


class SalesTrainingEnrollment(models.Model):
    _name = 'sales.training.enrollment'
    _description = "Sales Training Enrollment"
    _order = 'date_session desc, id'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _rec_name = 'employee_id'
    _check_company_auto = True

    session_id = fields.Many2one(
        'sales.training.session', required=True, ondelete='cascade', index=True,
        check_company=True, tracking=True)
    course_id = fields.Many2one(related='session_id.course_id', store=True, index=True)
    category_id = fields.Many2one(related='session_id.course_id.category_id', store=True)
    company_id = fields.Many2one(related='session_id.company_id', store=True, index=True, precompute=True)
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

    # Money
    currency_id = fields.Many2one(related='session_id.currency_id')
    cost = fields.Monetary(
        currency_field='currency_id', compute='_compute_cost', store=True,
        help="Course fee plus this attendee's share of the session's fixed cost.")

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

    @api.constrains('session_id', 'employee_id', 'state')
    def _check_unique_attendee(self):
        active = self.filtered(lambda e: e.state != 'cancelled')
        if not active:
            return
        others = self.sudo().search([
            ('session_id', 'in', active.session_id.ids),
            ('employee_id', 'in', active.employee_id.ids),
            ('state', '!=', 'cancelled'),
        ])
        counts = defaultdict(int)
        for enrollment in others:
            counts[enrollment.session_id, enrollment.employee_id] += 1
        duplicates = active.filtered(lambda e: counts[e.session_id, e.employee_id] > 1)
        if duplicates:
            raise ValidationError(self.env._(
                "%(employee)s is already enrolled in the session “%(session)s”.",
                employee=duplicates[0].employee_id.name, session=duplicates[0].session_id.name))

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
        closed = sessions.filtered(lambda s: s.state in ('done', 'cancelled'))
        if closed:
            raise UserError(self.env._(
                "Nobody can enroll in the closed session “%(session)s”.", session=closed[0].name))
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
        self._check_state(('enrolled', 'absent'))
        self.state = 'attended'

    def action_absent(self):
        """The attendee did not come: no score, no certification."""
        self._check_state(('enrolled', 'attended'))
        self.state = 'absent'

    def action_evaluate(self):
        """Pass or fail attendees on their score; passing grants the course's certification."""
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
        self._check_state(('enrolled', 'waiting'))
        self.state = 'cancelled'

    def action_reset(self):
        """Enroll again after a cancellation, an absence or a failure."""
        self._check_state(('cancelled', 'absent', 'failed'))
        self.write({'state': 'enrolled', 'score': 0.0, 'has_score': False})
        for session, enrollments in self.grouped('session_id').items():
            if session.sudo().capacity and session.sudo().seats_taken > session.sudo().capacity:
                overflow = session.sudo().seats_taken - session.sudo().capacity
                enrollments[-overflow:].state = 'waiting'

    def _check_state(self, allowed):
        wrong = self.filtered(lambda e: e.state not in allowed)
        if wrong:
            states = dict(self._fields['state']._description_selection(self.env))
            raise UserError(self.env._(
                "%(employee)s's enrollment is %(state)s: this step is not possible now.",
                employee=wrong[0].employee_id.name, state=states[wrong[0].state]))

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _grant_certifications(self):
        """Record completion and expiry, and grant or renew the hr_skills certification.

        A still-valid certification of the same skill and level is closed the day before the
        new one starts (or replaced when it starts the same day), so an employee holds exactly
        one current certification per course skill and keeps the history of the previous ones.
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
        if certifying:
            EmployeeSkill = self.env['hr.employee.skill'].sudo()
            existing = EmployeeSkill.search([
                ('employee_id', 'in', certifying.employee_id.ids),
                ('skill_id', 'in', certifying.course_id.skill_id.ids),
                ('skill_level_id', 'in', certifying.course_id.skill_level_id.ids),
                '|', ('valid_to', '=', False), ('valid_to', '>=', min(certifying.mapped('date_completed'))),
            ])
            current = existing.grouped(lambda s: (s.employee_id, s.skill_id, s.skill_level_id))
            for enrollment in certifying:
                course = enrollment.course_id
                key = (enrollment.employee_id, course.skill_id, course.skill_level_id)
                start, stop = enrollment.date_completed, enrollment.date_expiry
                still_valid = current.get(key, EmployeeSkill).filtered(
                    lambda s, start=start: not s.valid_to or s.valid_to >= start)
                same_day = still_valid.filtered(lambda s, start=start: s.valid_from >= start)[:1]
                (still_valid - same_day).write({'valid_to': start - timedelta(days=1)})
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
                current[key] = skill
                enrollment.employee_skill_id = skill
                enrollment.message_post(body=Markup("%s") % self.env._(
                    "Certification %(skill)s granted, valid until %(date)s.",
                    skill=skill.display_name, date=stop or self.env._("no expiry")))
        self.plan_action_id.filtered(lambda a: a.state == 'todo').state = 'done'
        self.env['sales.training.compliance']._refresh(self.employee_id)

    @api.model
    def _get_valid_certifications(self, employees, courses):
        """Latest expiry of the passed enrollments per (employee id, course id).

        The value is False when the certification never expires; pairs without any pass are
        absent. Two grouped queries whatever the number of employees and courses.
        """
        base = Domain([
            ('employee_id', 'in', employees.ids),
            ('course_id', 'in', courses.ids),
            ('state', '=', 'passed'),
        ])
        result = {}
        for employee, course, expiry in self.sudo()._read_group(
                base & Domain('date_expiry', '!=', False), ['employee_id', 'course_id'], ['date_expiry:max']):
            result[employee.id, course.id] = expiry
        for employee, course in self.sudo()._read_group(
                base & Domain('date_expiry', '=', False), ['employee_id', 'course_id']):
            result[employee.id, course.id] = False  # never expires
        return result
