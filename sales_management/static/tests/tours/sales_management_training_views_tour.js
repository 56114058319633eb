import { registry } from "@web/core/registry";
import { openMenu, openSalesPerformance } from "@sales_management/../tests/tours/tour_utils";

function openTrainingMenu(xmlid, content) {
    return openMenu("sales_training_menu", xmlid, content);
}

function switchView(type) {
    return [
        {
            content: `Switch to the ${type} view`,
            trigger: `.o_switch_view.o_${type}`,
            run: "click",
        },
        {
            content: `The ${type} view is shown`,
            trigger: `.o_${type}_view`,
        },
    ];
}

registry.category("web_tour.tours").add("sales_management_training_views_tour", {
    url: "/odoo",
    steps: () => [
        ...openSalesPerformance(),
        ...openTrainingMenu("sales_training_compliance_menu", "Open Compliance"),
        {
            content: "Compliance is grouped by job",
            trigger: ".o_list_view .o_group_header:contains(Views Job)",
            run: "click",
        },
        {
            content: "The missing certificates of the trainee are listed, one without a course",
            trigger: ".o_list_view .o_data_row:contains(Views Trainee):contains(No course grants it)",
        },
        ...switchView("pivot"),
        ...switchView("graph"),
        ...switchView("kanban"),
        ...openTrainingMenu("sales_training_session_menu", "Open Sessions"),
        {
            content: "The upcoming session is listed",
            trigger: ".o_data_row td[name='name']:contains(Views Course)",
        },
        ...switchView("calendar"),
        ...switchView("kanban"),
        ...switchView("pivot"),
        ...openTrainingMenu("sales_training_enrollment_menu", "Open Enrollments"),
        {
            content: "The trainee's enrollment is listed",
            trigger: ".o_data_row td[name='employee_id']:contains(Views Trainee)",
        },
        ...switchView("kanban"),
        ...openTrainingMenu("sales_training_budget_menu", "Open the Training Budget"),
        {
            content: "The budget opens as a pivot",
            trigger: ".o_pivot_view .o_pivot",
        },
        ...switchView("graph"),
        ...openTrainingMenu("sales_development_plan_menu", "Open Development Plans"),
        {
            content: "Open the trainee's plan",
            trigger: ".o_kanban_record:contains(Views Trainee)",
            run: "click",
        },
        {
            content: "The skill gaps tab is there",
            trigger: ".o_notebook a:contains(Skill Gaps)",
            run: "click",
        },
        {
            content: "The missing leadership skill is shown",
            trigger: ".o_field_widget[name='skill_gap_ids'] .o_data_row:contains(Views Leadership)",
        },
        {
            content: "Start the plan",
            trigger: "button[name='action_activate']",
            run: "click",
        },
        {
            content: "The plan is active",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Active)",
        },
    ],
});
