"""Orchestration over the store: crawl (a Scrapy child process), extract, report, gap pages,
the whole pipeline once, on a schedule, and the offline demo."""
