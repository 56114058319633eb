import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("sales_management_rep_training_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Sales Performance app",
            trigger: ".o_app[data-menu-xmlid='sales_management.sales_management_menu_root']",
            run: "click",
        },
        {
            content: "Open Training",
            trigger: "[data-menu-xmlid='sales_management.sales_training_menu']",
            run: "click",
        },
        {
            content: "A rep has no budget menu",
            trigger:
                ".dropdown-menu:has([data-menu-xmlid='sales_management.sales_training_enrollment_menu'])" +
                ":not(:has([data-menu-xmlid='sales_management.sales_training_budget_menu']))",
        },
        {
            content: "Open Enrollments",
            trigger: "[data-menu-xmlid='sales_management.sales_training_enrollment_menu']",
            run: "click",
        },
        {
            content: "Their own enrollment is listed, and only theirs",
            trigger: ".o_list_view:not(:has(td:contains(Rep Quinn))) .o_data_row td[name='employee_id']:contains(Rep Riley)",
        },
        {
            content: "Open Training again",
            trigger: "[data-menu-xmlid='sales_management.sales_training_menu']",
            run: "click",
        },
        {
            content: "Open Compliance",
            trigger: "[data-menu-xmlid='sales_management.sales_training_compliance_menu']",
            run: "click",
        },
        {
            content: "Their missing certification is listed",
            trigger: ".o_list_view .o_data_row td[name='employee_id']:contains(Rep Riley)",
        },
    ],
});
