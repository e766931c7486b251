"""The entities stage (``stage.py``): name mentions, merging and coding, with titles, nominals and
pronouns resolved in ``coref.py`` over ``doc_index.py`` (the parse read once)."""
