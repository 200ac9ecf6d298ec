"""From the web to `content/corpus/`: WARC captures (`archive`, `archive_branch`), extraction
to Markdown (`extract`), reading a local file as text (`text`), near-duplicates (`dedupe`)
and writing the corpus documents (`record`).

Imports `policykb.content` and `policykb.analysis` (a recorded document is tagged and
checked); the crawler and the CLI build on it.
"""
