import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const openApp = [
    stepUtils.showAppsMenuItem(),
    {
        content: "On a phone, open the apps from the top left corner",
        isActive: ["mobile"],
        trigger: ".o_main_navbar .o_menu_toggle",
        run: "click",
    },
    {
        content: "List all the apps",
        isActive: ["mobile"],
        trigger: ".o_app_menu_sidebar .o_sidebar_topbar a.btn-primary",
        run: "click",
    },
    {
        content: "Open the Sales Performance app",
        trigger: ".o_app[data-menu-xmlid='sales_management.sales_management_menu_root']",
        run: "click",
    },
];

function openMenu(xmlid, content) {
    return [
        {
            content: "Open Goals",
            trigger: "[data-menu-xmlid='sales_management.sales_goal_menu_root']",
            run: "click",
        },
        { content, trigger: `[data-menu-xmlid='sales_management.${xmlid}']`, run: "click" },
    ];
}

/** Fails when one of these figures of the goal form lies below the first screen. */
function firstScreenShows(fields) {
    return {
        content: "Target, actual, attainment, status, forecast and pace fit the first screen",
        trigger: ".o_sales_goal_scoreboard [name='pace_needed']",
        run() {
            const below = fields.filter((name) => {
                const field = document.querySelector(`.o_sales_goal_scoreboard [name='${name}']`);
                return !field || field.getBoundingClientRect().bottom > window.innerHeight;
            });
            if (below.length) {
                throw new Error(`Below the first screen (${window.innerHeight}px): ${below.join(", ")}`);
            }
        },
    };
}

const SCOREBOARD = ["actual", "target", "attainment", "status", "forecast", "pace_needed"];

registry.category("web_tour.tours").add("sales_management_director_goal_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp,
        {
            content: "The director lands on the teams' goals",
            trigger: ".o_breadcrumb:contains('Team Goals')",
        },
        ...openMenu("sales_goal_analysis_menu", "Open the analysis"),
        {
            content: "One level at a time: the team's target, not the company's added to it",
            trigger: ".o_pivot:contains('60,000.00'):not(:contains('160,000.00'))",
        },
        ...openMenu("sales_goal_menu", "Open all goals"),
        {
            content: "Open the rep's goal",
            trigger: ".o_data_row td[name='display_name']:contains('Rep Riley')",
            run: "click",
        },
        {
            content: "Explain the actual",
            trigger: "button[name='action_open_sources']",
            run: "click",
        },
        {
            content: "Three invoices, counted 3,500 in all: the goal's actual",
            trigger: ".o_list_view:has(.o_data_row:eq(2)) tfoot:contains('3,500.00')",
        },
        {
            content: "Open an invoice's row",
            trigger: ".o_data_row td[name='amount']:contains('2,000.00')",
            run: "click",
        },
        {
            content: "It opens, read-only, without the invoice form the director may not read",
            trigger: ".o_form_view:has(.o_field_widget[name='document']):not(:has(button[name='action_open_document']))",
        },
        {
            content: "Back to the documents",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a, .o_back_button",
            run: "click",
        },
        {
            content: "The list is back",
            trigger: ".o_list_view tfoot:contains('3,500.00')",
        },
    ],
});

registry.category("web_tour.tours").add("sales_management_leader_alert_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp,
        {
            content: "The leader lands on their teams' goals",
            trigger: ".o_breadcrumb:contains('Team Goals')",
        },
        ...openMenu("sales_goal_menu_at_risk", "Open the goals at risk"),
        {
            content: "A member's goal is behind",
            trigger: ".o_data_row td[name='display_name']:contains('Rep Riley')",
            run: "click",
        },
        {
            content: "Its alert waits for the leader, due today",
            trigger: ".o-mail-Activity:contains('contingency plan needed')",
        },
        {
            content: "Open the contingency plan",
            trigger: ".o_notebook .nav-link:contains('Contingency Plan')",
            run: "click",
        },
        {
            content: "Write the plan",
            trigger: ".o_field_widget[name='contingency_plan'] .odoo-editor-editable",
            run: "editor Two customer visits a week with the leader.",
        },
        ...stepUtils.saveForm(),
    ],
});

registry.category("web_tour.tours").add("sales_management_rep_goal_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp,
        {
            content: "The rep lands on her own goals",
            trigger: ".o_kanban_record:contains('Invoiced Revenue')",
            run: "click",
        },
        firstScreenShows(SCOREBOARD),
        {
            content: "No state button she could not press",
            trigger:
                ".o_form_view:not(:has(button[name='action_confirm'])):not(:has(button[name='action_close']))" +
                ":not(:has(button[name='action_cancel'])):not(:has(button[name='action_open_split_wizard']))",
        },
        {
            content: "Her invoices are one tap away",
            trigger: "button[name='action_open_sources']",
            run: "click",
        },
        {
            content: "The three invoices behind her number",
            trigger: ".o_data_row:contains('2,000.00')",
        },
    ],
});

/** Fails when the action's screen shows a word in Latin letters (an untranslated string); the
 * chatter is left out: its messages stay in the language they were written in. */
function noUntranslatedWord(content) {
    return {
        content,
        trigger: ".o_action_manager .o_content",
        run() {
            const allowed = new Set(["KPI", "SMART"]);  // acronyms Chinese business writing keeps
            const root = document.querySelector(".o_action_manager");
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const found = [];
            while (walker.nextNode()) {
                const element = walker.currentNode.parentElement;
                if (!element || !element.offsetParent || element.closest(".o-mail-Chatter")) {
                    continue;
                }
                const text = walker.currentNode.textContent;
                for (const [word] of text.matchAll(/[A-Za-z]{2,}/g)) {
                    if (!allowed.has(word)) {
                        found.push(text.trim());
                    }
                }
            }
            if (found.length) {
                throw new Error(`Untranslated: ${[...new Set(found)].join(" | ")}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("sales_management_rep_goal_zh_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp,
        {
            content: "Her goals, in Chinese",
            trigger: ".o_kanban_record:contains('开票收入')",
        },
        noUntranslatedWord("The goals screen speaks Chinese"),
        {
            content: "Open her goal",
            trigger: ".o_kanban_record:contains('开票收入')",
            run: "click",
        },
        firstScreenShows(SCOREBOARD),
        noUntranslatedWord("The goal screen speaks Chinese"),
    ],
});
