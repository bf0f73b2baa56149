from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from articles.analysis import normalize_alias
from articles.analysis import topics as topic_scoring
from articles.analysis.kinds import Kind as AnalysisKind
from articles.weblinks import validate_http_url


def unique_slug(model, text: str, *, max_length: int = 80, exclude_pk=None) -> str:
    """A slug for `text` that no other row of `model` uses yet ("modi", "modi-2", ...)."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug, n = base, 1
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return slug


class KeptByDatabase(models.Model):
    """A model with columns that database triggers keep (articles.counts): saving an instance
    read earlier leaves them alone, instead of writing back the figure it was read with."""

    KEPT_BY_DATABASE: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.KEPT_BY_DATABASE
            ]
        super().save(*args, **kwargs)


class Source(KeptByDatabase):
    UNATTRIBUTED = "Unattributed"
    KEPT_BY_DATABASE = ("article_count",)

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)
    article_count = models.IntegerField(
        default=0, editable=False, help_text="Kept by the database (articles.counts)."
    )

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
    class LanguageOrigin(models.TextChoices):
        METADATA = "metadata", "from the file's metadata"
        DETECTED = "detected", "detected from the text"
        MANUAL = "manual", "set by an editor"
        UNKNOWN = "unknown", "unknown"

    class DateOrigin(models.TextChoices):
        METADATA = "metadata", "from the file's metadata"
        TEXT = "text", "found in the text"
        PAGE = "page", "found in the web page (htmldate)"
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
    # Not URLField: only http(s) is allowed (weblinks), and the rule is the one ingest uses.
    url = models.CharField(max_length=1000, blank=True, validators=[validate_http_url])
    published_on = models.DateField(null=True, blank=True)
    date_origin = models.CharField(
        max_length=10, choices=DateOrigin.choices, default=DateOrigin.UNKNOWN
    )
    # ISO 639-1 code ("en", "ru"); empty when the text is too short or too mixed to tell.
    language = models.CharField(max_length=12, blank=True, default="")
    language_origin = models.CharField(
        max_length=10, choices=LanguageOrigin.choices, default=LanguageOrigin.UNKNOWN
    )
    edited_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Metadata an editor changed by hand: re-ingesting the file keeps these values.",
    )
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the raw text.")
    file_name = models.CharField(max_length=500, help_text="Path of the ingested file.")
    # Null for rows not made by ingest (fixtures, benchmarks): NULLs never clash.
    import_ref = models.CharField(  # noqa: DJ001 (NULL: unique only where set)
        max_length=600,
        null=True,
        blank=True,
        help_text="The article's identity across runs: its file's path within the folder "
        "ingested (plus #line-N or #item-N inside a JSONL or JSON file).",
    )
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
            models.UniqueConstraint(fields=["import_ref"], name="article_import_ref_unique"),
        ]
        indexes = [
            models.Index(fields=["published_on"], name="article_published_idx"),
            models.Index(fields=["file_name"], name="article_file_name_idx"),
            models.Index(fields=["source", "published_on"], name="article_source_date_idx"),
            models.Index(fields=["language", "published_on"], name="article_language_date_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.slug])

    # Metadata an editor may correct; the rest (body, raw text) always comes from the file.
    EDITABLE_METADATA = (
        "title",
        "source",
        "byline",
        "url",
        "published_on",
        "date_origin",
        "language",
    )

    def set_from_file(self, field: str, value) -> None:
        """Set `field` to what the file says, unless an editor has corrected it."""
        if field not in self.edited_fields:
            setattr(self, field, value)


class Entity(KeptByDatabase):
    KEPT_BY_DATABASE = ("article_count",)

    # The analysis's vocabulary (articles.analysis.kinds); a test checks that they agree.
    class Kind(models.TextChoices):
        PERSON = AnalysisKind.PERSON.value, "person"
        ORGANISATION = AnalysisKind.ORGANISATION.value, "organisation"
        PLACE = AnalysisKind.PLACE.value, "place"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    curated = models.BooleanField(
        default=False,
        help_text="An editor merged, renamed or aliased it: kept even when no article "
        "mentions it any more.",
    )
    article_count = models.IntegerField(
        default=0, editable=False, help_text="Kept by the database (articles.counts)."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["slug"], name="entity_slug_unique")]
        indexes = [
            models.Index(fields=["kind", "name"], name="entity_kind_name_idx"),
            # The entity index, most covered first.
            models.Index(fields=["-article_count", "name"], name="entity_coverage_idx"),
            models.Index(
                fields=["kind", "-article_count", "name"], name="entity_kind_coverage_idx"
            ),
        ]

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

    def save(self, *args, **kwargs):
        self.key = self.key_for(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.entity.get_absolute_url()

    @staticmethod
    def key_for(name: str) -> str:
        """The lookup key of a name: the one place where it is derived (bulk inserts, which
        skip save(), call this too)."""
        return normalize_alias(name)[:200]


class MergedEntity(models.Model):
    """The slug of an entity merged into another, so old links and bookmarks still lead to
    the entity that survived."""

    slug = models.SlugField(max_length=200)
    name = models.CharField(max_length=200)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="merged")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="merged_entity_slug_unique")]

    def __str__(self):
        return f"{self.name} → {self.entity.name}"

    def get_absolute_url(self):
        return self.entity.get_absolute_url()


class EntityMerge(models.Model):
    """One merge of entities into a survivor, with what it moved, so that an editor can undo
    it from the admin (articles.merges). `entities` holds each merged entity's fields and the
    rows that moved: its aliases, old slugs, mentions and quotes; `survivor_counts` the
    survivor's mention count in each article touched, before and after."""

    # No constraint: the survivor may itself be merged away later, and come back when that
    # merge is undone; the id then still names it.
    survivor = models.ForeignKey(
        Entity, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    survivor_name = models.CharField(max_length=200)
    entities = models.JSONField(default=list)
    survivor_counts = models.JSONField(default=dict)
    by_editor = models.BooleanField(
        default=True, help_text="An editor's merge; else ingest folded a lone surname in."
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        indexes = [models.Index(fields=["survivor", "merged_at"], name="entity_merge_survivor_idx")]

    def __str__(self):
        return f"{self.merged_names} → {self.survivor_name}"

    def get_absolute_url(self):
        return reverse("admin:articles_entitymerge_change", args=[self.pk])

    @property
    def merged_names(self) -> str:
        return ", ".join(entity["name"] for entity in self.entities)


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The article's date, copied by the database (articles.counts): an entity's "
        "articles are listed and charted from the mention index alone.",
    )

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


class EntityPair(models.Model):
    """Two entities named in the same articles, and in how many: kept by the database
    (articles.counts), both ways round, for the entity page's "appears with"."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="pairs", db_index=False
    )
    other = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    articles = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity", "other"], name="entity_pair_unique")
        ]

    def __str__(self):
        return f"{self.entity} with {self.other} ({self.articles})"

    def get_absolute_url(self):
        return self.entity.get_absolute_url()


class Topic(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True,
        help_text="Words and phrases that signal the topic, one per line. A line starting "
        'with "-" is an exclusion: "-vegetable oil" keeps "oil" in "vegetable oil" from '
        "counting.",
    )
    threshold = models.FloatField(
        default=topic_scoring.DEFAULT_THRESHOLD,
        validators=[MinValueValidator(0)],
        help_text=topic_scoring.THRESHOLD_HELP,
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
        """The keyword lines, exclusions ("-...") included."""
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]

    @property
    def rule(self) -> topic_scoring.TopicRule:
        return topic_scoring.TopicRule(tuple(self.keyword_list), self.threshold)


class TimelineCorrection(models.Model):
    """An editor's correction of one key event of a topic's timeline. It is keyed by the day
    the archive chose, not by the rows the event was made from, so a re-analysis (which
    rewrites those rows) keeps it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="timeline_corrections")
    day = models.DateField(help_text="The event's day as the archive chose it.")
    hidden = models.BooleanField(default=False, help_text="Not a key event: never listed.")
    moved_to = models.DateField(
        null=True,
        blank=True,
        help_text="The right day. Its evidence counts for that day; when another event is on "
        "that day, the two are one.",
    )
    summary = models.TextField(blank=True, help_text="Replaces the summary the archive chose.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "day"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "day"], name="timeline_correction_unique")
        ]

    def __str__(self):
        return f"{self.topic}: {self.day}"

    def clean(self):
        if self.moved_to == self.day:
            raise ValidationError({"moved_to": "The same day: leave it empty."})

    @property
    def shown(self) -> bool:
        return not self.hidden and not self.moved_to


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


