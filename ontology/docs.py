"""Render the ontology as HTML documentation with pyLODE."""

from __future__ import annotations

import logging
from pathlib import Path

from apkg.ontology.load import ONTOLOGY_DIR, load_ontology


def write_docs(out_dir: Path, directory: Path = ONTOLOGY_DIR) -> Path:
    """Write the ontology's HTML documentation (pyLODE's OntPub profile) into ``out_dir``.

    Returns:
        The path of the written ``index.html``.
    """
    root = logging.getLogger()
    level = root.level
    from pylode import OntPub  # heavy import, only needed here; it turns root logging to DEBUG

    root.setLevel(level)

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    OntPub(ontology=load_ontology(directory)).make_html(destination=target)
    return target
