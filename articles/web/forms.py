from django import forms

from articles.models import Entity, Source
from articles.search import MAX_QUERY_CHARS, SORTS
from articles.web.indexes import INITIALS


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search", strip=True)  # cut, not refused
    sort = forms.ChoiceField(required=False, choices=[(sort, sort) for sort in SORTS])

    def query_sort_and_notices(self) -> tuple[str, str, list[str]]:
        """The query text, the sort order, and what was ignored or cut, in words. A field
        that is invalid is ignored on its own: the others still apply, because a search
        page must always answer and must never widen a search silently."""
        self.is_valid()
        data = self.cleaned_data
        notices = [
            f"Ignored {name}={self.data.get(name, '')[:40]!r}: {' '.join(errors)}"
            for name, errors in self.errors.items()
        ]
        text = data.get("q") or ""
        if len(text) > MAX_QUERY_CHARS:
            notices.append(f"Only the first {MAX_QUERY_CHARS:,} characters of the query are used.")
        return text, data.get("sort") or "relevance", notices


EVENT_CHOICES = (10, 20, 50)  # key events listed; "all" lists every day


class TimelineFilterForm(forms.Form):
    """The timeline pages' filters: one source, a date range, how many key events and in
    which order, all optional."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="All sources",
    )
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    events = forms.ChoiceField(
        required=False,
        label="Key events",
        choices=[(str(n), str(n)) for n in EVENT_CHOICES] + [("all", "all")],
    )
    order = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("newest", "newest first"), ("oldest", "oldest first")],
    )

    def cleaned_or_default(self) -> dict:
        """The valid filters; an invalid value is dropped, since the page must always answer."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chosen = {name: data.get(name) for name in ("source", "date_from", "date_to")}
        events = data.get("events") or str(EVENT_CHOICES[0])
        chosen["events"] = None if events == "all" else int(events)
        chosen["order"] = data.get("order") or "newest"
        return chosen


class EntityIndexForm(forms.Form):
    """The entity index's filters: kind, initial and a name search, all optional."""

    kind = forms.ChoiceField(required=False, choices=[("", "all kinds"), *Entity.Kind.choices])
    initial = forms.ChoiceField(required=False, choices=[("", "all")] + [(c, c) for c in INITIALS])
    q = forms.CharField(required=False, max_length=200, strip=True, label="Name")

    def cleaned_or_default(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in ("kind", "initial", "q")}
