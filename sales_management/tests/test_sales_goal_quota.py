from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SalesGoalCommon

QUOTA_MESSAGE = "A quota comes from the level above"


@tagged('post_install', '-at_install', 'sales_management_access')
class TestSalesGoalQuotaOwnership(SalesGoalCommon):
    """A quota comes from the level above: whoever receives a target cannot change it.

    The director (sm_manager) gives Team A a yearly goal; its leader (sm_leader) sets the
    goals below it, never that team goal nor their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_goal = cls._goal('won_revenue', cls.company, '2026-01-01', '2026-12-31', target=10000,
                                     period_type='year')
        cls.team_goal = cls._goal('won_revenue', cls.team_a, '2026-01-01', '2026-12-31', target=6000,
                                  period_type='year', parent_id=cls.company_goal.id)
        cls.member_goal = cls._goal('won_revenue', cls.rep_a2, '2026-01-01', '2026-12-31', target=3000,
                                    period_type='year', parent_id=cls.team_goal.id)
        # the leader also sells: their own quota is set by the director
        cls.team_a.member_ids |= cls.leader
        cls.leader_goal = cls._goal('won_revenue', cls.leader, '2026-01-01', '2026-12-31', target=1000,
                                    period_type='year', team_id=cls.team_a.id, parent_id=cls.team_goal.id)
        (cls.company_goal | cls.team_goal | cls.member_goal | cls.leader_goal).action_confirm()
        # log the creations as a commit would: later changes are then tracked
        cls.env.cr.precommit.run()

    def _target_changes(self, goal):
        """(old, new) target of each tracked change of `goal`."""
        self.env.cr.precommit.run()  # tracking values are written when the transaction commits
        values = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', 'sales.goal'), ('mail_message_id.res_id', '=', goal.id),
            ('field_id.name', '=', 'target')])
        return [(value.old_value_float, value.new_value_float) for value in values]

    def _quota_refused(self, goal, user, vals):
        before = goal.read(list(vals))[0]
        with self.assertRaises(AccessError) as caught:
            goal.with_user(user).write(vals)
        goal.invalidate_recordset()
        self.assertEqual(goal.read(list(vals))[0], before, "nothing changed")
        return str(caught.exception)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_leader_cannot_change_the_team_goal_given_to_them(self):
        """A team leader cannot raise or lower, re-time or re-assign their team's goal."""
        for vals in ({'target': 9000}, {'target': 1}, {'date_to': '2026-06-30'},
                     {'kpi_id': self.kpis['won_count'].id}, {'team_id': self.team_b.id}):
            with self.subTest(vals=vals):
                message = self._quota_refused(self.team_goal, self.leader, vals)
                self.assertIn(QUOTA_MESSAGE, message)
                self.assertIn(self.team_goal.display_name, message)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_leader_cannot_set_their_own_goal(self):
        self._quota_refused(self.leader_goal, self.leader, {'target': 1})
        with self.assertRaises(AccessError):
            self.leader_goal.with_user(self.leader).action_cancel()
        self.assertEqual(self.leader_goal.state, 'confirmed')

    def test_leader_sets_members_goals(self):
        """A team leader changes, confirms and cancels the goals of their members; the change is tracked."""
        self.member_goal.with_user(self.leader).write({'target': 3500})
        self.assertEqual(self.member_goal.target, 3500)
        self.assertEqual(self._target_changes(self.member_goal), [(3000, 3500)])
        draft = self._goal('won_count', self.rep_a1, target=4)
        draft.with_user(self.leader).action_confirm()
        self.assertEqual(draft.state, 'confirmed')

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_leader_cannot_move_a_goal_out_of_reach(self):
        """A member's goal cannot be turned into the leader's own, another team's or a team goal."""
        for vals in ({'user_id': self.leader.id}, {'team_id': self.team_b.id, 'user_id': self.rep_b1.id},
                     {'level': 'company', 'user_id': False, 'team_id': False}):
            with self.subTest(vals=vals):
                message = self._quota_refused(self.member_goal, self.leader, vals)
                self.assertIn(QUOTA_MESSAGE, message)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_leader_cannot_create_team_or_own_goals(self):
        Goal = self.env['sales.goal'].with_user(self.leader)
        count = self.env['sales.goal'].search_count([])
        for vals in ({'level': 'team', 'team_id': self.team_a.id},
                     {'level': 'user', 'user_id': self.leader.id, 'team_id': self.team_a.id},
                     {'level': 'user', 'user_id': self.rep_b1.id, 'team_id': self.team_a.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Goal.create(dict(vals, kpi_id=self.kpis['won_count'].id, date_from='2026-03-01',
                                 date_to='2026-03-31', target=5))
        self.assertEqual(self.env['sales.goal'].search_count([]), count)

    def _split(self, goal, user, **values):
        form = Form(self.env['sales.goal.split.wizard'].with_user(user).with_context(default_goal_id=goal.id))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_leader_splits_the_team_goal_below_it(self):
        """The leader splits the team's goal between members and into quarters, and members' goals into months."""
        self.team_goal.child_ids.unlink()
        self._split(self.team_goal, self.leader, split_by='member').action_apply()
        self.assertEqual(self.team_goal.child_ids.user_id, self.rep_a1 | self.rep_a2,
                         "the leader's own share is the director's to set")
        quarters = self._goal('won_count', self.team_a, '2026-01-01', '2026-12-31', target=400,
                              period_type='year')
        self._split(quarters, self.leader, split_by='period').action_apply()
        self.assertEqual(quarters.child_ids.mapped('level'), ['team'] * 4)
        self.assertEqual(sum(quarters.child_ids.mapped('target')), 400)

    @mute_logger('odoo.addons.base.models.ir_rule')
    def test_leader_cannot_split_the_company_goal(self):
        wizard = self._split(self.company_goal, self.leader, split_by='team')
        wizard.team_ids = self.team_b  # Team A's share is already there
        with self.assertRaises(AccessError) as caught:
            wizard.action_apply()
        self.assertIn(QUOTA_MESSAGE, str(caught.exception))

    @mute_logger('odoo.addons.base.models.ir_rule', 'odoo.addons.base.models.ir_model')
    def test_rep_changes_nothing(self):
        """A rep cannot change, confirm, close or cancel even their own goal."""
        goal = self._goal('won_count', self.rep_a1, target=4)
        for action in ('action_confirm', 'action_close', 'action_cancel', 'action_draft'):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(goal.with_user(self.rep_a1), action)()
        self._quota_refused(goal, self.rep_a1, {'target': 1})
        self.assertEqual(goal.state, 'draft')

    def test_manager_sets_everything_and_changes_are_tracked(self):
        self.team_goal.with_user(self.manager).write({'target': 6500})
        self.leader_goal.with_user(self.manager).write({'target': 900})
        self.assertEqual(self._target_changes(self.team_goal), [(6000, 6500)])
        self.assertEqual(self.leader_goal.target, 900)

    def test_leader_generates_goals_for_their_members_only(self):
        """Generating goals from a job position, a leader gets goals for their members only."""
        job = self.env['hr.job'].create({
            'name': "Account Executive",
            'sales_kpi_template_ids': [(0, 0, {'kpi_id': self.kpis['won_count'].id, 'period_type': 'month',
                                               'target': 5})],
        })
        self.env['hr.employee'].create([{'name': user.name, 'user_id': user.id, 'job_id': job.id}
                                        for user in (self.rep_a1, self.rep_b1, self.leader)])
        wizard = self.env['sales.goal.generate.wizard'].with_user(self.leader).create({
            'job_id': job.id, 'period_type': 'month', 'date': '2026-05-10'})
        self.assertEqual(wizard.employee_count, 1)
        wizard.action_generate()
        goals = self.env['sales.goal'].search([('kpi_id', '=', self.kpis['won_count'].id),
                                               ('date_from', '=', '2026-05-01')])
        self.assertEqual(goals.user_id, self.rep_a1)


@tagged('post_install', '-at_install', 'sales_management_access')
class TestSalesManagementLanding(SalesGoalCommon):
    """The app opens where each role works."""

    def _home(self, user):
        action = self.env.ref('sales_management.sales_management_action_home').with_user(user).run()
        return action['res_model'], action.get('path'), action.get('context')

    def test_each_role_lands_on_its_work(self):
        hr_officer = self.env['res.users'].create({
            'name': "HR Harper", 'login': 'hr_harper',
            'group_ids': [(6, 0, [self.env.ref('base.group_user').id, self.env.ref('hr.group_hr_user').id])],
        })
        self.assertEqual(self._home(self.rep_a1)[:2], ('sales.goal', 'my-sales-goals'))
        model, path, context = self._home(self.leader)
        self.assertEqual((model, path), ('sales.goal', 'team-sales-goals'))
        self.assertIn('search_default_my_teams', context)
        model, path, context = self._home(self.manager)
        self.assertEqual((model, path), ('sales.goal', 'team-sales-goals'))
        self.assertNotIn('search_default_my_teams', str(context))
        self.assertEqual(self._home(hr_officer)[0], 'sales.training.compliance')
