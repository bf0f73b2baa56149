"""Alias keys of names in a non-Latin script are transliterated ("Путин" -> "putin"), so that
they meet the same names written in Latin letters. Keys stored before are recomputed; a key
another alias already holds stays as it was (an editor merges the two entities)."""

from django.db import migrations


def transliterate_keys(apps, schema_editor):
    from articles.analysis.aliases import normalize_alias

    EntityAlias = apps.get_model("articles", "EntityAlias")
    taken = set(EntityAlias.objects.values_list("key", flat=True))
    for alias in EntityAlias.objects.iterator():
        if alias.name.isascii():
            continue
        key = normalize_alias(alias.name)[:200]
        if key != alias.key and key not in taken:
            taken.discard(alias.key)
            taken.add(key)
            EntityAlias.objects.filter(pk=alias.pk).update(key=key)


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_article_language")]

    operations = [migrations.RunPython(transliterate_keys, migrations.RunPython.noop)]
