import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { openSalesPerformance } from "@sales_management/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("sales_management_kpi_tour", {
    url: "/odoo",
    steps: () => [
        ...openSalesPerformance(),
        {
            content: "Open Configuration",
            trigger: "[data-menu-xmlid='sales_management.sales_management_menu_configuration']",
            run: "click",
        },
        {
            content: "Open the KPI catalogue",
            trigger: "[data-menu-xmlid='sales_management.sales_kpi_menu']",
            run: "click",
        },
        {
            content: "The shipped KPIs are listed",
            trigger: ".o_data_row td[name='code']:contains('collection_rate')",
        },
        {
            content: "Create a KPI",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Customer Visits",
        },
        {
            content: "Give it a code",
            trigger: ".o_field_widget[name='code'] input",
            run: "edit customer_visits",
        },
        {
            content: "Open the unit choices",
            trigger: ".o_field_widget[name='unit'] input",
            run: "click",
        },
        {
            content: "It counts visits",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Count)",
            run: "click",
        },
        ...stepUtils.saveForm(),
    ],
});
