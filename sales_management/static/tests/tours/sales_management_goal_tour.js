import { registry } from "@web/core/registry";
import { openSalesPerformance } from "@sales_management/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("sales_management_goal_tour", {
    url: "/odoo",
    steps: () => [
        ...openSalesPerformance(),
        {
            content: "Open Goals",
            trigger: "[data-menu-xmlid='sales_management.sales_goal_menu_root']",
            run: "click",
        },
        {
            content: "Open all goals",
            trigger: "[data-menu-xmlid='sales_management.sales_goal_menu']",
            run: "click",
        },
        {
            content: "Open the tour team's goal",
            trigger: ".o_data_row td[name='display_name']:contains('Tour Team')",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: "button[name='action_confirm']",
            run: "click",
        },
        {
            content: "It is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
        {
            content: "Split it",
            trigger: "button[name='action_open_split_wizard']",
            run: "click",
        },
        {
            content: "The wizard proposes one sub-goal per member",
            trigger: ".modal .o_data_row:nth-child(2)",
        },
        {
            content: "Create the sub-goals",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The sub-goals are listed",
            trigger: ".o_list_view .o_data_row td[name='display_name']:contains('Tour Rep Two')",
        },
    ],
});
