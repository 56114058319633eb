from . import sales_training_enroll_wizard
