from django import template

from articles.readers import is_web_url
from articles.timeline import mark_keywords

register = template.Library()


@register.simple_tag
def marked_evidence(sentence, topic):
    """An evidence sentence, escaped, with the topic's matching words in <mark>."""
    return mark_keywords(str(sentence), topic.keyword_list)


@register.filter
def web_url(url):
    """The URL when it is http(s), else empty: nothing else is ever made a link."""
    return url if url and is_web_url(str(url)) else ""
