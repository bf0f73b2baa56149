"""Every saved or deleted article is re-indexed in the search index when its transaction
commits (text_index.article_changed); ingest and re-analysis batch these per chunk."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from articles.search import text_index


@receiver(post_save, sender=Article, dispatch_uid="search-index-save")
@receiver(post_delete, sender=Article, dispatch_uid="search-index-delete")
def article_changed(sender, instance, using, **kwargs):
    text_index.article_changed(instance.pk, using)
