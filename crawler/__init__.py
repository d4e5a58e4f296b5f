"""Scrapy project: spiders, items and pipelines that bring job ads into the store."""