class DatedMention(models.Model):
    """A date an article's text names: the events its coverage mentions."""

    class Precision(models.TextChoices):
        DAY = "day", "day"
        MONTH = "month", "month"
        YEAR = "year", "year"
        RANGE = "range", "range"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dated_mentions")
    position = models.PositiveIntegerField(help_text="Order in the text.")
    text = models.CharField(max_length=200, help_text="As written.")
    sentence = models.TextField()
    precision = models.CharField(max_length=5, choices=Precision.choices)
    start = models.DateField(null=True, blank=True, help_text="First day covered.")
    end = models.DateField(null=True, blank=True, help_text="Last day covered.")
    relative = models.BooleanField(
        default=False, help_text="Written without a year; resolved against the article's date."
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="dated_mention_article_position_unique"
            )
        ]
        indexes = [models.Index(fields=["start", "end"], name="dated_mention_start_idx")]

    def __str__(self):
        return f"{self.text} ({self.precision}) in {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    position = models.PositiveIntegerField(help_text="Order in the text.")
    text = models.TextField(help_text="What lies between the quotation marks.")
    sentence = models.TextField()
    speaker = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    speaker_name = models.CharField(
        max_length=200, blank=True, help_text="The speaker as the analysis named them."
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="quote_article_position_unique"
            )
        ]
        indexes = [models.Index(fields=["speaker", "article"], name="quote_speaker_idx")]

    def __str__(self):
        return f"“{self.text[:60]}” — {self.speaker_name or 'unattributed'}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class Figure(models.Model):
    class Kind(models.TextChoices):
        MONEY = "money", "money"
        PERCENT = "percent", "percentage"
        COUNT = "count", "count"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveIntegerField(help_text="Order in the text.")
    text = models.CharField(max_length=200, help_text="As written.")
    kind = models.CharField(max_length=7, choices=Kind.choices)
    value = models.FloatField(help_text="In base units: $65.7 billion is 65700000000.")
    unit = models.CharField(max_length=40)
    sentence = models.TextField()
    conversion = models.BooleanField(
        default=False, help_text="Restates the figure before it in another currency."
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="figure_article_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.text} in {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class ArticleShingle(models.Model):
    """One of an article's sampled 3-word shingles (articles.analysis.similarity): the inverted
    index that finds the articles sharing text with a new one without reading them all."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="shingles")
    hash = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["hash", "article"], name="article_shingle_hash_idx")]

    def __str__(self):
        return f"{self.hash:x} in {self.article_id}"


class ArticleSimilarity(models.Model):
    """Two articles that share text or report one event, stored once with the lower id first."""

    class Kind(models.TextChoices):
        NEAR_COPY = "near-copy", "near-copy"
        REWRITE = "rewrite", "rewrite"
        SAME_EVENT = "same-event", "same event"
        RELATED = "related", "related"

    first = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(
        help_text="Share of the two articles' sentences that align; for a same-event pair, "
        "the weight of the specific entities both name against both articles' totals."
    )
    jaccard = models.FloatField(help_text="Jaccard similarity of their 3-word shingles.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a same-event pair, what ties the two: the entities both name "
        "(ids, rarest first), the days and the figures both give.",
    )

    class Meta:
        ordering = ["-score"]
        verbose_name_plural = "article similarities"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="similarity_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="similarity_pair_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id} ({self.kind}, {self.score:.2f})"

    def get_absolute_url(self):
        return compare_url(self.first, self.second)


def compare_url(a: Article, b: Article) -> str:
    return f"{reverse('articles:compare')}?{urlencode({'a': a.slug, 'b': b.slug})}"


class Story(models.Model):
    """Articles connected by rewrites, near-copies and reports of one event: one story told
    (or copied) several times."""

    created_at = models.DateTimeField(auto_now_add=True)
    articles = models.ManyToManyField(Article, through="StoryArticle", related_name="stories")

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "stories"

    def __str__(self):
        return f"Story {self.pk}"

    def get_absolute_url(self):
        return reverse("articles:story", args=[self.pk])


class StoryArticle(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="memberships")
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="story_membership"
    )

    def __str__(self):
        return f"{self.article} in {self.story}"

    def get_absolute_url(self):
        return self.story.get_absolute_url()


class IngestRun(models.Model):
    """The stored report of one `ingest` or `reanalyze` run, or of a long admin action (re-scoring
    topics, articles.background). Created when the run starts and
    completed when it ends, so a run that died half-way shows as unfinished."""

    class Kind(models.TextChoices):
        INGEST = "ingest", "ingest"
        REANALYZE = "reanalyze", "re-analysis"
        RESCORE = "rescore", "re-scoring of topics"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    arguments = models.JSONField(default=list, blank=True)
    dry_run = models.BooleanField(default=False)
    seen = models.PositiveIntegerField(default=0, help_text="Files (or articles) looked at.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    failures = models.JSONField(
        default=list, blank=True, help_text="Each failure: the file (and line or item) and why."
    )

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} run {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class ApiToken(models.Model):
    """A personal token for the research API, with its own rate limit. Only its SHA-256 is
    stored: the token itself is shown once, when it is issued."""

    name = models.CharField(max_length=200, help_text="Who it is for.")
    prefix = models.CharField(max_length=8, editable=False, help_text="Its first characters.")
    key_hash = models.CharField(max_length=64, editable=False)
    rate = models.CharField(
        max_length=20,
        blank=True,
        help_text='Requests allowed, e.g. "1000/min"; empty: the default for tokens.',
        validators=[
            RegexValidator(
                r"^[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)$",
                'A number of requests per second, minute, hour or day: "1000/min".',
            )
        ],
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "API token"
        constraints = [models.UniqueConstraint(fields=["key_hash"], name="api_token_hash_unique")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self):
        return reverse("admin:articles_apitoken_change", args=[self.pk])
