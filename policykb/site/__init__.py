"""The policykb Sphinx extension: library, policy pages, examples, figures.

A thin entry point: each feature module has one `setup_<feature>(app)`.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from policykb import __version__
from policykb.site.checker import setup_checker
from policykb.site.clauses import setup_clauses
from policykb.site.config import setup_config
from policykb.site.csp import setup_csp
from policykb.site.data import setup_data
from policykb.site.downloads import setup_downloads
from policykb.site.examples import setup_examples
from policykb.site.figures import setup_figures
from policykb.site.library import setup_library
from policykb.site.nlrb import setup_nlrb
from policykb.site.policies import setup_policies
from policykb.site.search import setup_search


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
