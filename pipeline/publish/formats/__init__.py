"""The publication in other formats, for the tools data people already use: one module per format.

Each module has one entry point that turns the staged tables or the package descriptor into one file in the
staging folder (``write``), and a read-back check that the publish stage runs on that file before the swap
(``read_back``, which returns what is wrong, or nothing). Everything comes from the pandera models in
``schemas/`` and the tables themselves; no module keeps its own list of columns.

- ``sqlite``: every table in one SQLite database, with keys, indexes and full-text search over the quotes;
- ``datasette``: Datasette's metadata for that database (titles, descriptions, licence, source);
- ``web_annotations``: every quote as a W3C Web Annotation anchored in its raw source;
- ``croissant``: the Croissant (MLCommons) description of the package, for data hubs and dataset search.
"""

from __future__ import annotations

from typing import Any

#: What each format adds to datapackage.json, by the file's path in the package.
from pipeline.publish.formats import croissant, datasette, sqlite, web_annotations

RESOURCES: dict[str, dict[str, Any]] = {m.RESOURCE["path"]: m.RESOURCE
                                        for m in (sqlite, datasette, web_annotations, croissant)}
