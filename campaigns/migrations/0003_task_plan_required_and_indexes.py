# Separate from 0002: on PostgreSQL the rows 0002 updated leave deferred foreign-key
# checks pending, and ALTER TABLE cannot run in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_task_plan"),
    ]

    operations = [
        migrations.AlterField(
            model_name='task',
            name='plan',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='campaigns.plan', verbose_name='plan'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['plan', 'status', 'due_date'], name='task_plan_status_due_idx'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['plan', 'unit', 'due_date'], name='task_plan_unit_due_idx'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['due_date', 'activity'], name='task_due_activity_idx'),
        ),
    ]
