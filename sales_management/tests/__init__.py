from . import test_access_rights
from . import test_sales_kpi
from . import test_performances
from . import test_sales_goal
from . import test_sales_kpi_engine
from . import test_ui
