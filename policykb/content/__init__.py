"""The project's files and their models: where things are (`paths`), the registry of
tracked documents, the corpus documents, the taxonomy, the NLRB rules, the model clauses,
and the helpers every stage reads and writes them with (YAML, atomic writes, locks,
errors, the escaping that keeps crawled text from being markup).

The first layer: it imports no other stage of `policykb`.
"""
