"""schema.org JobPosting JSON-LD: find the postings in a page and map their varying shapes."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlparse

from parsel import Selector

from crawler.normalise import parse_amount, parse_period

# <script type="application/ld+json"> in any letter case, with or without parameters
LD_SCRIPTS = (
    "//script[contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'application/ld+json')]"
)


class JsonLdError(ValueError):
    """A JSON-LD block that cannot be parsed."""


def ld_blocks(page: str | Selector) -> Iterator[Any]:
    """Each parsed JSON-LD block of a page (its HTML, or a Scrapy selector over it), read
    with the HTML parser, so blocks in comments or attributes are not blocks; raises
    JsonLdError for a broken one (after the rest)."""
    sel = page if isinstance(page, Selector) else Selector(text=page)
    broken: list[str] = []
    for script in sel.xpath(LD_SCRIPTS):
        raw = (script.xpath("string()").get() or "").strip()
        if raw.startswith("<!--"):
            raw = raw.removeprefix("<!--").removesuffix("-->").strip()
        if not raw:
            continue
        try:
            yield json.loads(raw, strict=False)
        except ValueError:
            try:
                yield json.loads(html.unescape(raw), strict=False)
            except ValueError as exc:
                broken.append(str(exc))
    if broken:
        raise JsonLdError("; ".join(broken))


def _is_type(node: dict[str, Any], name: str) -> bool:
    t = node.get("@type")
    return t == name or (isinstance(t, list) and name in t)


def job_postings(block: Any) -> Iterator[dict[str, Any]]:
    """JobPosting nodes anywhere in a block: top level, lists, @graph."""
    if isinstance(block, list):
        for b in block:
            yield from job_postings(b)
    elif isinstance(block, dict):
        if _is_type(block, "JobPosting"):
            yield block
        elif "@graph" in block:
            yield from job_postings(block["@graph"])


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("legalName")
    return str(value).strip() or None if value else None


def identifier(node: dict[str, Any]) -> str | None:
    value = _first(node.get("identifier"))
    if isinstance(value, dict):
        value = value.get("value") or value.get("@id") or value.get("name")
    return str(value).strip() or None if value not in (None, "") else None


def _address_text(address: Any) -> str | None:
    if isinstance(address, str):
        return address.strip() or None
    if not isinstance(address, dict):
        return None
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts: list[str] = []
    for k in keys:
        v = address.get(k)
        v = v.get("name") if isinstance(v, dict) else v
        if v and str(v).strip() and str(v).strip() not in parts:
            parts.append(str(v).strip())
    return ", ".join(parts) or _name(address)


def location(node: dict[str, Any]) -> str | None:
    places = node.get("jobLocation")
    places = places if isinstance(places, list) else [places] if places else []
    texts: list[str] = []
    for place in places:
        text = _address_text(place.get("address")) if isinstance(place, dict) else None
        text = text or _name(place)
        if text and text not in texts:
            texts.append(text)
    return "; ".join(texts) or None


def remote(node: dict[str, Any]) -> bool | None:
    kind = node.get("jobLocationType")
    kinds = kind if isinstance(kind, list) else [kind]
    if any(str(k).upper() == "TELECOMMUTE" for k in kinds if k):
        return True
    return None


def salary(node: dict[str, Any]) -> dict[str, Any]:
    """(min, max, currency, period) from baseSalary (MonetaryAmount, number or string)."""
    base = _first(node.get("baseSalary") or node.get("estimatedSalary"))
    if base is None:
        return {}
    if not isinstance(base, dict):
        amount = parse_amount(base)
        return {"salary_min": amount, "salary_max": amount} if amount else {}
    value = base.get("value")
    currency = base.get("currency") or base.get("salaryCurrency")
    unit = base.get("unitText")
    if isinstance(value, dict):
        unit = value.get("unitText") or unit
        lo = parse_amount(value.get("minValue") or value.get("value"))
        hi = parse_amount(value.get("maxValue") or value.get("value"))
    else:
        lo = hi = parse_amount(value)
    if not lo and not hi:
        return {}
    return {
        "salary_min": lo,
        "salary_max": hi,
        "salary_currency": str(currency).strip() or None if currency else None,
        "salary_period": parse_period(unit),
    }


def description_html(node: dict[str, Any]) -> str | None:
    """The description plus any separate responsibilities/qualifications blocks."""
    parts = [node.get("description")]
    for key in ("responsibilities", "qualifications", "skills", "experienceRequirements"):
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            parts.append(value)
    text = "\n".join(p for p in parts if isinstance(p, str) and p.strip())
    return text or None


def posting_fields(node: dict[str, Any], page_url: str) -> dict[str, Any]:
    """Contract fields (before normalisation) for one JobPosting node found on `page_url`."""
    url = node.get("url") or node.get("mainEntityOfPage") or page_url
    url = urljoin(page_url, str(_first(url) if not isinstance(url, dict) else url.get("@id")))
    ident = identifier(node)
    host = urlparse(url).hostname or ""
    return {
        "external_id": f"{host}#{ident}" if ident else url,
        "url": url,
        "title": node.get("title") or node.get("name"),
        "company": _name(node.get("hiringOrganization")) or "",
        "location": location(node) or _name(node.get("applicantLocationRequirements")),
        "remote": remote(node),
        "posted_at": node.get("datePosted"),
        "description_html": description_html(node),
        **salary(node),
    }
