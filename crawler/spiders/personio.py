"""Personio XML feed: GET https://{company}.jobs.personio.de/xml?language=en.

`<workzag-jobs>` holds one `<position>` per job: `id`, `name`, `subcompany`, `office` and
`additionalOffices/office`, `department`, `createdAt`, and the text as
`jobDescriptions/jobDescription` pairs of `name` (a heading) and `value` (HTML in CDATA).
The job page is `https://{company}.jobs.personio.de/job/{id}`.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response
from scrapy.selector import Selector

from crawler.normalise import parse_remote
from crawler.spiders.boards import BoardSpider


def _text(node: Selector, path: str) -> str | None:
    value = node.xpath(f"{path}/text()").get()
    return value.strip() or None if value else None


def personio_html(position: Selector) -> str | None:
    parts = []
    for block in position.xpath("jobDescriptions/jobDescription"):
        heading, value = _text(block, "name"), _text(block, "value")
        if value:
            parts.append(f"<h3>{heading}</h3>{value}" if heading else value)
    return "\n".join(parts) or None


class PersonioSpider(BoardSpider):
    name = "personio"
    source_type = "personio"
    default_base_url = "https://{board}.jobs.personio.de"
    list_path = "/xml?language=en"

    def load(self, response: Response) -> Selector | None:
        return self.load_xml(response, "workzag-jobs", "a Personio XML feed")

    def entries(self, data: Any) -> list[Any] | None:
        return list(data.xpath("//position"))

    def build(self, entry: Any, board: str, page: Any = None) -> dict[str, Any]:
        ident = _text(entry, "id")
        if not ident:
            raise KeyError("id")
        offices = [o.strip() for o in entry.xpath("office/text()|additionalOffices/office/text()")
                   .getall() if o.strip()]  # fmt: skip
        location = " / ".join(dict.fromkeys(offices)) or None
        job_base = self.board_url(board).removesuffix(self.list_path)
        return self.posting(
            external_id=ident,
            url=f"{job_base}/job/{ident}",
            title=_text(entry, "name"),
            company=self.company_name(board, _text(entry, "subcompany")),
            location=location,
            remote=parse_remote(location, _text(entry, "schedule")),
            posted_at=_text(entry, "createdAt"),
            description_html=personio_html(entry),
        )
