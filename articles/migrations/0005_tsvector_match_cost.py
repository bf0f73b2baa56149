"""Tell PostgreSQL's planner that matching a tsvector is expensive.

`search_vector @@ query` detoasts the article's vector (a few kB, stored out of line), about
9 µs a row, but the function behind @@ is costed like an integer comparison. With that cost
the planner scanned all 100,000 articles for a common word (900 ms) or walked the date index
detoasting 30,000 rows for a rare one (430 ms) instead of asking the full-text index
(bench/README.md). Needs the owner of the function (a superuser); without that right the
migration leaves the cost alone and says so.
"""

from django.db import migrations, transaction

COST = 1000
FUNCTION = "ts_match_vq(tsvector, tsquery)"


def set_cost(cost):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute(f"ALTER FUNCTION {FUNCTION} COST {cost}")
        except Exception as exc:  # permission denied: plans are slower, results the same
            print(f"\n  Could not set the cost of {FUNCTION} ({exc}); search may be slower.")

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_newest_first_index")]

    operations = [migrations.RunPython(set_cost(COST), set_cost(1))]
