"""svarbrev: question file → mapping → metrics → Danish text and tables → Word reply."""

__version__ = "0.1.0"
