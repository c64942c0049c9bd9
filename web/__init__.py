"""The web edition: a static, browsable, citable site built from the published data package.

``python -m web build`` (``make site``) reads ``datasets/published`` and writes ``site/``;
see README.md, "Web edition", for the pages and their URL scheme.
"""
