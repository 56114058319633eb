import { registry } from "@web/core/registry";
import { openMenu, openSalesPerformance } from "@sales_management/../tests/tours/tour_utils";

// A rep on her phone (375×667): enrolls herself in a session, checks her certificates, opens her plan.
registry.category("web_tour.tours").add("sales_management_rep_training_tour", {
    url: "/odoo",
    steps: () => [
        ...openSalesPerformance(),
        {
            content: "Open the menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            content: "Her training menu: sessions, enrollments, her certificates and plan only",
            trigger:
                ".o_app_menu_sidebar:has(li[data-menu-xmlid='sales_management.sales_training_compliance_menu_my'])" +
                ":not(:has([data-menu-xmlid='sales_management.sales_training_budget_menu']))" +
                ":not(:has([data-menu-xmlid='sales_management.sales_training_compliance_menu']))",
        },
        {
            content: "Open the sessions",
            trigger: ".o_app_menu_sidebar li[data-menu-xmlid='sales_management.sales_training_session_menu']",
            run: "click",
        },
        {
            content: "Enroll from the session's card",
            trigger: ".o_kanban_record:contains(Rep Tour Session) button[name='action_enroll_self']",
            run: "click",
        },
        {
            content: "The dialog says a seat is free",
            trigger: ".modal .o_field_widget[name='seat_note']:contains(A seat is free)",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_enroll']",
            run: "click",
        },
        {
            content: "The card shows her enrolled, without the button",
            trigger:
                ".o_kanban_record:contains(Rep Tour Session):not(:has(button[name='action_enroll_self']))" +
                " .o_field_widget[name='my_enrollment_state']:contains(Enrolled)",
        },
        ...openMenu("sales_training_menu", "sales_training_compliance_menu_my", "Open her certificates"),
        {
            content: "Her missing certificate, with the next session to enroll in",
            trigger: ".o_kanban_record:contains(Test Product):contains(Rep Tour Product Session)" +
                " button[name='action_enroll_next_session']",
        },
        {
            content: "The certificate she just enrolled for shows her session, without the button",
            trigger: ".o_kanban_record:contains(Rep Tour Session):contains(Enrolled)" +
                ":not(:has(button[name='action_enroll_next_session']))",
        },
        {
            content: "Only her own certificates, no sample data",
            trigger: ".o_kanban_view:not(.o_view_sample_data):not(:has(.o_kanban_record:contains(Rep Quinn)))",
        },
        ...openMenu("sales_training_menu", "sales_development_plan_menu_my", "Open her development plan"),
        {
            content: "Her active plan opens directly, as a form",
            trigger: ".o_form_view .oe_title:contains(Rep Riley – Promotion – Test Team Leader)",
        },
        {
            content: "She cannot change its state",
            trigger: ".o_form_view:not(:has(button[name='action_done'])):not(:has(button[name='action_cancel']))",
        },
    ],
});
