"""The events stage (``stage.py``: rule coder and learned decisions) and its parts: candidates from the
lexicon (``lexicon.py``, ``candidates.py``, PETRARCH verb dictionaries in ``petrarch_verbs.py``), the
sides of an event from the parse (``sides.py``, role models in ``roles.py``), the shipped event model
(``model.py``, ``learned.py``), negation and modality (``modality.py``); and the event_context stage
(``context.py``): when (``dates.py``) and where (``places.py``)."""
