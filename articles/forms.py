from django import forms

from articles.directory import INITIALS
from articles.models import Entity, Source


class SearchForm(forms.Form):
    SORTS = [("relevance", "relevance"), ("date", "newest first")]

    q = forms.CharField(required=False, label="Search", max_length=1000, strip=True)
    sort = forms.ChoiceField(required=False, choices=SORTS)

    def cleaned_or_default(self) -> tuple[str, str]:
        """The query text and sort order; anything invalid falls back to no query / relevance,
        because a search page must always answer."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("q", ""), data.get("sort") or "relevance"


class TimelineFilterForm(forms.Form):
    """The topic page's filters: one source and a date range, all optional."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="All sources",
    )
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")

    def cleaned_or_default(self) -> dict:
        """The valid filters; an invalid value is dropped, since the page must always answer."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("source", "date_from", "date_to")}


class EntityIndexForm(forms.Form):
    """The entity index's filters: kind, initial and a name search, all optional."""

    kind = forms.ChoiceField(required=False, choices=[("", "all kinds"), *Entity.Kind.choices])
    initial = forms.ChoiceField(required=False, choices=[("", "all")] + [(c, c) for c in INITIALS])
    q = forms.CharField(required=False, max_length=200, strip=True, label="Name")

    def cleaned_or_default(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in ("kind", "initial", "q")}
