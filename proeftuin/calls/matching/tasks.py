"""Background work of the matcher: thin wrappers around `index` (STYLE.md)."""

from django.tasks import task

from . import index


@task
def reindex_need(need_id: int) -> bool:
    return index.index_need(need_id)


@task
def rebuild_index(thesaurus_version: int | None = None) -> int:
    """Rebuild everything, unless the thesaurus changed again meanwhile (a later task for
    the newer version does the work then)."""
    current = index.state().thesaurus_version
    if thesaurus_version is not None and thesaurus_version != current:
        return 0
    return index.rebuild(version=current)


@task
def refresh() -> int:
    """The daily job: rebuild when the index lags the thesaurus, else cluster again."""
    state = index.state()
    if state.indexed_version != state.thesaurus_version:
        return index.rebuild(version=state.thesaurus_version)
    return index.recluster_all()
