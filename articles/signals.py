"""The one mechanism that keeps state derived from the whole archive in step with its
articles, wherever they are saved or deleted (ingest, re-analysis, the admin, a shell):

- the search index re-reads every saved or deleted article when its transaction commits
  (search_index.article_changed; ingest and re-analysis batch these per chunk), and every
  article whose filter fields change without it being saved: a topic score or mention saved
  on its own (the admin, a merge, a shell), an entity or topic deleted with its rows (the
  bulk writes of ingest, re-scoring and merges say so themselves);
- the search index is built from the database, when it is missing, at the end of `migrate`;
- the stories an article deleted leaves are regrouped in the deleting transaction (its
  similarity pairs go with it, by cascade). A saved article's pairs and stories follow its
  text, which only ingest and re-analysis write: they call update_similarity with it.
"""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, ArticleTopic, Entity, Mention, Topic
from articles.search.tantivy import store as search_index
from articles.stories.links import linked_articles, regroup_stories


@receiver(post_save, sender=Article, dispatch_uid="search-index-save")
def article_saved(sender, instance, using, **kwargs):
    search_index.article_changed(instance.pk, using)


@receiver(post_save, sender=ArticleTopic, dispatch_uid="search-index-topic-save")
@receiver(post_save, sender=Mention, dispatch_uid="search-index-mention-save")
def link_saved(sender, instance, using, **kwargs):
    search_index.article_changed(instance.article_id, using)


@receiver(pre_delete, sender=Entity, dispatch_uid="search-index-entity-deleting")
def entity_deleting(sender, instance, using, **kwargs):
    # Read before the cascade removes the mentions that say which articles named it.
    mentions = Mention.objects.using(using).filter(entity_id=instance.pk)
    instance._articles_before_delete = set(mentions.values_list("article_id", flat=True))


@receiver(pre_delete, sender=Topic, dispatch_uid="search-index-topic-deleting")
def topic_deleting(sender, instance, using, **kwargs):
    scores = ArticleTopic.objects.using(using).filter(topic_id=instance.pk)
    instance._articles_before_delete = set(scores.values_list("article_id", flat=True))


@receiver(post_delete, sender=Entity, dispatch_uid="search-index-entity-delete")
@receiver(post_delete, sender=Topic, dispatch_uid="search-index-topic-delete")
def link_target_deleted(sender, instance, using, **kwargs):
    for article_id in getattr(instance, "_articles_before_delete", ()):
        search_index.article_changed(article_id, using)


@receiver(pre_delete, sender=Article, dispatch_uid="stories-before-delete")
def article_deleting(sender, instance, using, **kwargs):
    # Read before the cascade removes the pairs that say which stories it was part of.
    instance._linked_before_delete = linked_articles(instance.pk)


@receiver(post_delete, sender=Article, dispatch_uid="search-index-and-stories-delete")
def article_deleted(sender, instance, using, **kwargs):
    search_index.article_changed(instance.pk, using)
    linked = getattr(instance, "_linked_before_delete", set())
    if linked:
        regroup_stories(linked - {instance.pk})


@receiver(post_migrate, dispatch_uid="search-index-build")
def database_migrated(sender, app_config, using, verbosity=1, stdout=None, **kwargs):
    if app_config.label != "articles":
        return
    say = (stdout.write if stdout else print) if verbosity else (lambda line: None)
    search_index.build_missing(using, say)
