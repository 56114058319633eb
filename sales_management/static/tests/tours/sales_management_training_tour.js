import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openMenu, openSalesPerformance } from "@sales_management/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("sales_management_training_tour", {
    url: "/odoo",
    steps: () => [
        ...openSalesPerformance(),
        ...openMenu("sales_training_menu", "sales_training_course_menu", "Open the course catalogue"),
        {
            content: "Wait for the course catalogue (the app opens on the goals kanban)",
            trigger: ".o_control_panel .o_breadcrumb:contains('Courses')",
        },
        {
            content: "Create a course",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Key Account Negotiation",
        },
        {
            content: "Choose its category",
            trigger: ".o_field_widget[name='category_id'] input",
            run: "edit Negotiation",
        },
        {
            content: "Pick Negotiation",
            trigger: ".o-autocomplete--dropdown-item:contains(Negotiation)",
            run: "click",
        },
        {
            content: "It takes six hours",
            trigger: ".o_field_widget[name='hours'] input",
            run: "edit 6",
        },
        ...stepUtils.saveForm(),
        {
            content: "Open its sessions",
            trigger: "button[name='action_view_sessions']",
            run: "click",
        },
        {
            content: "Plan a session",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The session is for the new course",
            trigger: ".o_field_widget[name='course_id'] input:value(Key Account Negotiation)",
        },
        {
            content: "Two seats",
            trigger: ".o_field_widget[name='capacity'] input",
            run: "edit 2",
        },
        {
            content: "Held in the Shanghai office",
            trigger: ".o_field_widget[name='location'] input",
            run: "edit Room 301",
        },
        {
            content: "Enroll attendees (saves the session)",
            trigger: "button[name='action_open_enroll_wizard']",
            run: "click",
        },
        {
            content: "Choose people one by one",
            trigger: ".modal .o_field_widget[name='mode'] label:contains(Chosen Employees)",
            run: "click",
        },
        {
            content: "Add the trainee",
            trigger: ".modal .o_field_widget[name='employee_ids'] input",
            run: "edit Tour Trainee",
        },
        {
            content: "Pick the trainee",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Trainee)",
            run: "click",
        },
        {
            content: "Enroll",
            trigger: ".modal button[name='action_enroll']",
            run: "click",
        },
        {
            content: "The trainee is enrolled",
            trigger: ".o_data_row td[name='employee_id']:contains(Tour Trainee)",
        },
    ],
});
