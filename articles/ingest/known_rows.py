"""What the database held when ingest began writing a chunk of documents: looked up in a few
queries for the whole chunk instead of several per document.

Only an optimisation: the unique keys still decide between concurrent ingests. A document the
snapshot calls new is inserted as new, and if another ingest wrote it meanwhile the insert
fails, the file is written again with `forget()` called, and every answer then comes from the
database again. An entity or source id that another ingest merged away or deleted fails the
same way (a foreign key checked at commit).
"""

from collections.abc import Iterable

from articles.analysis import EntityHit
from articles.models import Article, EntityAlias, Source

# Values per IN (...) list: well under every engine's limit on query parameters.
LOOKUP_BATCH = 500


def _batches(values: Iterable) -> Iterable[list]:
    values = sorted(set(values))
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


def hit_keys(hit: EntityHit) -> set[str]:
    return {EntityAlias.key_for(name) for name in hit.aliases | {hit.name}} - {""}


class KnownRows:
    """The articles with the chunk's checksums or import refs, the entities the aliases of its
    names belong to, and the sources it named so far."""

    def __init__(self, checksums: Iterable[str], refs: Iterable[str], hits: Iterable[EntityHit]):
        self.fresh = True
        self.same_text: dict[str, tuple[int, str, str]] = {}  # checksum -> pk, file, ref
        for batch in _batches(checksums):
            for pk, file_name, ref, checksum in Article.objects.filter(
                checksum__in=batch
            ).values_list("pk", "file_name", "import_ref", "checksum"):
                self.same_text[checksum] = (pk, file_name, ref)
        self.refs: set[str] = set()
        for batch in _batches(refs):
            self.refs |= set(
                Article.objects.filter(import_ref__in=batch).values_list("import_ref", flat=True)
            )
        self.alias_entity: dict[str, int] = {}
        for batch in _batches(key for hit in hits for key in hit_keys(hit)):
            self.alias_entity.update(
                EntityAlias.objects.filter(key__in=batch).values_list("key", "entity_id")
            )
        self.sources: dict[str, Source] = {}

    @classmethod
    def nothing(cls) -> "KnownRows":
        """A snapshot that knows nothing and learns nothing: every question goes to the
        database (a document written on its own, a re-analysis)."""
        known = cls((), (), ())
        known.fresh = False
        return known

    def learn_aliases(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Note alias keys a lookup has just verified, for the chunk's next documents."""
        if self.fresh:
            self.alias_entity.update(pairs)

    def learn_source(self, source: Source) -> None:
        if self.fresh:
            self.sources[source.name] = source

    def forget(self) -> None:
        """Drop everything: from now on every question goes to the database."""
        self.fresh = False
        self.same_text.clear()
        self.refs.clear()
        self.alias_entity.clear()
        self.sources.clear()

    def surely_new(self, checksum: str, ref: str) -> bool:
        """No article had this text or this import ref when the chunk began (nor since, as
        far as this ingest wrote)."""
        return self.fresh and checksum not in self.same_text and ref not in self.refs

    def written(self, article_id: int, file_name: str, ref: str, checksum: str) -> None:
        """Note an article this ingest has just committed."""
        if self.fresh:
            self.same_text[checksum] = (article_id, file_name, ref)
            self.refs.add(ref)

    def entity_of(self, hit: EntityHit) -> int | None:
        """The id of the entity `hit` resolves to, when every one of its names is a known
        alias (else None: ask the database). The same rule as ingest.resolve_entity."""
        keys = hit_keys(hit)
        if not keys or not keys <= self.alias_entity.keys():
            return None
        main_key = EntityAlias.key_for(hit.name)
        if main_key in self.alias_entity:
            return self.alias_entity[main_key]
        votes: dict[int, int] = {}
        for key in keys:
            votes[self.alias_entity[key]] = votes.get(self.alias_entity[key], 0) + 1
        return min(votes, key=lambda pk: (-votes[pk], pk))  # most named, then oldest


# The default of every function that takes a snapshot: it never changes (nothing is learned
# when not fresh), so one instance serves all.
NOTHING_KNOWN = KnownRows.nothing()
