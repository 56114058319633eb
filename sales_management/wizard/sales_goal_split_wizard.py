import math

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.sales_kpi_compute import KpiWindow, owner_key
from ..models.sales_period import NEXT_PERIOD_TYPE, period_label, split_period

SUB_PERIOD_TYPES = [('quarter', "Quarters"), ('month', "Months"), ('week', "ISO Weeks")]


class SalesGoalSplitWizard(models.TransientModel):
    _name = 'sales.goal.split.wizard'
    _description = "Split a Sales Goal"

    goal_id = fields.Many2one('sales.goal', required=True, ondelete='cascade')
    kpi_id = fields.Many2one(related='goal_id.kpi_id')
    goal_level = fields.Selection(related='goal_id.level', string="Goal Level")
    target = fields.Float(related='goal_id.target')
    split_by = fields.Selection([
        ('period', "Sub-periods"),
        ('team', "Teams"),
        ('member', "Team members"),
    ], required=True, compute='_compute_split_by', store=True, readonly=False, precompute=True)
    sub_period_type = fields.Selection(
        SUB_PERIOD_TYPES, string="Into", compute='_compute_sub_period_type', store=True, readonly=False,
        precompute=True)
    team_ids = fields.Many2many('crm.team', string="Teams", compute='_compute_owners', store=True, readonly=False)
    member_ids = fields.Many2many('res.users', string="Members", compute='_compute_owners', store=True,
                                  readonly=False)
    method = fields.Selection([
        ('equal', "Equal"),
        ('weights', "Manual weights"),
        ('last_year', "Last year's actuals"),
    ], required=True, default='equal',
        help="Equal: the same share (weeks cut by the period's bounds get a share prorated by days). "
             "Last year: the shares of the same KPI one year earlier, equal where last year is empty.")
    line_ids = fields.One2many('sales.goal.split.wizard.line', 'wizard_id', compute='_compute_line_ids',
                               store=True, readonly=False)
    method_note = fields.Char(compute='_compute_method_note',
                              help="Where last year's actuals were missing and what was used instead.")
    total_target = fields.Float(compute='_compute_total_target')
    additive = fields.Boolean(compute='_compute_total_target')
    existing_child_ids = fields.Many2many(
        'sales.goal', compute='_compute_existing_child_ids', string="Sub-goals Already There",
        help="Sub-goals of this goal for the same owners and periods as the lines.")
    replace_existing = fields.Boolean(
        "Replace Them",
        help="Delete the sub-goals already there for these owners and periods, then create the new ones.")

    @api.depends('goal_id')
    def _compute_split_by(self):
        for wizard in self:
            default = {'company': 'team', 'team': 'member'}.get(wizard.goal_id.level, 'period')
            wizard.split_by = wizard.split_by or default

    @api.depends('goal_id')
    def _compute_sub_period_type(self):
        for wizard in self:
            wizard.sub_period_type = NEXT_PERIOD_TYPE.get(wizard.goal_id.period_type, 'month')

    @api.depends('goal_id', 'split_by')
    def _compute_owners(self):
        for wizard in self:
            goal = wizard.goal_id
            if wizard.split_by == 'team':
                # only a company goal has teams below it
                wizard.team_ids = goal.level == 'company' and self.env['crm.team'].search([
                    ('company_id', 'in', (goal.company_id.id, False)), ('member_ids', '!=', False)])
                wizard.member_ids = False
            elif wizard.split_by == 'member':
                # a team's members share a team goal; a rep's goal is split into periods only
                wizard.member_ids = goal.level == 'team' and self.env['sales.goal']._settable_users(
                    goal.team_id.member_ids)
                wizard.team_ids = False
            else:
                wizard.team_ids = wizard.member_ids = False

    @api.depends('goal_id', 'split_by', 'sub_period_type', 'team_ids', 'member_ids', 'method')
    def _compute_line_ids(self):
        for wizard in self:
            lines = wizard._prepare_lines()
            weights, _note = wizard._get_weights(lines)
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create(dict(line, weight=weight)) for line, weight in zip(lines, weights, strict=True)
            ]

    @api.depends('goal_id', 'split_by', 'sub_period_type', 'team_ids', 'member_ids', 'method')
    def _compute_method_note(self):
        for wizard in self:
            wizard.method_note = wizard.method == 'last_year' and wizard._get_weights(wizard._prepare_lines())[1]

    @api.depends('line_ids.date_from', 'line_ids.date_to', 'line_ids.user_id', 'line_ids.team_id')
    def _compute_existing_child_ids(self):
        for wizard in self:
            level = wizard._child_level()
            keys = {self._owner_period_key(level, line.user_id, line.team_id, line.date_from, line.date_to)
                    for line in wizard.line_ids}
            wizard.existing_child_ids = [
                child.id for child in wizard.goal_id.child_ids
                if child.state != 'cancelled' and self._owner_period_key(
                    child.level, child.user_id, child.team_id, child.date_from, child.date_to) in keys]

    @api.depends('line_ids.target', 'goal_id.unit')
    def _compute_total_target(self):
        for wizard in self:
            wizard.additive = wizard.goal_id.unit != 'percent'
            wizard.total_target = sum(wizard.line_ids.mapped('target'))

    # ------------------------------------------------------------
    # LINES
    # ------------------------------------------------------------

    def _prepare_lines(self):
        goal = self.goal_id
        if not goal:
            return []
        if self.split_by == 'period':
            if not self.sub_period_type:
                return []
            return [{'date_from': start, 'date_to': end, 'user_id': goal.user_id.id, 'team_id': goal.team_id.id}
                    for start, end in split_period(goal.date_from, goal.date_to, self.sub_period_type)]
        if self.split_by == 'team':
            return [{'date_from': goal.date_from, 'date_to': goal.date_to, 'team_id': team.id}
                    for team in self.team_ids]
        return [{'date_from': goal.date_from, 'date_to': goal.date_to, 'user_id': user.id,
                 'team_id': goal.team_id.id} for user in self.member_ids]

    def _get_weights(self, lines):
        """(weights, note): the weight of each line and, for last year's actuals, what the wizard
        says about missing history."""
        if self.method == 'last_year' and lines:
            history = self._last_year_weights(lines)
            known = [value for value in history if value > 0]
            if not known:
                return self._equal_weights(lines), self.env._(
                    "Nothing was recorded for this KPI last year: the shares are equal.")
            if len(known) < len(lines):
                average = sum(known) / len(known)
                missing = [self._line_label(line) for line, value in zip(lines, history, strict=True) if value <= 0]
                return [value if value > 0 else average for value in history], self.env._(
                    "No history last year for %(lines)s: they get the average share of the others.",
                    lines=", ".join(missing))
            return history, False
        return self._equal_weights(lines), False

    def _equal_weights(self, lines):
        if self.split_by == 'period' and self.sub_period_type == 'week':
            # weeks cut by the period's bounds get a share prorated by days
            return [float((line['date_to'] - line['date_from']).days + 1) for line in lines]
        return [1.0] * len(lines)

    def _line_label(self, line):
        if self.split_by == 'period':
            return period_label(self.sub_period_type, line['date_from'], line['date_to'])
        if self.split_by == 'team':
            return self.env['crm.team'].browse(line['team_id']).display_name
        return self.env['res.users'].browse(line['user_id']).display_name

    def _child_level(self):
        return {'period': self.goal_id.level, 'team': 'team', 'member': 'user'}.get(self.split_by)

    @api.model
    def _owner_period_key(self, level, user, team, date_from, date_to):
        """What makes a sub-goal the same as another: its owner and its period."""
        return (level, user.id if level == 'user' else False, team.id if level != 'company' else False,
                date_from, date_to)

    def _last_year_weights(self, lines):
        """The same KPI one year earlier: one query for all sub-periods or all owners."""
        goal = self.goal_id
        kpi = goal.kpi_id.sudo()
        tz = goal._get_timezone()
        year = relativedelta(years=1)
        if self.split_by == 'period':
            key = goal._owner_key()
            windows = [KpiWindow(goal.company_id, line['date_from'] - year, line['date_to'] - year, tz)
                       for line in lines]
            values = kpi._values_by_window(windows)
            return [max(values[window.key()].get(key, 0.0), 0.0) for window in windows]
        values = kpi._values_in_window(KpiWindow(goal.company_id, goal.date_from - year, goal.date_to - year, tz))
        level = 'team' if self.split_by == 'team' else 'user'
        return [max(values.get(owner_key(level, line.get('user_id'), line['team_id']), 0.0), 0.0) for line in lines]

    def _distribute(self, weights):
        """Targets proportional to the weights that add up exactly to the parent's target:
        amounts are rounded to the currency, counts to units, and the rounding remainder
        goes to the largest fractional parts (earliest line first on ties)."""
        goal = self.goal_id
        if goal.unit == 'percent':
            return [goal.target] * len(weights)
        total_weight = sum(weights)
        if not weights or total_weight <= 0:
            return [0.0] * len(weights)
        step = 1.0 if goal.unit == 'count' else goal._target_rounding()
        total_steps = round(goal.target / step)
        raw = [total_steps * weight / total_weight for weight in weights]
        steps = [math.floor(value + 1e-9) for value in raw]
        remainder = total_steps - sum(steps)
        by_fraction = sorted(range(len(raw)), key=lambda index: (-(raw[index] - steps[index]), index))
        for index in by_fraction[:remainder]:
            steps[index] += 1
        return [round(count * step, 6) for count in steps]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_apply(self):
        """Create the sub-goals."""
        self.ensure_one()
        goal = self.goal_id
        goal.check_access('read')
        if self.split_by == 'team' and goal.level != 'company':
            raise UserError(self.env._("Only a company goal is split between teams; split a team goal between "
                                       "its members or into sub-periods."))
        if self.split_by == 'member' and goal.level != 'team':
            raise UserError(self.env._("Only a team goal is split between members; split this goal into "
                                       "sub-periods."))
        if not self.line_ids:
            raise UserError(self.env._("There is nothing to split into: choose sub-periods, teams or members."))
        if goal.unit != 'percent' and any(line.weight < 0 for line in self.line_ids):
            raise UserError(self.env._("Weights cannot be negative."))
        if goal.unit != 'percent' and not sum(self.line_ids.mapped('weight')):
            raise UserError(self.env._("At least one weight must be positive."))
        existing = self.existing_child_ids
        if existing and not self.replace_existing:
            raise UserError(self.env._(
                "“%(goal)s” already has these sub-goals: %(children)s. Tick “Replace Them” to delete them and "
                "create the new ones, or change the split.",
                goal=goal.display_name, children=", ".join(existing.mapped('display_name'))))
        if existing.child_ids:
            raise UserError(self.env._(
                "These sub-goals are split further and cannot be replaced: %(children)s.",
                children=", ".join(existing.filtered('child_ids').mapped('display_name'))))
        existing.unlink()
        level = self._child_level()
        period_type = self.sub_period_type if self.split_by == 'period' else goal.period_type
        children = self.env['sales.goal'].create([{
            'parent_id': goal.id,
            'kpi_id': goal.kpi_id.id,
            'company_id': goal.company_id.id,
            'level': level,
            'user_id': line.user_id.id if level == 'user' else False,
            'team_id': line.team_id.id if level != 'company' else False,
            'period_type': period_type,
            'date_from': line.date_from,
            'date_to': line.date_to,
            'target': line.target,
            'weight': goal.weight,
            'state': 'draft' if goal.state == 'draft' else 'confirmed',
        } for line in self.line_ids if line.target or goal.direction == 'lower_better'])
        children._refresh_actuals()
        return goal.action_open_children()


class SalesGoalSplitWizardLine(models.TransientModel):
    _name = 'sales.goal.split.wizard.line'
    _description = "Sub-goal to create"
    _order = 'date_from, id'

    wizard_id = fields.Many2one('sales.goal.split.wizard', required=True, ondelete='cascade')
    date_from = fields.Date("Start", required=True)
    date_to = fields.Date("End", required=True)
    user_id = fields.Many2one('res.users', string="Salesperson")
    team_id = fields.Many2one('crm.team', string="Sales Team")
    weight = fields.Float(default=1.0)
    target = fields.Float(compute='_compute_target', store=True, readonly=True)

    @api.depends('weight', 'wizard_id.line_ids.weight', 'wizard_id.goal_id.target')
    def _compute_target(self):
        for wizard, lines in self.grouped('wizard_id').items():
            siblings = wizard.line_ids
            targets = dict(zip(siblings, wizard._distribute(siblings.mapped('weight')), strict=True))
            for line in lines:
                line.target = targets.get(line, 0.0)
