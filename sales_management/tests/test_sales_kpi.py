from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SalesManagementCommon


@tagged('post_install', '-at_install', 'sales_management')
class TestSalesKpi(SalesManagementCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env['sales.kpi'].with_user(cls.manager)
        # custom KPIs are chosen by Settings administrators
        cls.CustomKpi = cls.env['sales.kpi'].with_user(cls.settings_admin)

    def _field(self, model, name):
        return self.env['ir.model.fields']._get(model, name)

    def test_default_catalogue(self):
        """The shipped catalogue covers every computed source, each with a definition."""
        kpis = self.env['sales.kpi'].search([('company_id', '=', False)])
        computed_sources = {
            'won_revenue', 'order_amount', 'invoiced_amount', 'collected_amount', 'collection_rate',
            'new_customers', 'won_count', 'conversion_rate', 'retention_rate', 'activities_done',
        }
        self.assertLessEqual(computed_sources, set(kpis.mapped('source')))
        self.assertTrue(all(kpis.mapped('description')), "every default KPI explains what it measures")
        rate = self.env.ref('sales_management.sales_kpi_collection_rate')
        self.assertEqual((rate.code, rate.unit, rate.direction), ('collection_rate', 'percent', 'higher_better'))

    def test_code_format(self):
        """Codes are lowercase identifiers; anything else is refused and nothing is saved."""
        count = self.Kpi.search_count([])
        for bad_code in ("Won Revenue", "1st_kpi", "revenue-eu", "CAPS"):
            with self.subTest(code=bad_code), self.assertRaises(ValidationError) as caught:
                self.Kpi.create({'name': "Bad", 'code': bad_code})
            self.assertIn("lowercase letters", str(caught.exception))
        self.assertEqual(self.Kpi.search_count([]), count)

    @mute_logger('odoo.sql_db')
    def test_code_unique_per_company(self):
        """A code is unique within a company, and among shared KPIs; other companies may reuse it."""
        self.Kpi.create({'name': "Visits", 'code': 'visits', 'company_id': self.company.id})
        with self.assertRaises(IntegrityError):
            self.Kpi.create({'name': "Visits again", 'code': 'visits', 'company_id': self.company.id})
        with self.assertRaises(IntegrityError):
            self.Kpi.create({'name': "Shared won revenue", 'code': 'won_revenue'})
        other = self.env['sales.kpi'].with_user(self.manager_2).with_company(self.company_2).create({
            'name': "Visits", 'code': 'visits', 'company_id': self.company_2.id,
        })
        self.assertEqual(other.code, 'visits')

    def test_copy_gets_new_code(self):
        """Duplicating a KPI gives it a free code instead of failing."""
        copy = self.kpi_won_revenue.with_user(self.manager).copy()
        self.assertEqual(copy.code, 'won_revenue_copy')
        self.assertEqual(copy.name, "Won Revenue (copy)")

    def test_custom_kpi_valid(self):
        """A custom KPI over opportunities with a valid filter and fields is accepted."""
        kpi = self.CustomKpi.create({
            'name': "Pipeline Created", 'code': 'pipeline_created', 'source': 'custom',
            'model_id': self.env['ir.model']._get_id('crm.lead'),
            'domain': "[('type', '=', 'opportunity')]",
            'date_field_id': self._field('crm.lead', 'create_date').id,
            'measure_field_id': self._field('crm.lead', 'expected_revenue').id,
            'user_field_id': self._field('crm.lead', 'user_id').id,
        })
        self.assertEqual(kpi.model_name, 'crm.lead')

    def test_custom_kpi_requires_fields(self):
        """A custom KPI without model, date field or salesperson field is refused."""
        with self.assertRaises(ValidationError) as caught:
            self.CustomKpi.create({'name': "Half done", 'code': 'half_done', 'source': 'custom'})
        self.assertIn("needs a model, a date field and a salesperson field", str(caught.exception))
        self.assertFalse(self.Kpi.search([('code', '=', 'half_done')]))

    def test_custom_kpi_field_of_other_model(self):
        """A date field taken from another model than the KPI's is refused."""
        with self.assertRaises(ValidationError) as caught:
            self.CustomKpi.create({
                'name': "Mixed", 'code': 'mixed', 'source': 'custom',
                'model_id': self.env['ir.model']._get_id('crm.lead'),
                'date_field_id': self._field('sale.order', 'date_order').id,
                'user_field_id': self._field('crm.lead', 'user_id').id,
            })
        self.assertIn("does not belong to the model", str(caught.exception))

    def test_custom_kpi_measure_must_be_numeric(self):
        """Summing a text field is refused."""
        with self.assertRaises(ValidationError) as caught:
            self.CustomKpi.create({
                'name': "Names", 'code': 'names', 'source': 'custom',
                'model_id': self.env['ir.model']._get_id('crm.lead'),
                'date_field_id': self._field('crm.lead', 'create_date').id,
                'measure_field_id': self._field('crm.lead', 'name').id,
                'user_field_id': self._field('crm.lead', 'user_id').id,
            })
        self.assertIn("must be a number field", str(caught.exception))

    def test_custom_kpi_invalid_domain(self):
        """A filter that is not Python, or names an unknown field, is refused when saved."""
        values = {
            'name': "Broken", 'code': 'broken', 'source': 'custom',
            'model_id': self.env['ir.model']._get_id('crm.lead'),
            'date_field_id': self._field('crm.lead', 'create_date').id,
            'user_field_id': self._field('crm.lead', 'user_id').id,
        }
        for bad_domain in ("[('no_such_field', '=', 1)]", "[('type', '=',"):
            with self.subTest(domain=bad_domain), self.assertRaises(ValidationError) as caught:
                self.CustomKpi.create(dict(values, domain=bad_domain))
            self.assertIn("filter of KPI", str(caught.exception))
        kpi = self.CustomKpi.create(dict(values, domain="[]"))
        with self.assertRaises(ValidationError) as caught:
            kpi.write({'domain': "[('no_such_field', '=', 1)]"})
        self.assertIn("filter of KPI", str(caught.exception))
        self.assertEqual(kpi.domain, "[]")

    def _custom_values(self, model='crm.lead', **values):
        return {
            'name': "Custom", 'code': 'custom_kpi', 'source': 'custom', 'unit': 'amount',
            'model_id': self.env['ir.model']._get_id(model),
            'date_field_id': self._field(model, 'create_date').id,
            'user_field_id': self._field(model, 'create_uid').id,
            **values,
        }

    def test_custom_kpi_needs_settings_administrator(self):
        """A Sales Administrator manages the standard KPIs but cannot define which documents a custom one
        reads; a Settings administrator can."""
        Kpi = self.env['sales.kpi'].with_user(self.sales_admin)
        count = Kpi.search_count([])
        with self.assertRaises(AccessError) as caught:
            Kpi.create(self._custom_values(domain="[('type', '=', 'opportunity')]"))
        self.assertIn("Settings administrator", str(caught.exception))
        self.assertEqual(Kpi.search_count([]), count)
        kpi = self.CustomKpi.create(self._custom_values(domain="[('type', '=', 'opportunity')]"))
        for vals in ({'domain': "[]"}, {'measure_field_id': self._field('crm.lead', 'expected_revenue').id},
                     {'model_id': self.env['ir.model']._get_id('sale.order')}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                kpi.with_user(self.sales_admin).write(vals)
        self.assertEqual(kpi.domain, "[('type', '=', 'opportunity')]")
        with self.assertRaises(AccessError):
            self.kpi_won_revenue.with_user(self.sales_admin).write({'source': 'custom'})
        # the standard catalogue stays theirs, custom KPIs' names and units too
        self.kpi_won_revenue.with_user(self.sales_admin).write({'name': "Revenue Won"})
        kpi.with_user(self.sales_admin).write({'name': "Opportunities Created"})
        self.assertEqual((self.kpi_won_revenue.name, kpi.name), ("Revenue Won", "Opportunities Created"))

    def test_custom_kpi_refuses_restricted_fields(self):
        """A field restricted to some groups (an employee's wage, for HR managers) is refused as measure,
        filter, date or salesperson field, even to a Settings administrator: its sum would show it to reps."""
        wage = self._custom_values('hr.version', measure_field_id=self._field('hr.version', 'wage').id)
        cases = {
            "measure": wage,
            "filter": self._custom_values('hr.version', domain="[('wage', '>', 1000)]"),
            "filter through a relation": self._custom_values(
                'crm.lead', domain="[('user_id.employee_ids.version_ids', 'any', [('wage', '>', 1000)])]"),
            "date field": self._custom_values('hr.version', date_field_id=self._field('hr.version', 'date_version').id),
        }
        for case, values in cases.items():
            with self.subTest(case=case), self.assertRaises(ValidationError) as caught:
                self.CustomKpi.create(values)
            self.assertIn("restricted to some user groups", str(caught.exception))
        self.assertFalse(self.env['sales.kpi'].search([('code', '=', 'custom_kpi')]))

    def test_custom_kpi_refuses_fields_not_stored(self):
        values = self._custom_values('sale.order', measure_field_id=self._field('sale.order', 'amount_undiscounted').id)
        with self.assertRaises(ValidationError) as caught:
            self.CustomKpi.create(values)
        self.assertIn("not stored", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.CustomKpi.create(self._custom_values('crm.lead', domain="[('user_company_ids', '!=', False)]"))
        self.assertIn("not stored", str(caught.exception))

    def test_error_translated(self):
        """A refused input speaks the user's language (zh_CN ships with the module)."""
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(['sales_management'], ['zh_CN'])
        with self.assertRaises(ValidationError) as caught:
            self.Kpi.with_context(lang='zh_CN').create({'name': "Bad", 'code': "Bad Code"})
        self.assertIn("小写字母", str(caught.exception))
        self.assertEqual(self.kpi_won_revenue.with_context(lang='zh_CN').name, "赢单收入")
