import re

from django import template

from articles.web.timelines import mark_keywords

register = template.Library()

# The list shows its own bullet: a sentence's own ("• Human Trafficking Issue") would double it.
_LEADING_BULLET = re.compile(r"^\s*[•·○●◦▪‣]+\s*")


@register.simple_tag
def marked_evidence(sentence, topic):
    """An evidence sentence, escaped, with the topic's matching words in <mark>."""
    return mark_keywords(_LEADING_BULLET.sub("", str(sentence)), topic.keyword_list)
