from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_inspector_teams"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="taskinspector",
            name="task_inspector_unique",
        ),
        migrations.RemoveField(
            model_name="task",
            name="inspectors",
        ),
        migrations.RemoveField(
            model_name="taskinspector",
            name="person",
        ),
        migrations.RemoveField(
            model_name="taskinspector",
            name="task",
        ),
        migrations.DeleteModel(
            name="TaskInspector",
        ),
    ]
