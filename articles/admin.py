from django.contrib import admin, messages
from django.db.models import Count

from articles.analysis import normalize_alias
from articles.curation import merge_entities
from articles.ingest import rescore_topics
from articles.models import Article, ArticleTopic, Entity, EntityAlias, Mention, Source, Topic
from articles.similar import remove_article


class ArticleCountMixin:
    """Adds an "articles" column, counted in the list's own query (no query per row)."""

    article_relation: str  # the reverse relation whose rows are counted

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count(self.article_relation))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Source)
class SourceAdmin(ArticleCountMixin, admin.ModelAdmin):
    article_relation = "articles"
    list_display = ["name", "domain", "article_count"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleTopicInline(admin.TabularInline):
    model = ArticleTopic
    extra = 0
    fields = ["topic", "score", "evidence"]
    readonly_fields = ["topic", "score", "evidence"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_on", "date_origin", "updated_at"]
    list_select_related = ["source"]
    list_filter = ["source", "topics", "date_origin", ("published_on", admin.EmptyFieldListFilter)]
    date_hierarchy = "published_on"
    search_fields = ["title", "byline", "file_name"]
    autocomplete_fields = ["source"]
    readonly_fields = ["checksum", "file_name", "created_at", "updated_at", "title_derived"]
    fieldsets = [
        (None, {"fields": ["title", "title_derived", "source", "byline", "url"]}),
        ("Date", {"fields": ["published_on", "date_origin"]}),
        ("Text", {"classes": ["collapse"], "fields": ["body", "raw_text"]}),
        (
            "Provenance",
            {"fields": ["file_name", "checksum", "edited_fields", "created_at", "updated_at"]},
        ),
    ]
    inlines = [ArticleTopicInline]

    def save_model(self, request, obj, form, change):
        # What an editor corrects by hand is authoritative: re-ingesting the file keeps it.
        edited = [f for f in form.changed_data if f in Article.EDITABLE_METADATA]
        if "published_on" in edited:
            obj.date_origin = Article.DateOrigin.MANUAL
            edited.append("date_origin")
        obj.edited_fields = sorted(set(obj.edited_fields) | set(edited))
        super().save_model(request, obj, form, change)

    # Deleting an article regroups the story it leaves (a chain may split in two).
    def delete_model(self, request, obj):
        remove_article(obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            remove_article(article)

    def get_search_results(self, request, queryset, search_term):
        # Full-text search over title and body, plus the ordinary field search.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= self.model.objects.search(search_term)
        return queryset, may_have_duplicates


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


@admin.register(Entity)
class EntityAdmin(ArticleCountMixin, admin.ModelAdmin):
    article_relation = "mentions"
    list_display = ["name", "kind", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]
    actions = ["merge_selected"]

    def save_formset(self, request, form, formset, change):
        # Aliases typed by an editor get their lookup key here, like those made by ingest.
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.key = normalize_alias(alias.name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()

    @admin.action(description="Merge selected entities into the one with most articles")
    def merge_selected(self, request, queryset):
        entities = sorted(queryset, key=lambda e: (-e.article_count, e.pk))
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.WARNING)
            return
        target = merge_entities(entities[0], entities[1:])
        self.message_user(
            request, f"Merged {len(entities) - 1} entities into {target.name}.", messages.SUCCESS
        )


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["entity", "article", "count"]
    list_select_related = ["entity", "article"]
    autocomplete_fields = ["entity", "article"]
    search_fields = ["entity__name", "article__title"]


@admin.register(Topic)
class TopicAdmin(ArticleCountMixin, admin.ModelAdmin):
    article_relation = "article_scores"
    list_display = ["name", "slug", "article_count"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["rescore"]

    @admin.action(description="Re-score all articles for the selected topics")
    def rescore(self, request, queryset):
        count = rescore_topics(Article.objects.only("pk", "body").iterator(), topics=queryset)
        self.message_user(request, f"Re-scored {count} articles.", messages.SUCCESS)
