from . import sales_goal_split_wizard
from . import sales_goal_generate_wizard
from . import sales_training_enroll_wizard
from . import sales_goal_fact
from . import sales_training_attendance_wizard
