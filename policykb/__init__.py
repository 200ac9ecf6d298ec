"""policykb: a knowledge base of social media policy examples."""

__version__ = "0.1.0"
