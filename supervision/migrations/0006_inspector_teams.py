"""检查组: a task names its inspector team instead of one row per inspector.

Existing tasks get one team per distinct set of inspectors within their plan, numbered in draw
order (``seq``), as a new draw numbers them. ``0007`` then drops ``TaskInspector``: on
PostgreSQL the rows written here queue foreign-key checks that must run before a table they
touch can be altered, which a separate migration (its own transaction) guarantees.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def teams_from_task_inspectors(apps, schema_editor):
    Task = apps.get_model("supervision", "Task")
    TaskInspector = apps.get_model("supervision", "TaskInspector")
    InspectorTeam = apps.get_model("supervision", "InspectorTeam")
    TeamMember = apps.get_model("supervision", "TeamMember")
    people = defaultdict(list)
    rows = TaskInspector.objects.order_by("task_id", "person_id").values_list(
        "task_id", "person_id"
    )
    for task_id, person_id in rows.iterator(chunk_size=20_000):
        people[task_id].append(person_id)
    teams, numbers, tasks_of = {}, defaultdict(int), defaultdict(list)
    tasks = Task.objects.order_by("plan_id", "seq").values_list("pk", "plan_id")
    for task_id, plan_id in tasks.iterator(chunk_size=20_000):
        ids = tuple(people.get(task_id, ()))
        if not ids:
            continue
        if (plan_id, ids) not in teams:
            numbers[plan_id] += 1
            team = InspectorTeam.objects.create(plan_id=plan_id, number=numbers[plan_id])
            TeamMember.objects.bulk_create([TeamMember(team=team, person_id=p) for p in ids])
            teams[plan_id, ids] = team.pk
        tasks_of[teams[plan_id, ids]].append(task_id)
    for team_id, task_ids in tasks_of.items():
        for start in range(0, len(task_ids), 5_000):
            Task.objects.filter(pk__in=task_ids[start : start + 5_000]).update(team_id=team_id)


def task_inspectors_from_teams(apps, schema_editor):
    Task = apps.get_model("supervision", "Task")
    TaskInspector = apps.get_model("supervision", "TaskInspector")
    rows = Task.objects.filter(team__isnull=False).values_list("pk", "team__members")
    TaskInspector.objects.bulk_create(
        (TaskInspector(task_id=t, person_id=p) for t, p in rows.iterator(chunk_size=20_000)),
        batch_size=5_000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_attachments"),
        ("supervision", "0005_inspection_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="InspectorTeam",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="组号")),
            ],
            options={
                "verbose_name": "检查组",
                "verbose_name_plural": "检查组",
                "ordering": ["plan", "number"],
            },
        ),
        migrations.CreateModel(
            name="TeamMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="inspectorteam",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="teams",
                to="supervision.samplingplan",
                verbose_name="抽查计划",
            ),
        ),
        migrations.AddField(
            model_name="task",
            name="team",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="tasks",
                to="supervision.inspectorteam",
                verbose_name="检查组",
            ),
        ),
        migrations.AddField(
            model_name="teammember",
            name="person",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="core.person"),
        ),
        migrations.AddField(
            model_name="teammember",
            name="team",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="supervision.inspectorteam",
            ),
        ),
        migrations.AddField(
            model_name="inspectorteam",
            name="members",
            field=models.ManyToManyField(
                related_name="inspector_teams",
                through="supervision.TeamMember",
                to="core.person",
                verbose_name="执法人员",
            ),
        ),
        migrations.AddConstraint(
            model_name="teammember",
            constraint=models.UniqueConstraint(
                fields=("team", "person"), name="team_member_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="inspectorteam",
            constraint=models.UniqueConstraint(
                fields=("plan", "number"), name="team_plan_number_unique"
            ),
        ),
        migrations.RunPython(teams_from_task_inspectors, task_inspectors_from_teams),
    ]
