"""The four topics every archive starts with. Their keyword lists are copied here (not
imported) so this migration means the same thing forever; editors tune them in the admin."""

from django.db import migrations

TOPICS = [{'slug': 'defense',
  'name': 'Defense',
  'description': 'Military cooperation, arms purchases, weapons systems and joint exercises.',
  'keywords': 'defense\n'
              'defence\n'
              'military\n'
              'armed forces\n'
              'army\n'
              'navy\n'
              'naval\n'
              'air force\n'
              'weapons\n'
              'weapons systems\n'
              'arms deal\n'
              'arms sales\n'
              'arms supplier\n'
              'S-400\n'
              'missile\n'
              'air defense system\n'
              'fighter jets\n'
              'warships\n'
              'submarines\n'
              'troops\n'
              'soldiers\n'
              'exercises\n'
              'joint exercises\n'
              'drills\n'
              'ammunition\n'
              'defense procurement'},
 {'slug': 'energy',
  'name': 'Energy',
  'description': 'Oil, gas and nuclear power: supply deals, pipelines, prices and sanctions on '
                 'energy exports.',
  'keywords': 'energy\n'
              'oil\n'
              'crude\n'
              'crude oil\n'
              'gas\n'
              'natural gas\n'
              'LNG\n'
              'liquefied natural gas\n'
              'petroleum\n'
              'pipeline\n'
              'Nord Stream\n'
              'refinery\n'
              'barrels\n'
              'fuel\n'
              'coal\n'
              'nuclear power\n'
              'nuclear power plant\n'
              'nuclear reactor\n'
              'power plant\n'
              'electricity\n'
              'renewable energy\n'
              'OPEC\n'
              'Gazprom\n'
              'Rosneft\n'
              'Rosatom'},
 {'slug': 'trafficking',
  'name': 'Human trafficking',
  'description': 'Nationals lured or deceived into serving in a foreign army, trafficking '
                 'networks, and efforts to bring them home.',
  'keywords': 'human trafficking\n'
              'trafficking\n'
              'trafficked\n'
              'traffickers\n'
              'lured\n'
              'misled into serving\n'
              'deceived into serving\n'
              'duped into\n'
              'forced to fight\n'
              'false promises\n'
              'fake job offers\n'
              'discharge of Indian nationals\n'
              'discharge of Indians\n'
              'release of Indian nationals'},
 {'slug': 'ukraine',
  'name': 'Ukraine war',
  'description': "Russia's invasion of Ukraine and the war's diplomacy, sanctions and peace "
                 'efforts.',
  'keywords': 'Ukraine\n'
              'Ukrainian\n'
              'Kyiv\n'
              'Kiev\n'
              'Zelensky\n'
              'Zelenskyy\n'
              'invasion of Ukraine\n'
              'war in Ukraine\n'
              'Ukraine war\n'
              'Russia-Ukraine\n'
              'Donbas\n'
              'Crimea\n'
              'Kharkiv'}]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    for topic in TOPICS:
        Topic.objects.update_or_create(slug=topic["slug"], defaults=topic)


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    Topic.objects.filter(slug__in=[t["slug"] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_topics, remove_topics)]
