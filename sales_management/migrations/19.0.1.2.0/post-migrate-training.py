"""19.0.1.2.0: a job's required certificates are its hr_skills job skills.

19.0.1.1.0 kept "mandatory for jobs" in the table sales_training_course_hr_job_rel. Each link
becomes a job skill requiring the certificate its course grants (the course's "Mandatory for
Jobs" is now a view of them). A mandatory course that granted no certificate gets one of its
own, named after it, in the Sales Certifications type, and whoever passed it holds that
certificate for the validity they had: the certificates on the employees' skills are now the
one record compliance reads, so nobody compliant before the upgrade is missing after it. The
old table is dropped, enrollments cancelled as duplicates free their seats, and compliance is
refreshed once."""

from odoo import SUPERUSER_ID, api, fields

OLD_TABLE = 'sales_training_course_hr_job_rel'


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT to_regclass(%s)", [OLD_TABLE])
    if cr.fetchone()[0]:
        cr.execute(f'SELECT course_id, job_id FROM "{OLD_TABLE}" ORDER BY course_id, job_id')
        links = cr.fetchall()
        courses = env['sales.training.course'].with_context(active_test=False).browse(
            {course_id for course_id, __ in links}).exists()
        _give_certificates(env, courses.filtered(
            lambda course: not course.skill_id or not course.skill_type_id.is_certification))
        jobs = env['hr.job'].with_context(active_test=False).browse({job_id for __, job_id in links}).exists()
        for course_id, job_id in links:
            course, job = courses.browse(course_id), jobs.browse(job_id)
            if course in courses and job in jobs and job not in course.mandatory_job_ids:
                course._require_for(job)
                course.invalidate_recordset(['mandatory_job_ids'])
        cr.execute(f'DROP TABLE "{OLD_TABLE}"')
        cr.execute("DELETE FROM ir_model_relation WHERE name = %s", [OLD_TABLE])
    env['sales.training.session'].with_context(active_test=False).search([])._compute_seats()
    cr.execute("UPDATE sales_training_compliance SET reminder_sent = reminder_date_expiry IS NOT NULL")
    env['sales.training.compliance']._refresh()


def _give_certificates(env, courses):
    """A certificate of their own for `courses`, held by whoever passed them, as long as it was valid."""
    certification_type = env.ref('sales_management.hr_skill_type_sales_certification')
    level = env.ref('sales_management.hr_skill_level_sales_certified')
    today = fields.Date.context_today(env['sales.training.course'])
    for course in courses:
        skill = env['hr.skill'].create({'name': course.name, 'skill_type_id': certification_type.id})
        course.write({'skill_type_id': certification_type.id, 'skill_id': skill.id, 'skill_level_id': level.id})
        passed = env['sales.training.enrollment'].search(
            [('course_id', '=', course.id), ('state', '=', 'passed')], order='date_completed, id')
        for enrollments in passed.grouped('employee_id').values():
            last = enrollments[-1]
            certificate = env['hr.employee.skill'].create({
                'employee_id': last.employee_id.id,
                'skill_type_id': certification_type.id,
                'skill_id': skill.id,
                'skill_level_id': level.id,
                'valid_from': last.date_completed or today,
                'valid_to': last.date_expiry,
            })
            last.employee_skill_id = certificate
