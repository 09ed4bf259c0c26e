"""licscan's own version, written into every report it renders."""

__version__ = "0.1.0"
