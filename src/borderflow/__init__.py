"""BorderFlow: collaborative border management between Canada, Mexico and the United States."""

__version__ = "0.1.0"
__all__ = ["__version__"]
