"""Generate src/xiaoneng/calendar/data/schedules.csv from the `chinesecalendar`
package (a dev dependency), with Chinese holiday names.

    uv run python scripts/generate_calendar_data.py          # rewrite the file
    uv run python scripts/generate_calendar_data.py --check  # fail if it is stale

Every holiday chinesecalendar lists (weekend days inside a holiday too, for
their name) and every weekend make-up working day, one row per day."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from chinese_calendar import constants

OUTPUT = Path(__file__).resolve().parents[1] / "src/xiaoneng/calendar/data/schedules.csv"

# chinesecalendar names holidays by English enum values; the official notices
# use these Chinese names.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def render() -> str:
    rows = [(d, "holiday", name) for d, name in constants.holidays.items()]
    rows += [(d, "workday", name) for d, name in constants.workdays.items()]
    unknown = {name for _, _, name in rows} - NAMES.keys()
    if unknown:
        raise SystemExit(f"map these chinesecalendar names to Chinese first: {sorted(unknown)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "kind", "name"])
    for day, kind, name in sorted(rows):
        writer.writerow([day.isoformat(), kind, NAMES[name]])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            sys.exit(f"{OUTPUT} is stale: run scripts/generate_calendar_data.py")
        return
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - 1} days)")


if __name__ == "__main__":
    main()
