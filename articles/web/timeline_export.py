"""Key events as a file: CSV (one row per event) or JSON, each event with its summary, its
counts and the addresses of the articles behind it."""

import csv
import io

from django.http import HttpResponse, JsonResponse

from articles.web.export import spreadsheet_safe


def rows(events) -> list[dict]:
    return [
        {
            "date": event.day.isoformat(),
            "summary": " ".join(event.summary_sentences),
            "articles": event.article_count,
            "sources": event.source_count,
            "named_in_text_by": event.named_count,
            "edited": event.edited,
            "summary_from": [
                s.article.get_absolute_url() if s.article else None for s in event.summary
            ],
            "article_urls": [a.get_absolute_url() for a in event.articles],
        }
        for event in events
    ]


def response(events, fmt: str, *, name: str) -> HttpResponse:
    data = rows(events)
    if fmt == "json":
        reply = JsonResponse({"events": data}, json_dumps_params={"ensure_ascii": False})
        reply["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return reply
    if fmt != "csv":
        return JsonResponse({"error": "format must be csv or json"}, status=400)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(data[0]) if data else ["date", "summary"])
    writer.writeheader()
    for row in data:
        row["summary_from"] = " ".join(u for u in row["summary_from"] if u)
        row["article_urls"] = " ".join(row["article_urls"])
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    reply = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return reply
