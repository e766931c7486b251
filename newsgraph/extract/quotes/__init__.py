"""The quotes stage (``stage.py``) and its parts: quote marks (``marks.py``), cues (``cues.py``), their
content (``content.py``; the learned cue model in ``scorer.py``), speakers (``speaker.py``), media
(``medium.py``), signed quotes (``signed.py``), headlines (``headlines.py``) and merging of repeats
(``merge.py``); ``syntax.py`` holds the spaCy-only parse helpers they share."""
