"""The draw's witness becomes a person (separation of duties); drawing is its own permission.

The free-text witness of earlier draws is kept as ``witness_name``."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0010_dates_have_rules"),
    ]

    operations = [
        migrations.RenameField(
            model_name="samplingplan", old_name="witness", new_name="witness_name"
        ),
        migrations.AlterField(
            model_name="samplingplan",
            name="witness_name",
            field=models.CharField(
                blank=True, editable=False, max_length=60, verbose_name="见证人（原记录）"
            ),
        ),
        migrations.AddField(
            model_name="samplingplan",
            name="witness",
            field=models.ForeignKey(
                blank=True,
                help_text="抽取时在场监督的人员（须与抽取人不同，不被抽为执法人员）。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.person",
                verbose_name="见证人",
            ),
        ),
        migrations.AlterModelOptions(
            name="samplingplan",
            options={
                "ordering": ["-year", "-id"],
                "permissions": [("draw_samplingplan", "可以抽取双随机计划")],
                "verbose_name": "抽查计划",
                "verbose_name_plural": "抽查计划",
            },
        ),
    ]
