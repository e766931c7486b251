"""Actor coding (``coding.py``): countries, demonyms, capitals, organisations, sectors and the actor
knowledge base; dated office holders (``office_holders.py``); PETRARCH actor and agent dictionaries
(``petrarch.py``)."""
