"""Questions over a whole store, one module per question, each returning records (dataclasses) the
CLI prints as a table, JSON lines or CSV: dyad time series (``dyads``), the most active actors
(``actors``), what a person said (``quotes``), the actor network (``network``), article search
(``search``), and matplotlib charts of them (``charts``). Which events count and which actors a name
or code picks out is shared with ``newsgraph events`` (newsgraph/store/filters.py)."""
