"""What-if scenarios: the projects re-estimated as they would be bought, run, sized or placed differently.

Every scenario changes resources the one way the rules engine does (``rules.savings``, ``specs.aws.fixes``):
a copy of the resource with a setting changed, or the usage it is estimated with (a reserved term, the
hours it runs) overridden, re-estimated by the same estimators and catalog as ``costlint breakdown``.
A change that the catalog cannot price (a reserved term, a region without that service's prices) is
not made: the resource keeps today's estimate and a note says why. Nothing is guessed.

- **regions**: every resource moved to each region the catalog prices them in; regions where each of
  them is priced come first, cheapest first, then the others, each naming what has no price there.
- **graviton**: the findings of ``CL103 graviton`` applied (x86 types to their Graviton equivalents).
- **spot**: the findings of ``CL302 spot-eligible`` applied (its definition of spot-eligible capacity,
  with the config's ``batch_markers``).
- **schedules**: non-production resources (the config's ``review.non_production`` tags, names, paths)
  running office hours (``review.office_hours``, default 12 h x 5 days) instead of all month.
- **fixes**: the findings of ``CL101 previous-generation``, ``CL201 gp2-volume``, ``CL401
  unattached-eip`` and ``CL402 unattached-volume`` applied (replacement types, gp3, idle resources removed).
- **commitments**: 1- and 3-year standard reserved terms, no upfront, where the catalog has the price.
- **combined**: the cheapest region where everything is priced (when cheaper), then fixes, Graviton, spot,
  schedules and 1-year reservations, each step on the result of the one before.

Rule fixes are applied in rounds (a resource may have a fix from two rules): the rules run on the
result, one fix per resource a round, until no finding has a fix left.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.estimate.context import Context
from costlint.estimate.engine import estimate_project
from costlint.estimate.model import HOURS_PER_MONTH, ProjectCost, ResourceCost
from costlint.estimate.registry import usage_keys
from costlint.estimate.usage import Usage
from costlint.model import Project, Resource
from costlint.money import money
from costlint.pricing.catalog import GLOBAL_REGION, Catalog
from costlint.review.model import RegionOption, Scenario, ScenarioRow
from costlint.rules.config import Settings
from costlint.rules.engine import run, source_of
from costlint.rules.model import Finding, Rule
from costlint.rules.suppress import Suppressor
from costlint.specs.aws import fixes, tagging

FIX_RULES = ("CL101", "CL201", "CL401", "CL402")
GRAVITON_RULES = ("CL103",)
SPOT_RULES = ("CL302",)
WEEK_HOURS = Decimal(168)
TERMS = {"1_year": "1-year", "3_year": "3-year"}
MAX_FIX_ROUNDS = 4
PRICING_UPDATE = "`costlint pricing update` brings the reserved prices the bundled snapshot lacks"


@dataclass
class Variant:
    """One project as a scenario leaves it."""

    project: Project
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Usage values (address -> key -> value) that win over the usage file."""
    changes: dict[str, list[str]] = field(default_factory=dict)
    """What the scenario did to each resource, in words."""
    removed: set[str] = field(default_factory=set)

    def change(self, address: str, text: str) -> None:
        self.changes.setdefault(address, []).append(text)

    def replace(self, resources: dict[str, Resource], removed: set[str]) -> Variant:
        kept = [resources.get(r.address, r) for r in self.project.resources if r.address not in removed]
        return dataclasses.replace(
            self,
            project=dataclasses.replace(self.project, resources=kept),
            removed=self.removed | removed,
        )


