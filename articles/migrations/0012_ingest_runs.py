# A stored report per run (IngestRun), and the article's identity as an explicit
# import_ref filled from file_name for existing rows.

from django.db import migrations, models

from articles.search.database import ddl


def fill_import_refs(apps, schema_editor):
    # Until now an article was recognised by its file_name: that becomes its import_ref
    # (with the pk appended where two rows shared a file name, so the key can be unique).
    Article = apps.get_model("articles", "Article")
    seen = set()
    for pk, file_name in Article.objects.order_by("pk").values_list("pk", "file_name").iterator():
        ref = file_name if file_name not in seen else f"{file_name}#pk-{pk}"
        seen.add(ref)
        Article.objects.filter(pk=pk).update(import_ref=ref)


def restore_after_sqlite_rebuild(apps, schema_editor):
    # Adding a column makes SQLite rebuild articles_article, which drops the full-text
    # triggers and the "newest first" index.
    ddl.restore_after_sqlite_rebuild(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_similarity'),
    ]

    operations = [
        migrations.CreateModel(
            name='IngestRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('ingest', 'ingest'), ('reanalyze', 're-analysis')], max_length=10)),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('arguments', models.JSONField(blank=True, default=list)),
                ('dry_run', models.BooleanField(default=False)),
                ('seen', models.PositiveIntegerField(default=0, help_text='Files (or articles) looked at.')),
                ('created', models.PositiveIntegerField(default=0)),
                ('updated', models.PositiveIntegerField(default=0)),
                ('unchanged', models.PositiveIntegerField(default=0)),
                ('skipped', models.PositiveIntegerField(default=0)),
                ('failed', models.PositiveIntegerField(default=0)),
                ('failures', models.JSONField(blank=True, default=list, help_text='Each failure: the file (and line or item) and why.')),
            ],
            options={
                'ordering': ['-started_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='import_ref',
            field=models.CharField(blank=True, null=True, help_text="The article's identity across runs: its file's path within the folder ingested (plus #line-N or #item-N inside a JSONL or JSON file).", max_length=600),
        ),
        migrations.RunPython(fill_import_refs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='article',
            name='date_origin',
            field=models.CharField(choices=[('metadata', "from the file's metadata"), ('text', 'found in the text'), ('page', 'found in the web page (htmldate)'), ('manual', 'set by an editor'), ('unknown', 'unknown')], default='unknown', max_length=10),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('import_ref',), name='article_import_ref_unique'),
        ),
        migrations.RunPython(restore_after_sqlite_rebuild, migrations.RunPython.noop),
    ]
