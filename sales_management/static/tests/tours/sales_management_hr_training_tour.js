import { registry } from "@web/core/registry";
import { openMenu, openSalesPerformance } from "@sales_management/../tests/tours/tour_utils";

// HR on a desktop: a new enrollment filled through its dropdowns, compliance by job, and an
// attendance recorded after the session ended.
registry.category("web_tour.tours").add("sales_management_hr_training_tour", {
    url: "/odoo",
    steps: () => [
        ...openSalesPerformance(),
        ...openMenu("sales_training_menu", "sales_training_enrollment_menu", "Open the enrollments"),
        {
            content: "New enrollment",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Look for the session",
            trigger: ".o_field_widget[name='session_id'] input",
            run: "edit HR Tour Open",
        },
        {
            content: "The open session is offered (and nothing can be created from here)",
            trigger:
                ".o-autocomplete--dropdown-menu:not(:has(.o_m2o_dropdown_option_create))" +
                " .o-autocomplete--dropdown-item:contains(HR Tour Open Session)",
            run: "click",
        },
        {
            content: "Look for the employee",
            trigger: ".o_field_widget[name='employee_id'] input",
            run: "edit Rep Quinn",
        },
        {
            content: "The employee is offered, no employee can be created from here",
            trigger:
                ".o-autocomplete--dropdown-menu:not(:has(.o_m2o_dropdown_option_create))" +
                ":not(:has(.o_m2o_dropdown_option_create_edit))" +
                " .o-autocomplete--dropdown-item:contains(Rep Quinn)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Rep Quinn is enrolled",
            trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Enrolled)",
        },
        ...openMenu("sales_training_menu", "sales_training_compliance_menu", "Open compliance"),
        {
            content: "Compliance is grouped by job, with the share of valid certificates (1 of 6)",
            trigger: ".o_list_view .o_group_header:contains(Test Sales Rep):contains(16.67)",
            run: "click",
        },
        {
            content: "The reps' rows",
            trigger: ".o_list_view .o_data_row td[name='employee_id']:contains(Rep Riley)",
        },
        ...openMenu("sales_training_menu", "sales_training_session_menu", "Open the sessions"),
        {
            content: "Show every session, ended ones too",
            trigger: ".o_searchview .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the session that ended",
            trigger: ".o_data_row td[name='name']:contains(HR Tour Past Session)",
            run: "click",
        },
        {
            content: "Record who attended it after the fact",
            trigger: "button[name='action_open_attendance_wizard']",
            run: "click",
        },
        {
            content: "Add Rep Riley",
            trigger: ".modal .o_field_widget[name='employee_ids'] input",
            run: "edit Rep Riley",
        },
        {
            content: "Pick Rep Riley",
            trigger: ".o-autocomplete--dropdown-item:contains(Rep Riley)",
            run: "click",
        },
        {
            content: "Her score on the sheet",
            trigger: ".modal .o_field_widget[name='score'] input",
            run: "edit 92",
        },
        {
            content: "Why it is recorded now",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit The attendance sheet arrived after the session was closed.",
        },
        {
            content: "Record",
            trigger: ".modal button[name='action_record']",
            run: "click",
        },
        {
            content: "She passed",
            trigger: ".o_list_view .o_data_row:contains(Rep Riley) td[name='state']:contains(Passed)",
        },
    ],
});
