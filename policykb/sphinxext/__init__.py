"""The policykb Sphinx extension: library, policy pages, examples, figures.

A thin entry point: each feature module has one `setup_<feature>(app)`.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from policykb import __version__
from policykb.sphinxext.checker import setup_checker
from policykb.sphinxext.clauses import setup_clauses
from policykb.sphinxext.config import setup_config
from policykb.sphinxext.csp import setup_csp
from policykb.sphinxext.data import setup_data
from policykb.sphinxext.downloads import setup_downloads
from policykb.sphinxext.examples import setup_examples
from policykb.sphinxext.figures import setup_figures
from policykb.sphinxext.library import setup_library
from policykb.sphinxext.nlrb import setup_nlrb
from policykb.sphinxext.policies import setup_policies
from policykb.sphinxext.search import setup_search


def setup(app: Sphinx) -> dict:
    setup_config(app)
    setup_data(app)
    setup_downloads(app)
    setup_examples(app)
    setup_figures(app)
    setup_library(app)
    setup_nlrb(app)
    setup_policies(app)
    setup_search(app)
    setup_clauses(app)
    setup_checker(app)
    setup_csp(app)
    return {
        "version": __version__,
        # Bumped when what the extension keeps in the environment changes: Sphinx then
        # reads every page again instead of trusting a pickle of another shape.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
