"""After the other domains' demo content (loaders run in name order): index it all."""

from upcampus.search.operations import reindex_current_city


def load_demo(_tenant) -> str:
    return f"{reindex_current_city()} documents indexed"
