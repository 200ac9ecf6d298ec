"""Text analysis: paragraphs as blocks, language detection, topic patterns, the tagger's
learned model, the tagger and the NLRB checker. Functions from text to results.

Imports only `policykb.content`; extraction, the site, the crawler and the CLI build on it.
"""
