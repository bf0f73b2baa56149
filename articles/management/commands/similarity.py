from django.core.management.base import BaseCommand

from articles.stories.links import update_all


class Command(BaseCommand):
    help = (
        "Find the similar articles and stories of every article again: for an archive "
        "ingested before similarity existed, or after its thresholds changed."
    )

    def handle(self, *args, **options):
        counts = update_all()
        self.stdout.write(
            f"{counts['articles']} articles compared: {counts['pairs']} similar pairs, "
            f"{counts['stories']} stories"
        )