class Notes:
    """A scenario's notes, each once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, text: str) -> None:
        if text not in self.items:
            self.items.append(text)


def office_hours(settings: Settings) -> Decimal:
    """Hours a month of the office-hours schedule: hours a day x days a week x the weeks of a 730-hour month."""
    review = settings.review
    return review.hours_per_day * review.days_per_week * HOURS_PER_MONTH / WEEK_HOURS


def _hours(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class WhatIf:
    def __init__(
        self,
        projects: list[Project],
        today: list[ProjectCost],
        catalog: Catalog,
        usage: Usage | None,
        settings: Settings,
        rules: list[Rule],
    ) -> None:
        self.projects = projects
        self.today = today
        self.catalog = catalog
        self.usage = usage or Usage()
        self.settings = settings
        self.rules = rules
        self.suppressor = Suppressor(rules, settings)
        self.total = sum((c.monthly_cost for c in today), Decimal(0))

    # -- estimating a variant ----------------------------------------------------------------------

    def start(self) -> list[Variant]:
        return [Variant(p) for p in self.projects]

    def usage_of(self, variant: Variant) -> Usage:
        return self.usage.overriding(variant.overrides)

    def context(self, variant: Variant) -> Context:
        return Context(variant.project, self.catalog, self.usage_of(variant))

    def estimate(self, variant: Variant) -> ProjectCost:
        return estimate_project(variant.project, self.catalog, self.usage_of(variant))

    def scenario(self, key: str, title: str, description: str, variants: list[Variant], notes: Notes) -> Scenario:
        costs = [self.estimate(v) for v in variants]
        total = sum((c.monthly_cost for c in costs), Decimal(0))
        rows: list[ScenarioRow] = []
        for variant, before, after in zip(variants, self.today, costs, strict=True):
            rows += self._rows(variant, before, after)
        rows.sort(key=lambda r: (r.saving is None, -(r.saving or 0), r.project, r.address))
        return Scenario(key, title, description, total, self.total - total, rows, notes.items)

    def _rows(self, variant: Variant, today: ProjectCost, there: ProjectCost) -> list[ScenarioRow]:
        before = {c.resource.address: c for c in today.resources}
        after = {c.resource.address: c for c in there.resources}
        changes = {address: list(texts) for address, texts in variant.changes.items()}
        ctx = Context(variant.project, self.catalog)
        folded = set()
        for address in list(changes):
            cost = before.get(address)
            users = ctx.referrers(address) if cost is not None and cost.status == "free" else []
            for user in users:
                # A launch template costs nothing itself: its change shows on what uses it.
                mine = changes.setdefault(user.address, [])
                mine.extend(f"{text} (in {address})" for text in changes[address] if text not in mine)
            if users and address not in variant.removed:
                folded.add(address)
        out = []
        for address, cost in before.items():
            now = _amount(cost)
            if address in variant.removed:
                texts = changes.get(address, ["removed"])
                out.append(ScenarioRow(variant.project.path, address, texts, now, Decimal(0), removed=True))
                continue
            if address in folded:
                continue
            later = _amount(after[address]) if address in after else None
            changed = address in changes
            if not changed and now == later:
                continue
            if not changed and cost.status == "free" and after[address].status == "free":
                continue
            out.append(ScenarioRow(variant.project.path, address, changes.get(address, []), now, later))
        return out

    # -- rule fixes --------------------------------------------------------------------------------

    def findings(self, variant: Variant, rule_ids: tuple[str, ...]) -> list[Finding]:
        """The active findings of ``rule_ids`` on the variant (on whatever the config says of them:
        a scenario asks what the fixes would do, not whether the check reports them)."""
        rules = [r for r in self.rules if r.id in rule_ids]
        settings = dataclasses.replace(
            self.settings, enabled={**self.settings.enabled, **dict.fromkeys(rule_ids, True)}
        )
        found, _ = run([variant.project], rules, settings, usage=self.usage_of(variant), catalog=lambda: self.catalog)
        out = []
        for finding, source in found:
            self.suppressor.apply(finding, source)
            if finding.suppressed_by is None:
                out.append(finding)
        return out

    def apply_rules(self, variants: list[Variant], rule_ids: tuple[str, ...], notes: Notes) -> list[Variant]:
        return [self._apply_rules(v, rule_ids, notes) for v in variants]

    def _apply_rules(self, variant: Variant, rule_ids: tuple[str, ...], notes: Notes) -> Variant:
        for _ in range(MAX_FIX_ROUNDS):
            replaced: dict[str, Resource] = {}
            removed: set[str] = set()
            for finding in self.findings(variant, rule_ids):
                resource = finding.resource
                if resource is None or resource.address in replaced or resource.address in removed:
                    continue
                fix = finding.fix
                what = f"{finding.address}: {finding.rule.slug}"
                if fix is None or fix.amount is None:
                    notes.add(f"{what}: not counted ({finding.savings_note or 'the rule computes no saving'})")
                    continue
                if fix.amount <= 0:
                    notes.add(f"{what}: not applied (no saving at list price)")
                    continue
                if fix.removed:
                    removed.add(resource.address)
                elif fix.fixed is not None:
                    replaced[resource.address] = fix.fixed
                else:
                    notes.add(f"{what}: not counted (the fix is not a change costlint can estimate)")
                    continue
                variant.change(resource.address, finding.message)
            if not replaced and not removed:
                break
            variant = variant.replace(replaced, removed)
        return variant

    def spot(self, variants: list[Variant], notes: Notes) -> list[Variant]:
        before = sum(len(texts) for v in variants for texts in v.changes.values())
        out = self.apply_rules(variants, SPOT_RULES, notes)
        if sum(len(texts) for v in out for texts in v.changes.values()) > before:
            notes.add(
                "spot prices are the snapshot's point-in-time prices (lower-confidence); spot capacity can be reclaimed"
            )
        return out

    # -- schedules ---------------------------------------------------------------------------------

    def non_production(self, project: Project, resource: Resource) -> str | None:
        """Why the resource counts as non-production (``tag environment=dev``, ``name ...``), else None."""
        review = self.settings.review
        tags = tagging.tags(resource)
        if isinstance(tags, dict):
            for key, value in tags.items():
                if (
                    isinstance(key, str)
                    and isinstance(value, str)
                    and key.lower() in review.non_production_keys
                    and value.lower() in review.non_production_values
                ):
                    return f"tag {key}={value}"
        for pattern in review.non_production_names:
            if fnmatch.fnmatchcase(resource.address, pattern):
                return f"name matches {pattern}"
        if review.non_production_paths:
            shown, path = source_of(project, resource)
            candidates = [shown]
            with suppress(ValueError, OSError):
                candidates.append(Path(path).resolve().relative_to(self.settings.root).as_posix())
            for pattern in review.non_production_paths:
                if any(
                    fnmatch.fnmatchcase(c, pattern) or fnmatch.fnmatchcase(c, pattern.rstrip("/") + "/*")
                    for c in candidates
                ):
                    return f"file matches {pattern}"
        return None

    def schedules(self, variants: list[Variant], notes: Notes) -> list[Variant]:
        hours = office_hours(self.settings)
        review = self.settings.review
        schedule = (
            f"office hours ({_hours(review.hours_per_day)} h x {_hours(review.days_per_week)} days a week: "
            f"{_hours(hours)} hours a month instead of {HOURS_PER_MONTH})"
        )
        out = []
        for variant in variants:
            variant = dataclasses.replace(variant, overrides=dict(variant.overrides))
            ctx = self.context(variant)
            costs = self.estimate(variant)
            for cost in costs.resources:
                resource = cost.resource
                why = self.non_production(variant.project, resource)
                if why is None or cost.status != "priced" or cost.monthly_cost == 0:
                    continue
                keys = {k.name for k in usage_keys(resource.kind or "", resource.provider) or ()}
                if "monthly_hrs" not in keys:
                    notes.add(
                        f"{resource.address} ({why}): not scheduled: costlint prices {resource.kind} for the whole "
                        "month (no running-hours setting)"
                    )
                    continue
                current = ctx.usage_number(resource, "monthly_hrs")
                if current is not None and current <= hours:
                    notes.add(f"{resource.address} ({why}): already runs {_hours(current)} hours a month")
                    continue
                variant.overrides[resource.address] = {
                    **variant.overrides.get(resource.address, {}),
                    "monthly_hrs": hours,
                }
                variant.change(resource.address, f"non-production ({why}): runs {schedule}")
            out.append(variant)
        return out

    # -- commitments -------------------------------------------------------------------------------

    def commitments(self, variants: list[Variant], term: str, notes: Notes) -> list[Variant]:
        words = TERMS[term]
        out = []
        unpriced: list[str] = []
        for variant in variants:
            today = {c.resource.address: c for c in self.estimate(variant).resources}
            ctx = self.context(variant)
            trial: dict[str, dict[str, Any]] = {}
            for resource in variant.project.resources:
                cost = today.get(resource.address)
                keys = {k.name for k in usage_keys(resource.kind or "", resource.provider) or ()}
                if cost is None or cost.status != "priced" or "reserved_instance_term" not in keys:
                    continue
                current = ctx.usage_of(resource)
                if current.get("reserved_instance_term") is not None:
                    notes.add(f"{resource.address}: already reserved (usage file)")
                    continue
                hours = ctx.usage_number(resource, "monthly_hrs")
                if hours is not None and hours < HOURS_PER_MONTH:
                    notes.add(
                        f"{resource.address}: runs {_hours(hours)} hours a month: not reserved (a reservation is "
                        "billed for every hour of the term)"
                    )
                    continue
                values: dict[str, Any] = {
                    "reserved_instance_term": term,
                    "reserved_instance_payment_option": "no_upfront",
                }
                if "reserved_instance_type" in keys:
                    values["reserved_instance_type"] = "standard"
                trial[resource.address] = values
            reserved = dataclasses.replace(variant, overrides=_merged(variant.overrides, trial))
            there = {c.resource.address: c for c in self.estimate(reserved).resources}
            kept: dict[str, dict[str, Any]] = {}
            for address, values in trial.items():
                before, after = today[address], there[address]
                problem = _worse(before, after)
                if problem is not None:
                    unpriced.append(address)
                    continue
                if after.monthly_cost == before.monthly_cost:
                    notes.add(f"{address}: nothing bought on demand to reserve")
                    continue
                if after.monthly_cost > before.monthly_cost:
                    notes.add(
                        f"{address}: not reserved ({words} reserved costs {money(after.monthly_cost)} a month "
                        f"against {money(before.monthly_cost)})"
                    )
                    continue
                kept[address] = values
                variant_change = f"{words} standard reserved, no upfront"
                reserved.change(address, variant_change)
            out.append(dataclasses.replace(reserved, overrides=_merged(variant.overrides, kept)))
        if unpriced:
            notes.add(
                f"no {words} reserved price in the catalog for: {', '.join(unpriced)}; {PRICING_UPDATE} "
                "(the snapshot has reserved prices for a few types in us-east-1 only)"
            )
        notes.add("Savings Plans: the catalog has no Savings Plans rates, so none is counted")
        return out

    # -- regions -----------------------------------------------------------------------------------

    def region_names(self) -> list[str]:
        found: set[str] = set()
        for service in self.catalog.services("aws"):
            found.update(self.catalog.regions("aws", service))
        found.discard(GLOBAL_REGION)
        return sorted(found)

    def moved(self, variants: list[Variant], region: str) -> list[Variant]:
        out = []
        for variant in variants:
            out.append(dataclasses.replace(variant, project=fixes.in_region(variant.project, region)))
        return out

    def regions(self) -> tuple[Scenario, str | None]:
        """Every region, cheapest first; and the cheapest region where everything is priced, if it is cheaper."""
        current = {
            r.region for p in self.projects for r in p.resources if r.provider == "aws" and isinstance(r.region, str)
        }
        options = []
        for region in self.region_names():
            variants = self.moved(self.start(), region)
            costs = [self.estimate(v) for v in variants]
            missing, priced = [], 0
            for today, there in zip(self.today, costs, strict=True):
                after = {c.resource.address: c for c in there.resources}
                for cost in today.resources:
                    if cost.status != "priced":
                        continue
                    moved = after[cost.resource.address]
                    problem = _worse(cost, moved)
                    if problem is None:
                        priced += 1
                    else:
                        missing.append(f"{cost.resource.address} ({problem})")
            if priced == 0:
                continue
            total = sum((c.monthly_cost for c in costs), Decimal(0))
            options.append(RegionOption(region, total, region in current, missing))
        options.sort(key=lambda o: (not o.complete, o.total, not o.today, o.region))
        best = next((o for o in options if o.complete), None)
        saving = self.total - best.total if best is not None else Decimal(0)
        where = ", ".join(sorted(current)) or "no region"
        title = f"Cheapest region: {best.region}" if best is not None else "Regions"
        description = (
            f"The same resources in each region the catalog prices them in (today: {where}); regions where every "
            "resource is priced first, cheapest first."
        )
        notes = Notes()
        if best is None:
            notes.add("no region prices every resource of today's estimate")
        scenario = Scenario(
            "regions", title, description, best.total if best else self.total, saving, [], notes.items, options
        )
        move = best.region if best is not None and saving > 0 else None
        return scenario, move

    # -- all of them -------------------------------------------------------------------------------

    def all(self) -> list[Scenario]:
        regions, move = self.regions()
        out = [regions]
        steps: list[tuple[str, str, str, Callable[[list[Variant], Notes], list[Variant]]]] = [
            (
                "graviton",
                "Graviton",
                "x86 instance types moved to their Graviton (arm64) equivalents where cheaper (rule CL103).",
                lambda v, n: self.apply_rules(v, GRAVITON_RULES, n),
            ),
            (
                "spot",
                "Spot",
                "Spot-eligible capacity (rule CL302: batch and worker capacity, marked by the config's batch_markers) "
                "bought on the spot market at the snapshot's spot price.",
                self.spot,
            ),
            (
                "schedules",
                "Schedules",
                "Non-production resources (tags, names and paths of the config's review.non_production) running "
                f"office hours only: {_hours(office_hours(self.settings))} hours a month.",
                self.schedules,
            ),
            (
                "fixes",
                "Rule fixes",
                "The rules' fixes applied: previous-generation types replaced (CL101), gp2 volumes to gp3 (CL201), "
                "unattached Elastic IPs and volumes removed (CL401, CL402).",
                lambda v, n: self.apply_rules(v, FIX_RULES, n),
            ),
            (
                "commitments-1yr",
                "1-year reservations",
                "1-year standard reserved instances, no upfront, where the catalog has the reserved price.",
                lambda v, n: self.commitments(v, "1_year", n),
            ),
            (
                "commitments-3yr",
                "3-year reservations",
                "3-year standard reserved instances, no upfront, where the catalog has the reserved price.",
                lambda v, n: self.commitments(v, "3_year", n),
            ),
        ]
        for key, title, description, step in steps:
            notes = Notes()
            out.append(self.scenario(key, title, description, step(self.start(), notes), notes))
        out.append(self.combined(move, {key: step for key, _, _, step in steps}))
        return out

    def combined(self, move: str | None, steps: dict[str, Callable[[list[Variant], Notes], list[Variant]]]) -> Scenario:
        notes = Notes()
        variants = self.start()
        done = []
        if move is not None:
            for variant in variants:
                for resource in variant.project.resources:
                    if resource.provider == "aws" and isinstance(resource.region, str) and resource.region != move:
                        variant.change(resource.address, f"moved to {move}")
            variants = self.moved(variants, move)
            done.append(f"moved to {move}")
        for key in ("fixes", "graviton", "spot", "schedules", "commitments-1yr"):
            variants = steps[key](variants, notes)
        done += ["rule fixes", "Graviton", "spot", "schedules", "1-year reservations"]
        description = (
            "All of the above, each on the result of the one before: "
            + ", ".join(done)
            + "."
            + ("" if move else " (No region where everything is priced is cheaper than today's.)")
        )
        return self.scenario("combined", "All combined", description, variants, notes)


def _amount(cost: ResourceCost) -> Decimal | None:
    return None if cost.status == "not_priced" else cost.monthly_cost


def _merged(base: dict[str, dict[str, Any]], more: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {address: dict(values) for address, values in base.items()}
    for address, values in more.items():
        out[address] = {**out.get(address, {}), **values}
    return out


def _worse(before: ResourceCost, after: ResourceCost) -> str | None:
    """Why ``after`` cannot stand for ``before``, briefly: ``not priced``, or the first component that
    loses the price it had (``no price for CPU credits``); None when it can."""
    if after.status == "not_priced":
        return "not priced"
    missing_before = {c.name for c in before.components if c.missing is not None}
    lost = [c for c in after.components if c.missing is not None and c.name not in missing_before]
    if lost:
        return f"no price for {lost[0].name}"
    return None
