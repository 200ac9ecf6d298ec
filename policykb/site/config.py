"""Configuration values of the extension, declared once with their defaults."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from policykb.content import paths

STATIC_DIR = Path(__file__).parent / "static"


def setup_config(app: Sphinx) -> None:
    # Relative to conf.py's folder (the site is built from a checkout): `policykb.content.paths`.
    app.add_config_value("policykb_sources_dir", str(paths.SOURCES), "env", str)
    app.add_config_value("policykb_corpus_dir", str(paths.CORPUS), "env", str)
    app.add_config_value("policykb_taxonomy", str(paths.TAXONOMY), "env", str)
    app.add_config_value("policykb_nlrb_rules", str(paths.RULES), "env", str)
    app.add_config_value("policykb_contact_url", "", "html", str)
    app.connect("builder-inited", _add_static)


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file("policykb.css")


def resolve(app: Sphinx, value: str) -> Path:
    """A configured path, relative to the folder of conf.py."""
    path = Path(value)
    return path if path.is_absolute() else Path(app.confdir) / path
