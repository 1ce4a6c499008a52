"""The search documents and the database's own full-text index beside them (`core.search`):
an FTS5 table on SQLite (it holds the stemmed text, rowid = document id), a generated,
weighted `tsvector` column with a GIN index on PostgreSQL (Dutch stemming by `dutch`)."""

from django.db import migrations, models

SQLITE = [
    (
        "CREATE VIRTUAL TABLE core_search_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')",
        "DROP TABLE IF EXISTS core_search_fts",
    )
]
POSTGRESQL = [
    (
        "ALTER TABLE core_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('dutch', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('dutch', coalesce(body, '')), 'B')) STORED",
        "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS search_vector",
    ),
    (
        "CREATE INDEX core_search_vector ON core_searchdocument USING GIN (search_vector)",
        "DROP INDEX IF EXISTS core_search_vector",
    ),
]


def _statements(vendor: str) -> list[tuple[str, str]]:
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    for forward, _backward in _statements(schema_editor.connection.vendor):
        schema_editor.execute(forward)


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    for _forward, backward in reversed(_statements(schema_editor.connection.vendor)):
        schema_editor.execute(backward)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_outboxmessage_headers'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('key', models.CharField(max_length=64)),
                ('title', models.CharField(max_length=300)),
                ('body', models.TextField(blank=True)),
                ('url', models.CharField(max_length=500)),
                ('themes', models.CharField(blank=True, max_length=1000)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('kind', 'key'), name='search_document_kind_key')],
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
