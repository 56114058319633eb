from odoo import models
from odoo.exceptions import UserError


class SalesTrainingStateMixin(models.AbstractModel):
    """The state check shared by sessions, enrollments, development plans and their actions:
    a step is refused, naming the records and their state, when a record is not in a state
    that allows it."""
    _name = 'sales.training.state.mixin'
    _description = "Training State Check"

    def _check_state(self, allowed):
        """Refuse the step unless every record of `self` is in one of the `allowed` states."""
        wrong = self.filtered(lambda record: record.state not in allowed)
        if wrong:
            labels = dict(self._fields['state']._description_selection(self.env))
            raise UserError(self.env._(
                "This step is not possible now for %(records)s (%(state)s).",
                records=", ".join(wrong.mapped('display_name')),
                state=", ".join(sorted({labels[record.state] for record in wrong}))))
