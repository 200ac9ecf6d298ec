"""Sphinx configuration: `sphinx-build -c . content _build/html`."""

import os

project = "policykb"
author = "the policykb contributors"
copyright = "2026, the policykb contributors. Policy texts belong to their publishers"

extensions = ["myst_parser", "sphinx_design", "policykb.site"]

source_suffix = {".md": "markdown"}
root_doc = "index"
# Data folders under content/ are read by the extension, never parsed as pages.
exclude_patterns = ["corpus/**", "sources/**", "**/README.md"]
suppress_warnings = ["myst.xref_ambiguous"]

# MyST: no substitutions and no raw HTML extensions; our pages do not need them.
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3

# The extension's data, relative to this file's folder.
policykb_sources_dir = "content/sources"
policykb_corpus_dir = "content/corpus"
policykb_taxonomy = "content/taxonomy.yaml"
policykb_contact_url = "https://github.com/policykb/policykb/issues"

html_theme = "pydata_sphinx_theme"
# The published address (GitHub Pages sets it in CI); used for the Atom feed's links.
html_baseurl = os.environ.get("POLICYKB_BASE_URL", "")
html_title = "policykb"
html_short_title = "policykb"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = "%Y-%m-%d"
html_sidebars = {
    "index": [],
    "library": [],
    "checker": [],
    "search": [],
    "clauses/index": [],
}
html_theme_options = {
    "navbar_align": "left",
    "header_links_before_dropdown": 8,
    "navigation_depth": 2,
    "show_nav_level": 1,
    "collapse_navigation": True,
    "show_prev_next": False,
    "secondary_sidebar_items": ["page-toc"],
    "navbar_end": ["theme-switcher"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "search_bar_text": "Search policies and guidance…",
    "pygments_light_style": "default",
    "pygments_dark_style": "github-dark",
}
