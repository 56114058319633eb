from . import sales_kpi
from . import sales_management_demo
