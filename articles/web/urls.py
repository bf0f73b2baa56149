from django.urls import path

from articles.web import views
from articles.web.feeds import KeyEventsFeed, TopicFeed

app_name = "articles"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export_results, {"fmt": "csv"}, name="export-csv"),
    path("export.json", views.export_results, {"fmt": "json"}, name="export-json"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/mentions/", views.topic_mentions, name="topic-mentions"),
    path("topics/<slug:slug>/feed/", TopicFeed(), name="topic-feed"),
    path("topics/<slug:slug>/timeline/feed/", KeyEventsFeed(), name="topic-timeline-feed"),
    path("timeline/", views.search_timeline, name="search-timeline"),
    path("entities/<slug:slug>/timeline/", views.entity_timeline, name="entity-timeline"),
    path("sources/<slug:slug>/timeline/", views.source_timeline, name="source-timeline"),
    path("entities/", views.entity_list, name="entities"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("compare/", views.compare, name="compare"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
]
