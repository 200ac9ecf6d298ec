"""The Scrapy project: one generic spider ("sources") driven by the registry."""
