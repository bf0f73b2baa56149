from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from articles.search import SearchQuery, search_filter


def unique_slug(model, text: str, *, max_length: int = 80, exclude_pk=None) -> str:
    """A slug for `text` that no other row of `model` uses yet ("modi", "modi-2", ...)."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug, n = base, 1
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return slug


class Source(models.Model):
    UNATTRIBUTED = "Unattributed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="source_slug_unique"),
            models.UniqueConstraint(fields=["name"], name="source_name_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:source", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def search(self, text: str):
        """Articles matching `text` (websearch grammar), unranked: chain filters and facets on it.
        Ranking and snippets live in articles.search (search_for, Results)."""
        return search_filter(self, SearchQuery(text))

    def undated(self):
        return self.filter(published_on__isnull=True)

    # Subqueries on the link tables, not joins through them: the full-text backends use
    # these querysets as id filters, and the join made that 40% slower at 100k articles.
    def for_topic(self, topic):
        return self.filter(pk__in=ArticleTopic.objects.filter(topic=topic).values("article_id"))

    def mentioning(self, entity):
        return self.filter(pk__in=Mention.objects.filter(entity=entity).values("article_id"))

    def newest_first(self):
        # Matches the article_newest_idx index (migration 0004), so it needs no sort.
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-pk")


class Article(models.Model):
    class DateOrigin(models.TextChoices):
        METADATA = "metadata", "from the file's metadata"
        TEXT = "text", "found in the text"
        MANUAL = "manual", "set by an editor"
        UNKNOWN = "unknown", "unknown"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    title_derived = models.BooleanField(
        default=False,
        help_text="The text had no headline: the title was made from its first sentence.",
    )
    slug = models.SlugField(max_length=100)
    byline = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Cleaned text, paragraphs separated by blank lines.")
    raw_text = models.TextField(
        help_text="The text exactly as received, kept so analysis can be re-run."
    )
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_origin = models.CharField(
        max_length=10, choices=DateOrigin.choices, default=DateOrigin.UNKNOWN
    )
    edited_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Metadata an editor changed by hand: re-ingesting the file keeps these values.",
    )
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the raw text.")
    file_name = models.CharField(max_length=500, help_text="Path of the ingested file.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    entities = models.ManyToManyField("Entity", through="Mention", related_name="articles")
    topics = models.ManyToManyField("Topic", through="ArticleTopic", related_name="articles")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["checksum"], name="article_checksum_unique"),
            models.UniqueConstraint(fields=["slug"], name="article_slug_unique"),
        ]
        indexes = [
            models.Index(fields=["published_on"], name="article_published_idx"),
            models.Index(fields=["file_name"], name="article_file_name_idx"),
            models.Index(fields=["source", "published_on"], name="article_source_date_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.slug])

    # Metadata an editor may correct; the rest (body, raw text) always comes from the file.
    EDITABLE_METADATA = ("title", "source", "byline", "url", "published_on", "date_origin")

    def set_from_file(self, field: str, value) -> None:
        """Set `field` to what the file says, unless an editor has corrected it."""
        if field not in self.edited_fields:
            setattr(self, field, value)


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation"
        PLACE = "place", "place"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["slug"], name="entity_slug_unique")]
        indexes = [models.Index(fields=["kind", "name"], name="entity_kind_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:entity", args=[self.slug])


class EntityAlias(models.Model):
    """Another way of writing an entity's name; `key` is what ingest looks names up by."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, help_text="Normalised form used to match names.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"
        constraints = [models.UniqueConstraint(fields=["key"], name="entity_alias_key_unique")]

    def __str__(self):
        return f"{self.name} → {self.entity.name}"

    def get_absolute_url(self):
        return self.entity.get_absolute_url()


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entity"], name="mention_article_entity_unique"
            )
        ]
        indexes = [models.Index(fields=["entity", "article"], name="mention_entity_article_idx")]

    def __str__(self):
        return f"{self.entity} in {self.article} ({self.count}×)"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class Topic(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True, help_text="Words and phrases that signal the topic, one per line."
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="topic_slug_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])

    @property
    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class ArticleTopic(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topic_scores")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_scores")
    score = models.FloatField()
    evidence = models.JSONField(default=list, help_text="Sentences that matched the topic.")

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="article_topic_unique")
        ]
        indexes = [
            models.Index(fields=["topic", "-score"], name="article_topic_score_idx"),
            models.Index(fields=["topic", "article"], name="article_topic_filter_idx"),
        ]

    def __str__(self):
        return f"{self.article} — {self.topic} ({self.score:.2f})"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
