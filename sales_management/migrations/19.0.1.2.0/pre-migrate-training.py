"""19.0.1.2.0, before the schema update: training data fit for the new constraints.

- One active enrollment per session and employee is now a unique index: duplicates that two
  concurrent requests could create under 19.0.1.1.0 are cancelled, the first one kept.
- Compliance rows are now one per employee and required certificate instead of one per
  employee and mandatory course: each row takes the certificate its course grants, so its
  reminder history carries over. Rows of courses granting none, and a second row for the same
  certificate, are derived data: they go, with their activities, and the post-migration
  refresh builds the rows anew."""


def migrate(cr, version):
    cr.execute("""
        UPDATE sales_training_enrollment duplicate
           SET state = 'cancelled'
          FROM sales_training_enrollment first
         WHERE first.session_id = duplicate.session_id
           AND first.employee_id = duplicate.employee_id
           AND first.id < duplicate.id
           AND first.state != 'cancelled'
           AND duplicate.state != 'cancelled'
    """)
    cr.execute("""
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'sales_training_compliance' AND column_name = 'skill_id'
    """)
    if cr.fetchone():
        return
    cr.execute("ALTER TABLE sales_training_compliance ADD COLUMN skill_id int4")
    cr.execute("""
        UPDATE sales_training_compliance row
           SET skill_id = course.skill_id
          FROM sales_training_course course
         WHERE course.id = row.course_id
    """)
    cr.execute("""
        SELECT row.id
          FROM sales_training_compliance row
         WHERE row.skill_id IS NULL
            OR EXISTS (SELECT 1 FROM sales_training_compliance first
                        WHERE first.employee_id = row.employee_id AND first.skill_id = row.skill_id
                          AND first.id < row.id)
    """)
    obsolete = [row_id for [row_id] in cr.fetchall()]
    if obsolete:
        cr.execute("DELETE FROM mail_activity WHERE res_model = 'sales.training.compliance' AND res_id = ANY(%s)",
                   [obsolete])
        cr.execute("DELETE FROM sales_training_compliance WHERE id = ANY(%s)", [obsolete])
