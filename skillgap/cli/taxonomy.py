"""`skillgap taxonomy check|list|show`: inspect and validate the skill taxonomy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from skillgap.cli.common import ConfigOpt, DbOpt, TaxonomyOpt, fail, note, out, styled, warn

taxonomy_app = typer.Typer(help="Inspect and validate the skill taxonomy.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(taxonomy_app, name="taxonomy")


@taxonomy_app.command("check")
def taxonomy_check(
    taxonomy: TaxonomyOpt = None,
    seeds: Annotated[
        list[Path] | None,
        typer.Option("--seeds", help="Seed roadmap files or folders whose topics must be covered."),
    ] = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Validate the taxonomy: ids, alias collisions, patterns, seed topics covered.

    Example: skillgap taxonomy check --seeds ../shared/seeds
    """
    from analyzer.checklist.seeds import check_seed_topics, default_seed_paths
    from taxonomy import load_taxonomy
    from taxonomy.check import check_taxonomy

    tax = load_taxonomy(taxonomy)
    paths = seeds if seeds is not None else default_seed_paths()
    result = check_taxonomy(tax)
    seeded = check_seed_topics(tax, paths)
    for warning in result.warnings + seeded.warnings:
        warn(warning)
    problems = result.problems + seeded.problems
    if problems:
        for problem in problems:
            note("problem", problem, "red")
        raise fail(f"taxonomy check failed: {len(problems)} problem(s)")
    out.print(
        f"taxonomy ok: {len(tax.skills)} skills in {len(tax.categories)} categories, "
        f"{result.aliases} aliases, {seeded.topics} seed topics accounted for "
        f"({seeded.topics_by_extractor} by the extractor, {seeded.topics_listed} listed)"
    )


@taxonomy_app.command("list")
def taxonomy_list(
    category: Annotated[str | None, typer.Option(help="Only this category id.")] = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """List skills by category, in roadmap order.

    Example: skillgap taxonomy list --category language
    """
    from taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    table = Table("id", "label", "category", "tier", "aliases")
    for cat in tax.category_order():
        if category and cat != category:
            continue
        for s in tax.skills_in(cat):
            table.add_row(s.id, s.label, cat, s.tier, str(len(s.aliases)))
    if category and not table.row_count:
        raise fail(f"no category {category!r} (known: {', '.join(tax.category_order())})")
    out.print(table)


@taxonomy_app.command("show")
def taxonomy_show(
    skill_id: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="Skill id, label or alias, in any case: kafka, golang, K8s."
        ),
    ],
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Show one skill: label, category, aliases and their rules, prerequisites.

    Example: skillgap taxonomy show golang
    """
    from taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    named = tax.named(skill_id)  # the id, the label or an alias, in any case
    skill = tax.skills.get(skill_id) or (tax.skills[named[0]] if named else None)
    if skill is None:
        import difflib

        close = difflib.get_close_matches(skill_id, list(tax.skills), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise fail(f"no skill {skill_id!r}{hint}")
    out.print(styled((skill.id, "bold"), f": {skill.label}"))
    if len(named) > 1:
        out.print(f"also named {skill_id!r}: " + ", ".join(n for n in named if n != skill.id))
    out.print(
        f"category: {skill.category} ({tax.category_label(skill.category)}), tier: {skill.tier}"
    )
    if skill.prerequisites:
        out.print("prerequisites: " + ", ".join(skill.prerequisites))
    if skill.roadmap:
        out.print("roadmap: " + "; ".join(skill.roadmap))
    table = Table("alias", "rules")
    for a in skill.aliases:
        rules = []
        if a.cased:
            rules.append("exact case")
        if a.context:
            rules.append(f"needs {a.context} context")
        if a.also:
            rules.append("also " + ", ".join(a.also))
        if a.not_next:
            rules.append("not before: " + " ".join(sorted(a.not_next)))
        if a.not_prev:
            rules.append("not after: " + " ".join(sorted(a.not_prev)))
        if a.not_next_title:
            rules.append("not before a Capitalised name")
        table.add_row(a.text, "; ".join(rules))
    out.print(table)
