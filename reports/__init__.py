"""The skills-demand report: a model of plain dataclasses, rendered to HTML, JSON and CSV."""
