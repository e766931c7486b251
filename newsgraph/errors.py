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


class ExportError(NewsgraphError):
    """An export cannot be made: an unknown format, or an output that cannot be written."""
