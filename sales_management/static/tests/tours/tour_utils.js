import { stepUtils } from "@web_tour/tour_utils";

const APP = "sales_management.sales_management_menu_root";

/**
 * Open the Sales Performance app: from the apps menu on a desktop, from the sidebar on a phone.
 */
export function openSalesPerformance() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            isActive: ["desktop"],
            content: "Open the Sales Performance app",
            trigger: `.o_app[data-menu-xmlid='${APP}']`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open the sidebar",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Show all apps",
            trigger: ".o_app_menu_sidebar .o_sidebar_topbar a.btn-primary",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open the Sales Performance app",
            trigger: `.o_app_menu_sidebar li.o_app[data-menu-xmlid='${APP}']`,
            run: "click",
        },
    ];
}

/**
 * Open a menu of the app: its section then the item on a desktop, the sidebar on a phone.
 * @param {string} section xml id (without module) of the section, e.g. "sales_training_menu"
 * @param {string} item xml id (without module) of the menu item
 * @param {string} content what the step does
 */
export function openMenu(section, item, content) {
    return [
        {
            isActive: ["desktop"],
            content: `Open the ${section} section`,
            trigger: `.o_main_navbar [data-menu-xmlid='sales_management.${section}']`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            content,
            trigger: `.dropdown-menu [data-menu-xmlid='sales_management.${item}']`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open the sidebar",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content,
            trigger: `.o_app_menu_sidebar li[data-menu-xmlid='sales_management.${item}']`,
            run: "click",
        },
    ];
}
