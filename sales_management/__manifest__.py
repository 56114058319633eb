{
    "name": "Sales Performance Management",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales Performance",
    "summary": "Cascaded sales goals and KPIs, commissions, training, reviews and 1:1s",
    "author": "sales_management contributors",
    "license": "LGPL-3",
    "depends": [
        "crm",
        "sale_management",
        "account",
        "hr",
        "hr_skills",
        "mail",
        "gamification",
    ],
    "data": [
        "security/sales_management_security.xml",
        "security/ir.model.access.csv",
        "data/sales_kpi_data.xml",
        "views/sales_kpi_views.xml",
        "views/sales_management_menus.xml",
    ],
    "demo": [
        "demo/sales_management_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_management/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
