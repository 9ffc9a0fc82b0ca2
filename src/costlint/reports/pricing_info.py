"""`costlint pricing info`: what the bundled snapshot and the refreshed cache hold, as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

from costlint.reports.text_table import short, table


def render_json(bundled: dict[str, Any], user: dict[str, Any], services: tuple[str, ...] = ()) -> str:
    return json.dumps({"bundled": bundled, "user": user}, indent=1, sort_keys=True) + "\n"


def render_table(bundled: dict[str, Any], user: dict[str, Any], services: tuple[str, ...] = ()) -> str:
    lines: list[str] = []
    lines.append(f"Bundled snapshot: {bundled['path']}")
    if "snapshot_date" in bundled:
        dates = sorted({str(s.get("date")) for s in bundled.get("sources", [])})
        lines.append(
            f"  data dates: {dates[0]} to {dates[-1]} (newest {bundled['snapshot_date']}); currency "
            f"{bundled.get('currency', 'USD')}"
        )
    if not bundled["in_use"]:
        lines.append("  (empty: run `costlint pricing build`)")
    if bundled.get("sources"):
        lines.append("Sources (`--format json` lists each file with its origin and checksum):")
        lines += table(("id", "date", "licence", "name"), _source_rows(bundled["sources"]), indent="  ")
    lines.append("Coverage (prices per service; low = lower-confidence prices):")
    low = bundled.get("low_confidence", {})
    rows = []
    for provider, by_service in sorted(bundled.get("coverage", {}).items()):
        for service, by_region in sorted(by_service.items()):
            regions = sorted(by_region)
            count = sum(n for n in by_region.values() if n > 0)
            low_count = sum(low.get(provider, {}).get(service, {}).values())
            shown = ", ".join(regions) if service in services else _regions_text(regions)
            rows.append((provider, service, f"{count:,}", f"{low_count:,}" if low_count else "", shown))
    lines += table(("provider", "service", "prices", "low", "regions"), rows, indent="  ")
    if user["in_use"]:
        when = f"updated {user['updated_at']}" if "updated_at" in user else "update date unknown"
        lines.append(
            f"Refreshed cache in use: {user['path']} ({user['files']} files, {when}); its files win over "
            "the snapshot's for their service and region:"
        )
        for provider, by_service in sorted(user.get("coverage", {}).items()):
            for service, by_region in sorted(by_service.items()):
                lines.append(f"  {provider} {service}: {_regions_text(sorted(by_region))}")
    else:
        lines.append(f"Refreshed cache: none ({user['path']}); `costlint pricing update` creates it")
    if "error" in user:
        lines.append(f"  warning: {user['error']}")
    return "\n".join(lines) + "\n"


def _source_rows(sources: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row per source; the files of a family (``infracost-golden:<file>``) share one row."""
    rows: list[tuple[str, ...]] = []
    families: dict[str, list[dict[str, Any]]] = {}
    for source in sources:
        ident = str(source["id"])
        if ":" in ident:
            families.setdefault(ident.split(":", 1)[0], []).append(source)
            continue
        rows.append(
            (
                ident,
                str(source.get("date", "")),
                short(str(source.get("license", "")), 30),
                short(str(source.get("name", "")), 60),
            )
        )
    for family, members in families.items():
        dates = sorted(str(m.get("date", "")) for m in members)
        licences = sorted({str(m.get("license", "")) for m in members})
        span = f"{dates[0]}..{dates[-1]}" if dates[0] != dates[-1] else dates[0]
        name = str(members[0].get("name", family)).rsplit(" ", 1)[0]
        rows.append((f"{family}:* ({len(members)} files)", span, short(", ".join(licences), 30), name))
    return sorted(rows)


def _regions_text(regions: list[str], limit: int = 4) -> str:
    if len(regions) <= limit:
        return ", ".join(regions)
    return f"{len(regions)} regions: " + ", ".join(regions[:limit]) + ", ..."
