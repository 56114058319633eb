from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

# Enrollment states that hold a seat (and are billed).
SEAT_STATES = ('enrolled', 'attended', 'passed', 'failed', 'absent')

# Session states in which people may still enroll (until the session ends).
OPEN_STATES = ('planned', 'in_progress')


class SalesTrainingSession(models.Model):
    _name = 'sales.training.session'
    _description = "Sales Training Session"
    _order = 'date_start desc, id desc'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'sales.training.state.mixin']
    _check_company_auto = True

    def _default_date_start(self):
        """Tomorrow at nine (UTC), a sensible first guess."""
        return datetime.combine(fields.Date.context_today(self) + timedelta(days=1), time(9, 0))

    name = fields.Char(
        compute='_compute_name', store=True, readonly=False, precompute=True, required=True, tracking=True)
    course_id = fields.Many2one(
        'sales.training.course', required=True, ondelete='restrict', index=True,
        tracking=True, check_company=True)
    category_id = fields.Many2one(related='course_id.category_id', store=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection([
        ('planned', "Planned"),
        ('in_progress', "In Progress"),
        ('done', "Done"),
        ('cancelled', "Cancelled"),
    ], required=True, default='planned', copy=False, tracking=True, group_expand=True)

    # When and where
    date_start = fields.Datetime("Start", required=True, tracking=True, default=lambda self: self._default_date_start())
    date_end = fields.Datetime(
        "End", required=True, tracking=True, compute='_compute_date_end', store=True, readonly=False, precompute=True)
    trainer_employee_id = fields.Many2one(
        'hr.employee', string="Internal Trainer", check_company=True, tracking=True)
    trainer_partner_id = fields.Many2one('res.partner', string="External Trainer", tracking=True)
    location = fields.Char("Place")
    online_url = fields.Char("Online Link")
    capacity = fields.Integer(
        "Seats", tracking=True, help="Maximum number of attendees; 0 means unlimited. "
        "Further requests go to the waiting list.")

    # Attendees
    enrollment_ids = fields.One2many('sales.training.enrollment', 'session_id', string="Enrollments")
    seats_taken = fields.Integer(compute='_compute_seats', store=True)
    seats_available = fields.Integer(compute='_compute_seats', store=True)
    waiting_count = fields.Integer("On Waiting List", compute='_compute_seats', store=True)
    enrollment_open = fields.Boolean(
        "Open for Enrollment", compute='_compute_enrollment_open', search='_search_enrollment_open',
        help="Planned or in progress and not ended yet.")
    has_ended = fields.Boolean(
        compute='_compute_enrollment_open', export_string_translation=False,
        help="Done, or past its end: attendance can only be recorded after the fact.")
    my_enrollment_state = fields.Selection(
        [('waiting', "On the Waiting List"), ('enrolled', "Enrolled"), ('attended', "Attended"),
         ('passed', "Passed"), ('failed', "Failed"), ('absent', "Absent")],
        string="My Enrollment", compute='_compute_my_enrollment_state',
        help="The current user's enrollment in this session.")

    # Money
    currency_id = fields.Many2one(related='company_id.currency_id')
    cost_fixed = fields.Monetary(
        "Fixed Cost", currency_field='currency_id', tracking=True,
        help="Cost of the session itself: trainer, room, travel.")
    cost_total = fields.Monetary(
        "Total Cost", currency_field='currency_id', compute='_compute_cost', store=True,
        help="Fixed cost plus the course fee of every attendee holding a seat.")
    cost_per_attendee = fields.Monetary(
        currency_field='currency_id', compute='_compute_cost', store=True, aggregator='avg')

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for session in self:
            if session.date_start and session.date_end and session.date_end < session.date_start:
                raise ValidationError(self.env._(
                    "The session “%(session)s” cannot end before it starts.", session=session.name))

    @api.constrains('capacity', 'cost_fixed')
    def _check_capacity_cost(self):
        for session in self:
            if session.capacity < 0 or session.cost_fixed < 0:
                raise ValidationError(self.env._(
                    "The session “%(session)s” cannot have a negative number of seats or cost.",
                    session=session.name))

    @api.depends('course_id', 'date_start')
    def _compute_date_end(self):
        """The end follows the start by the course's duration (still editable). Deliberately not
        depending on the course's hours: editing the catalogue must not move past sessions."""
        for session in self:
            if session.date_start:
                session.date_end = session.date_start + timedelta(hours=session.course_id.hours or 1)

    @api.depends('course_id', 'date_start')
    def _compute_name(self):
        for session in self:
            if session.course_id and session.date_start:
                session.name = f"{session.course_id.name} ({fields.Date.to_string(session.date_start.date())})"
            elif not session.name:
                session.name = session.course_id.name or False

    @api.depends('capacity', 'enrollment_ids.state')
    def _compute_seats(self):
        for session in self:
            taken = len(session.enrollment_ids.filtered(lambda e: e.state in SEAT_STATES))
            session.seats_taken = taken
            session.seats_available = max(session.capacity - taken, 0) if session.capacity else 0
            session.waiting_count = len(session.enrollment_ids.filtered(lambda e: e.state == 'waiting'))

    @api.depends('state', 'date_end')
    def _compute_enrollment_open(self):
        now = fields.Datetime.now()
        for session in self:
            ended = session.state == 'done' or bool(session.date_end and session.date_end < now)
            session.enrollment_open = session.state in OPEN_STATES and not ended
            session.has_ended = ended and session.state != 'cancelled'

    def _search_enrollment_open(self, operator, value):
        if operator != 'in':
            return NotImplemented
        return self._open_domain()

    @api.depends('enrollment_ids.state')
    @api.depends_context('uid')
    def _compute_my_enrollment_state(self):
        mine = self.env['sales.training.enrollment'].sudo().search([
            ('session_id', 'in', self.ids), ('employee_id.user_id', '=', self.env.uid), ('state', '!=', 'cancelled'),
        ])
        states = {enrollment.session_id.id: enrollment.state for enrollment in mine}
        for session in self:
            session.my_enrollment_state = states.get(session.id, False)

    @api.depends('cost_fixed', 'seats_taken', 'course_id.cost')
    def _compute_cost(self):
        for session in self:
            session.cost_total = session.cost_fixed + session.course_id.cost * session.seats_taken
            session.cost_per_attendee = session.cost_total / session.seats_taken if session.seats_taken else 0.0

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        result = super().write(vals)
        if 'capacity' in vals:
            self._promote_waiting()  # more seats: the waiting list moves up
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        """The session begins: no more changes to its plan."""
        self.check_access('write')
        self._check_state(('planned',))
        self.state = 'in_progress'

    def action_done(self):
        """Close the session; attendees still marked enrolled are recorded as attended."""
        self.check_access('write')
        self._check_state(OPEN_STATES)
        self.enrollment_ids.filtered(lambda e: e.state == 'enrolled').state = 'attended'
        self.state = 'done'

    def action_cancel(self):
        """Cancel the session and every enrollment in it."""
        self.check_access('write')
        self._check_state(OPEN_STATES)
        self.enrollment_ids.filtered(lambda e: e.state in ('enrolled', 'waiting')).state = 'cancelled'
        self.state = 'cancelled'

    def action_reset(self):
        """Plan a cancelled session again."""
        self.check_access('write')
        self._check_state(('cancelled',))
        self.state = 'planned'

    def action_open_enroll_wizard(self):
        """Enroll a team, a job or chosen employees at once (HR and team leaders)."""
        self.ensure_one()
        self.check_access('read')
        self.env['sales.training.enrollment'].check_access('create')
        return self._enroll_wizard_action(self.env._("Enroll Attendees"), {})

    def action_enroll_self(self):
        """Enroll oneself: a seat when one is free, else the waiting list (confirmed in a dialog)."""
        self.ensure_one()
        self.check_access('read')
        self._check_open_for_enrollment()
        return self._enroll_wizard_action(self.env._("Enroll"), {'default_mode': 'self'})

    def action_open_attendance_wizard(self):
        """Record, after the session ended, that people attended and passed (HR, with a reason)."""
        self.ensure_one()
        self.check_access('write')
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Record Past Attendance"),
            'res_model': 'sales.training.attendance.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_session_id': self.id},
        }

    def action_view_enrollments(self):
        self.ensure_one()
        self.check_access('read')
        action = self.env['ir.actions.act_window']._for_xml_id('sales_management.sales_training_enrollment_action')
        action['domain'] = [('session_id', '=', self.id)]
        action['context'] = {'default_session_id': self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _open_domain(self):
        """Sessions people may enroll in now."""
        return Domain('state', 'in', OPEN_STATES) & Domain('date_end', '>=', fields.Datetime.now())

    def _enroll_wizard_action(self, name, context):
        return {
            'type': 'ir.actions.act_window',
            'name': name,
            'res_model': 'sales.training.enroll.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_session_id': self.id, **context},
        }

    def _check_open_for_enrollment(self):
        """Refuse enrolling in a cancelled session or one that has ended."""
        for session in self.sudo():
            if session.state == 'cancelled':
                raise UserError(self.env._(
                    "The session “%(session)s” was cancelled: nobody can enroll in it.", session=session.name))
            if session.has_ended:
                raise UserError(self.env._(
                    "The session “%(session)s” has ended: nobody can enroll in it any more. HR can record an "
                    "attendance after the fact from the session.", session=session.name))

    def _promote_waiting(self):
        """Move people up from the waiting list, first come first served, into the free seats."""
        Enrollment = self.env['sales.training.enrollment'].sudo()
        waiting = Enrollment.search(
            [('session_id', 'in', self.ids), ('state', '=', 'waiting')], order='id')
        for session, candidates in waiting.grouped('session_id').items():
            if not session.enrollment_open:
                continue
            seats = len(candidates) if not session.capacity else session.seats_available
            promoted = candidates[:seats]
            if promoted:
                promoted.state = 'enrolled'
                for enrollment in promoted:
                    enrollment.message_post(body=self.env._(
                        "A seat became free in “%(session)s”: moved up from the waiting list.",
                        session=session.name))
