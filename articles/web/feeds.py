"""The Atom feeds of a topic: its newest articles, each with the sentences that matched; and
its key events, newest first, each with its summary."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import ArticleTopic, Topic
from articles.timelines.key_events import topic_key_events

FEED_ITEMS = 50


class TopicFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"{topic.name} — Diplomatic news archive"

    def link(self, topic):
        return topic.get_absolute_url()

    def subtitle(self, topic):
        return topic.description or f"New coverage of {topic.name}"

    def items(self, topic):
        return (
            ArticleTopic.objects.filter(topic=topic)
            .select_related("article__source")
            .order_by("-article__published_on", "-article__created_at")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.article.title

    def item_link(self, item):
        return item.article.get_absolute_url()

    def item_description(self, item):
        # Atom marks this as HTML: escape it, so a sentence with markup is read as text.
        return escape(" … ".join(item.evidence[:3]))

    def item_author_name(self, item):
        return item.article.byline or item.article.source.name

    def item_pubdate(self, item):
        published = item.article.published_on
        if published is None:
            return item.article.created_at
        return timezone.make_aware(dt.datetime.combine(published, dt.time()), dt.UTC)

    def item_updateddate(self, item):
        return item.article.updated_at


class KeyEventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"{topic.name}: key events — Diplomatic news archive"

    def link(self, topic):
        return topic.get_absolute_url()

    def subtitle(self, topic):
        return f"What the coverage of {topic.name} says happened, most recent first"

    def items(self, topic):
        self.topic = topic
        events = topic_key_events(topic, limit=FEED_ITEMS)
        return sorted(events, key=lambda e: e.day, reverse=True)

    def item_title(self, event):
        return f"{event.label}: {event.summary_sentences[0] if event.summary else 'key event'}"

    def item_link(self, event):
        return f"{self.topic.get_absolute_url()}#{event.anchor}"

    def item_guid(self, event):
        return f"{self.topic.get_absolute_url()}#{event.anchor}"

    def item_description(self, event):
        told = " ".join(event.summary_sentences)
        return escape(f"{told} ({event.article_count} articles from {event.source_count} sources)")

    def item_pubdate(self, event):
        return timezone.make_aware(dt.datetime.combine(event.day, dt.time()), dt.UTC)
