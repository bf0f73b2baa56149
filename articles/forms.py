from django import forms


class SearchForm(forms.Form):
    SORTS = [("relevance", "relevance"), ("date", "newest first")]

    q = forms.CharField(required=False, label="Search", max_length=1000, strip=True)
    sort = forms.ChoiceField(required=False, choices=SORTS)

    def cleaned_or_default(self) -> tuple[str, str]:
        """The query text and sort order; anything invalid falls back to no query / relevance,
        because a search page must always answer."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("q", ""), data.get("sort") or "relevance"
