from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from articles.analysis.languages import LANGUAGE_NAMES
from articles.analysis.ner import ModelNotAvailable
from articles.api import tokens
from articles.background import rescore_in_background
from articles.curation import by_coverage, surname_only_pairs
from articles.derived import reresolve_dates
from articles.ingest.reanalysis import reanalyze_articles
from articles.merges import EntityGone, MergeNotUndoable, merge_entities, undo_merge
from articles.models import (
    ApiToken,
    Article,
    ArticleTopic,
    Entity,
    EntityAlias,
    EntityMerge,
    IngestRun,
    Mention,
    Source,
    TimelineCorrection,
    Topic,
)
from articles.provenance import ingest_relative, shown_file
from articles.search import SearchQuery, search_filter
from articles.search.tantivy import store as search_index


class RecordAdminMixin:
    """A record the archive writes itself (a run, a merge): read in the admin, never added,
    changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleCountMixin:
    """Adds an "articles" column, counted in the list's own query (no query per row)."""

    article_relation: str  # the reverse relation whose rows are counted

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if "article_count" in getattr(self.model, "KEPT_BY_DATABASE", ()):
            return queryset  # a column the database keeps (articles.counts)
        return queryset.annotate(article_count=Count(self.article_relation))

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
    fields = ["topic", "score", "evidence_sentences"]
    readonly_fields = ["topic", "score", "evidence_sentences"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="evidence")
    def evidence_sentences(self, obj):
        # The sentences that matched, as a list a person reads (escaped: they come from a file).
        if not obj.evidence:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((sentence,) for sentence in obj.evidence))
        return format_html("<ol class='evidence'>{}</ol>", items)


