"""The Scrapy project: spiders per source type, pipelines, politeness, a loopback sample server."""
