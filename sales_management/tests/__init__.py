from . import test_access_rights
from . import test_sales_kpi
from . import test_ui
from . import test_sales_training
from . import test_sales_training_compliance
from . import test_sales_development_plan
from . import test_sales_training_access
from . import test_ui_training