class EditorTextField(forms.CharField):
    """Text as an editor typed it, with the line ends browsers send (CRLF) read as the
    archive stores them (LF): saving a form nobody changed leaves the text byte for byte."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ArticleAdminForm(forms.ModelForm):
    # Only codes the archive can name: a typo would hide the article from the language filter.
    language = forms.ChoiceField(
        choices=[
            ("", "unknown"),
            *sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1]),
        ],
        required=False,
        help_text="Setting it by hand keeps it through re-ingest and re-analysis.",
    )
    # The metadata an editor has pinned: ticked fields keep the editor's value when the file
    # is ingested again; untick one to let the file's value back in.
    edited_fields = forms.MultipleChoiceField(
        choices=[
            (name, Article._meta.get_field(name).verbose_name) for name in Article.EDITABLE_METADATA
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Pinned by an editor",
        help_text="Ticked fields keep their value here when the file is ingested again; "
        "untick one to let the file's value back in. Fields you edit are ticked for you.",
    )

    class Meta:
        model = Article
        # raw_text is what the file held: shown, never edited (re-analysis reads it).
        fields = [*Article.EDITABLE_METADATA, "body", "edited_fields"]
        widgets = {"title": forms.TextInput(attrs={"class": "vLargeTextField"})}
        field_classes = {"body": EditorTextField}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    actions = ["reanalyze"]
    list_display = ["title", "source", "published_on", "date_origin", "language", "updated_at"]
    list_select_related = ["source"]
    list_filter = [
        "source",
        "topics",
        "date_origin",
        "language",
        "language_origin",
        ("published_on", admin.EmptyFieldListFilter),
    ]
    date_hierarchy = "published_on"
    search_fields = ["title", "byline", "file_name"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "raw_text",
        "checksum",
        "file",
        "created_at",
        "updated_at",
        "title_derived",
        "language_origin",
    ]
    fieldsets = [
        (None, {"fields": ["title", "title_derived", "source", "byline", "url"]}),
        ("Date", {"fields": ["published_on", "date_origin"]}),
        ("Language", {"fields": ["language", "language_origin"]}),
        ("Text", {"classes": ["collapse"], "fields": ["body", "raw_text"]}),
        (
            "Provenance",
            {"fields": ["file", "checksum", "edited_fields", "created_at", "updated_at"]},
        ),
    ]
    inlines = [ArticleTopicInline]

    @admin.display(description="file")
    def file(self, obj):
        return shown_file(obj.file_name, obj.import_ref)

    def save_model(self, request, obj, form, change):
        # What an editor corrects by hand is authoritative: re-ingesting the file keeps it.
        edited = [f for f in form.changed_data if f in Article.EDITABLE_METADATA]
        if "published_on" in edited:
            obj.date_origin = Article.DateOrigin.MANUAL
            edited.append("date_origin")
        if "language" in edited:
            obj.language_origin = Article.LanguageOrigin.MANUAL
        obj.edited_fields = sorted(set(obj.edited_fields) | set(edited))
        super().save_model(request, obj, form, change)
        if "published_on" in edited:
            reresolve_dates(obj)  # "on Monday" now means the Monday before the new date

    @admin.action(description="Re-analyse the selected articles (entities, topics)")
    def reanalyze(self, request, queryset):
        try:
            results, removed = reanalyze_articles(queryset)
        except ModelNotAvailable as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        failed = [r for r in results if r.failed]
        changed = sum(r.status == "reanalysed" for r in results)
        self.message_user(
            request,
            ngettext(
                "Re-analysed %(count)d article: %(changed)d changed",
                "Re-analysed %(count)d articles: %(changed)d changed",
                len(results),
            )
            % {"count": len(results), "changed": changed}
            + ngettext(
                ", %(removed)d entity no article mentions removed.",
                ", %(removed)d entities no article mentions removed.",
                removed,
            )
            % {"removed": removed},
            messages.SUCCESS,
        )
        for result in failed:
            self.message_user(request, f"{result.slug}: {result.message}", messages.ERROR)

    def get_search_results(self, request, queryset, search_term):
        # Full-text search over title and body, plus the ordinary field search.
        # Both within `queryset`, which the list filters have already narrowed.
        matches, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            matches = queryset.filter(
                Q(pk__in=matches.values("pk"))
                | Q(pk__in=search_filter(queryset, SearchQuery(search_term)).values("pk"))
            )
        return matches, may_have_duplicates


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


@admin.register(Entity)
class EntityAdmin(ArticleCountMixin, admin.ModelAdmin):
    article_relation = "mentions"
    list_display = ["name", "kind", "article_count", "curated"]
    list_filter = ["kind", "curated"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]
    actions = ["merge_selected"]

    def save_model(self, request, obj, form, change):
        # A renamed entity is the editor's: re-analysis never removes it.
        if change and {"name", "kind", "slug"} & set(form.changed_data):
            obj.curated = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Aliases get their lookup key in EntityAlias.save(), like those made by ingest.
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()
        if (aliases or formset.deleted_objects) and not form.instance.curated:
            form.instance.curated = True
            form.instance.save(update_fields=["curated"])

    @admin.action(description="Merge selected entities…", permissions=["change"])
    def merge_selected(self, request, queryset):
        entities = by_coverage(queryset)
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.WARNING)
            return None
        survivor_pk = request.POST.get("survivor")
        # People who share only a surname may be two people: the editor says they are one.
        surname_only = surname_only_pairs(entities)
        unconfirmed = surname_only and request.POST.get("same_person") != "yes"
        if request.POST.get("confirm") != "yes" or not survivor_pk or unconfirmed:
            return TemplateResponse(
                request,
                "admin/articles/entity/merge_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Merge entities",
                    "opts": self.model._meta,
                    "entities": entities,
                    "suggested": next(
                        (e for e in entities if str(e.pk) == survivor_pk), entities[0]
                    ),
                    "surname_only": surname_only,
                    "unconfirmed": unconfirmed and request.POST.get("confirm") == "yes",
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        target = next((e for e in entities if str(e.pk) == survivor_pk), None)
        if target is None:
            self.message_user(request, "Choose one of the selected entities.", messages.ERROR)
            return None
        others = [e for e in entities if e.pk != target.pk]
        try:
            merge_entities(target, others, editor=request.user)
        except EntityGone as gone:
            self.message_user(request, f"Nothing merged: {gone}", messages.ERROR)
            return None
        # The survivor's own admin history says so too.
        self.log_change(request, target, f"Merged {', '.join(e.name for e in others)} into it.")
        self.message_user(
            request,
            ngettext(
                "Merged %(count)d entity into %(name)s.",
                "Merged %(count)d entities into %(name)s.",
                len(others),
            )
            % {"count": len(others), "name": target.name}
            + " It can be undone from Entity merges.",
            messages.SUCCESS,
        )
        return None


@admin.register(EntityMerge)
class EntityMergeAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Every merge of entities, newest first: read-only, with a button that undoes one for
    an editor who may change entities."""

    list_display = ("merged_at", "merged_names", "survivor_link", "by", "state")
    list_filter = ("by_editor",)
    list_select_related = ("merged_by",)
    fields = ("merged_at", "by", "survivor_link", "merged_list", "state")
    readonly_fields = fields

    def get_queryset(self, request):
        # Whether each survivor is still there, in the list's own query.
        alive = Entity.objects.filter(pk=OuterRef("survivor_id"))
        return super().get_queryset(request).annotate(survivor_alive=Exists(alive))

    @admin.display(description="merged into")
    def survivor_link(self, merge: EntityMerge):
        if not merge.survivor_alive:
            return f"{merge.survivor_name} (merged away or deleted since)"
        url = reverse("admin:articles_entity_change", args=[merge.survivor_id])
        return format_html('<a href="{}">{}</a>', url, merge.survivor_name)

    @admin.display(description="merged")
    def merged_names(self, merge: EntityMerge) -> str:
        return merge.merged_names

    @admin.display(description="by")
    def by(self, merge: EntityMerge) -> str:
        if not merge.by_editor:
            return "ingest (a lone surname)"
        return str(merge.merged_by or "an editor")

    @admin.display(description="state")
    def state(self, merge: EntityMerge) -> str:
        if merge.undone_at is None:
            return "merged"
        return f"undone on {merge.undone_at:%Y-%m-%d %H:%M} by {merge.undone_by or 'an editor'}"

    @admin.display(description="entities merged")
    def merged_list(self, merge: EntityMerge):
        # Names come from articles: format_html_join escapes them.
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> ({}, /{}/): {} article(s), {} alias(es), {} quote(s)</li>",
                (
                    (
                        e["name"],
                        e["kind"],
                        e["slug"],
                        len(e["mentions"]),
                        len(e["aliases"]),
                        len(e["quotes"]),
                    )
                    for e in merge.entities
                ),
            ),
        )

    def get_urls(self):
        undo = path(
            "<int:object_id>/undo/",
            self.admin_site.admin_view(self.undo_view),
            name="articles_entitymerge_undo",
        )
        return [undo, *super().get_urls()]

    def may_undo(self, request) -> bool:
        return request.user.has_perm("articles.change_entity")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        merge = self.get_object(request, object_id)
        may_undo = merge is not None and merge.undone_at is None and self.may_undo(request)
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "may_undo": may_undo}
        )

    def undo_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_undo(request):
            raise PermissionDenied
        merge = get_object_or_404(EntityMerge, pk=object_id)
        try:
            restored = undo_merge(merge.pk, editor=request.user)
        except MergeNotUndoable as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            names = ", ".join(entity.name for entity in restored)
            back = ngettext("is back", "are back", len(restored))
            survivor = Entity.objects.filter(pk=merge.survivor_id).first()
            if survivor is not None:
                self.log_change(request, survivor, f"Undid the merge of {names} into it.")
            self.message_user(request, f"Undone: {names} {back}.", messages.SUCCESS)
        return redirect("admin:articles_entitymerge_change", merge.pk)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_entity") or self.may_undo(request)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["entity", "article", "count"]
    list_select_related = ["entity", "article"]
    autocomplete_fields = ["entity", "article"]
    search_fields = ["entity__name", "article__title"]

    # An article's entities are a filter of the search index: the articles a mention leaves
    # are indexed again (the one it is saved with is, on saving: signals).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "article" in form.changed_data:
            search_index.article_changed(form.initial["article"])

    def delete_model(self, request, obj):
        article_id = obj.article_id
        super().delete_model(request, obj)
        search_index.article_changed(article_id)

    def delete_queryset(self, request, queryset):
        article_ids = set(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        for article_id in article_ids:
            search_index.article_changed(article_id)


class TimelineCorrectionInline(admin.TabularInline):
    """Corrections of the topic's key events, by the day the archive chose (the date shown on
    the topic page). A re-analysis keeps them: they do not depend on the rows beneath."""

    model = TimelineCorrection
    extra = 1
    fields = ["day", "hidden", "moved_to", "summary"]
    verbose_name = "key event correction"
    verbose_name_plural = (
        "Key event corrections: hide a day, move it to the right day (onto another key event "
        "to merge the two), or rewrite its summary"
    )


@admin.register(TimelineCorrection)
class TimelineCorrectionAdmin(admin.ModelAdmin):
    list_display = ["topic", "day", "hidden", "moved_to", "updated_at"]
    list_filter = ["topic", "hidden"]
    date_hierarchy = "day"
    fields = ["topic", "day", "hidden", "moved_to", "summary"]


@admin.register(Topic)
class TopicAdmin(ArticleCountMixin, admin.ModelAdmin):
    article_relation = "article_scores"
    list_display = ["name", "slug", "threshold", "article_count"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["rescore"]
    inlines = [TimelineCorrectionInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"keywords", "threshold"} & set(form.changed_data):
            # Scores are derived at ingest: old articles keep theirs until re-scored.
            self.message_user(
                request,
                "The new keywords or threshold apply to articles ingested from now on; run "
                "“Re-score all articles for the selected topics” to apply them to the others.",
                messages.WARNING,
            )

    @admin.action(description="Re-score all articles for the selected topics")
    def rescore(self, request, queryset):
        # Every article: minutes for a large archive, so in the background, recorded.
        run = rescore_in_background(queryset)
        url = reverse("admin:articles_ingestrun_change", args=[run.pk])
        self.message_user(
            request,
            format_html(
                'Re-scoring every article in the background: <a href="{}">run {}</a> '
                "shows how far it got.",
                url,
                run.pk,
            ),
            messages.SUCCESS,
        )


@admin.register(IngestRun)
class IngestRunAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The stored report of every ingest and re-analysis run: read-only, newest first."""

    COUNTS = ("seen", "created", "updated", "unchanged", "skipped", "failed")
    list_display = ("started_at", "kind", "state", *COUNTS)
    list_filter = ("kind",)
    ordering = ("-started_at", "-pk")
    fields = (
        "kind",
        "started_at",
        "finished_at",
        "state",
        "arguments",
        "dry_run",
        COUNTS,
        "failure_list",
    )
    readonly_fields = (*fields[:6], *COUNTS, "failure_list")

    @admin.display(description="state")
    def state(self, run: IngestRun) -> str:
        return "finished" if run.finished else "unfinished (still running, or it died)"

    @admin.display(description="failures")
    def failure_list(self, run: IngestRun):
        if not run.failures:
            return "none"
        # File names and reasons come from files: format_html_join escapes them.
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><code>{}</code>: {}</li>",
                (
                    (ingest_relative(str(f.get("file", ""))), str(f.get("reason", "")))
                    for f in run.failures
                ),
            ),
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for the research API. The key is shown once, when the token is added: only its
    hash is stored, so a lost key is replaced by a new token, never recovered."""

    list_display = ("name", "prefix", "rate", "active", "created_at", "last_used_on")
    list_filter = ("active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_on")

    def save_model(self, request, obj, form, change):
        key = None if change else tokens.issue(obj)
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(
                request,
                f"The token for “{obj.name}” is {key} — copy it now: it is not stored and "
                "cannot be shown again.",
            )
