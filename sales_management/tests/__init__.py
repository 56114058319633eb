from . import test_access_rights
from . import test_sales_kpi
from . import test_ui
