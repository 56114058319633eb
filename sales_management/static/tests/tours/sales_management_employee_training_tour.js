import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_management_employee_training_tour", {
    steps: () => [
        {
            content: "The employee form shows the training readiness",
            trigger: "button[name='action_view_sales_training_compliance']:contains(Training Readiness)",
        },
        {
            content: "Open the Training tab",
            trigger: ".o_notebook a:contains(Training)",
            run: "click",
        },
        {
            content: "The required certificates are listed as missing, with the course granting one",
            trigger: ".o_field_widget[name='sales_training_compliance_ids'] .o_data_row:contains(Views Ethics):contains(Views Course)",
        },
        {
            content: "Open the compliance from the smart button",
            trigger: "button[name='action_view_sales_training_compliance']",
            run: "click",
        },
        {
            content: "The employee's compliance is listed",
            trigger: ".o_list_view .o_data_row td[name='skill_id']:contains(Views Ethics)",
        },
    ],
});
