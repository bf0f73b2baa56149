"""Holding the search index's writer from another thread, as a long `search_index --rebuild`
does, for the tests of what the archive does meanwhile."""

import contextlib
import threading

from articles.search.tantivy import store as search_index


@contextlib.contextmanager
def writer_held():
    """Another holder of the index writer (as `search_index --rebuild` is), for the block."""
    index = search_index.current()
    held, release = threading.Event(), threading.Event()

    def hold():
        with index.writer():
            held.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    try:
        yield index
    finally:
        release.set()
        thread.join()
