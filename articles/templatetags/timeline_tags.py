from django import template

from articles.timeline import mark_keywords

register = template.Library()


@register.simple_tag
def marked_evidence(sentence, topic):
    """An evidence sentence, escaped, with the topic's matching words in <mark>."""
    return mark_keywords(str(sentence), topic.keyword_list)
