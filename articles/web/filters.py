import django_filters
from django import forms

from articles.analysis.languages import LANGUAGE_NAMES
from articles.models import Article, Entity, Source, Topic
from articles.search.filters import Filters

# `?language=und` (ISO 639's "undetermined") finds the articles whose language is unknown.
UNKNOWN_LANGUAGE = "und"
LANGUAGE_CHOICES = [
    *sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1]),
    (UNKNOWN_LANGUAGE, "unknown"),
]


class ArticleFilter(django_filters.FilterSet):
    """The narrowing filters of the search page; the full-text query itself is ranked
    separately (articles.search.Results) so that only the page is scored."""

    source = django_filters.ModelChoiceFilter(
        field_name="source", to_field_name="slug", queryset=Source.objects.all()
    )
    topic = django_filters.ModelChoiceFilter(
        method="filter_topic", to_field_name="slug", queryset=Topic.objects.all()
    )
    # Several entities at once (`?entity=a&entity=b`): articles that mention every one.
    entity = django_filters.ModelMultipleChoiceFilter(
        method="filter_entity", to_field_name="slug", queryset=Entity.objects.all()
    )
    date_from = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = django_filters.ChoiceFilter(
        method="filter_language", choices=LANGUAGE_CHOICES, label="Language"
    )
    undated = django_filters.BooleanFilter(
        method="filter_undated", label="Undated only", widget=forms.CheckboxInput
    )

    class Meta:
        model = Article
        fields = ["source", "topic", "entity", "language", "date_from", "date_to", "undated"]

    def is_narrowed(self) -> bool:
        """Whether any filter is in use (an unticked "undated" box is not a filter)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return any(data.get(name) for name in self.Meta.fields)

    def index_filters(self) -> Filters:
        """The filters `qs` applies (the valid ones), as the search index applies them."""
        self.is_valid()  # the valid filters apply even when another one is invalid
        data = getattr(self.form, "cleaned_data", {})
        language = data.get("language") or None
        return Filters(
            source=data["source"].pk if data.get("source") else None,
            topics=(data["topic"].pk,) if data.get("topic") else (),
            entities=tuple(entity.pk for entity in data.get("entity") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            undated=bool(data.get("undated")),
            language="" if language == UNKNOWN_LANGUAGE else language,
        )

    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)

    def filter_entity(self, queryset, name, value):
        for entity in value:
            queryset = queryset.mentioning(entity)
        return queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(language="" if value == UNKNOWN_LANGUAGE else value)

    def filter_undated(self, queryset, name, value):
        return queryset.undated() if value else queryset
