"""The entities stage (``stage.py``): name mentions, merging and coding, with titles, nominals and
pronouns resolved in ``titles.py`` and ``coref.py`` over ``doc_index.py`` (the parse read once)."""
