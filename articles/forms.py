from django import forms

from articles.search import MAX_QUERY_CHARS, SORTS


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
