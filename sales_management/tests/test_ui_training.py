from odoo.tests import HttpCase, tagged

from .common_training import SalesTrainingCommon


@tagged('post_install', '-at_install', 'sales_management_ui', 'sales_management_training')
class TestSalesTrainingRepUi(HttpCase, SalesTrainingCommon):

    def test_rep_sees_own_training(self):
        """A rep opens Training and sees their own enrollments and compliance only, without the budget."""
        self._enroll(self.emp_rep | self.emp_rep_2)
        self.start_tour("/odoo", 'sales_management_rep_training_tour', login='sm_user')
