"""The few named errors of newsgraph. Bad input is not an error: it becomes a Failure record."""


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose; the CLI prints its message and exits 2."""


class SettingsError(NewsgraphError):
    """A setting is unknown or has a value of the wrong type."""


class StoreError(NewsgraphError):
    """The store file cannot be opened: not a DuckDB file, its folder missing, or locked by another process."""


class StoreNotFound(StoreError):
    """A read command was given a store that does not exist (it is not created for reading)."""


class ModelNotFound(NewsgraphError):
    """The spaCy pipeline named by the `model` setting is not installed."""


class PipelineOrderError(NewsgraphError):
    """A stage needs a field that no earlier stage adds."""


class UnreadableInput(NewsgraphError):
    """An input cannot be turned into an article; the reason is recorded as a Failure."""


class UnknownActor(NewsgraphError):
    """No stored actor or speaker has the name or code asked for; the message names near matches."""


class BadRange(NewsgraphError):
    """A --since or --until that is not a date, or a range that ends before it begins."""


class OutputError(NewsgraphError):
    """A file to write (a chart, a network) has an unknown format or cannot be written."""


class BadOption(NewsgraphError):
    """An option's value is not one of those it takes."""


class ExportError(NewsgraphError):
    """An export cannot be made: an unknown format, or an output that cannot be written."""


class ClusterError(NewsgraphError):
    """The Dask scheduler of ``--dask`` cannot be reached, or no worker joins it in time."""
