#!/usr/bin/env python3
"""What the fallback font costs Typst's layout: a 1000-slide deck like the
pipeline bench's (five Dutch bullets, a quote and a link a slide), once with
✓ ➔ → (which the house face lacks, so those lines are set in two fonts)
and once without them, built by each lectern given, in interleaved rounds;
the first lectern also sets the deck without them in DejaVu Sans (a course
theme that extends `default` and names it), which tells the house face's
own cost from the template's. Prints the median of the `layout` stage
(`lectern build --timings`).

    python3 benches/typography/fallback.py LECTERN [LECTERN_BEFORE] [ROUNDS]
"""
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def deck(slides, symbols):
    marks = ("✓ ", "➔ ", "→ ") if symbols else ("", "", "")
    body = []
    for i in range(slides):
        body.append(
            f"## Dia {i}: Wat is mentaliseren {{.list time=1}}\n\n"
            f"- {marks[0]}Gevoelens, gedachten, behoeften en wensen\n"
            f"- {marks[1]}ZELF: hoe we weten wat we voelen\n"
            f"- {marks[2]}ANDER: wat iemand anders „voelt” of denkt\n"
            "- Nieuwsgierig, geïnteresseerd, naïef\n"
            f"- Zie [de uitleg](https://example.org/{i})\n\n"
            "> “Jezelf van buitenaf en de ander van binnenuit zien.”\n\n"
            f"???\nNotities voor de trainer bij dia {i}.\n")
    return '+++\ntitle = "Benchmark"\nsession = 1\nmode = "f2f"\n+++\n\n' + "\n---\n\n".join(body)


def layout_ms(lectern, md, out, theme):
    run = subprocess.run([lectern, "build", str(md), "--out", str(out), "--format", "pdf",
                          "--no-cache", "--timings", "--theme", theme],
                         capture_output=True, text=True, check=True)
    for line in run.stderr.splitlines():
        words = line.split()
        if len(words) >= 3 and words[1] == "layout":
            return float(words[-2])
    raise SystemExit(f"no layout timing in: {run.stderr}")


def main():
    args = sys.argv[1:]
    rounds = int(args.pop()) if len(args) > 1 and args[-1].isdigit() else 7
    binaries = args
    work = Path(tempfile.mkdtemp(prefix="lectern-fallback-"))
    (work / "course.toml").write_text('title = "Benchmark"\nlanguage = "nl"\n')
    (work / "themes/dejavu").mkdir(parents=True)
    (work / "themes/dejavu/theme.toml").write_text(
        'extends = "default"\n[fonts]\nbody = "DejaVu Sans"\n')
    decks = {}
    for name, symbols in (("with ✓ ➔ →", True), ("without", False)):
        md = work / f"{'01-sym' if symbols else '02-plain'}.md"
        md.write_text(deck(1000, symbols))
        decks[name] = md
    runs = [(b, d, "default") for b in binaries for d in decks]
    runs.append((binaries[0], "without", "dejavu"))
    times = {r: [] for r in runs}
    for _ in range(rounds):
        for b, d, theme in runs:
            times[(b, d, theme)].append(layout_ms(b, decks[d], work / "out", theme))
    print(f"| lectern | deck | theme | layout, median of {rounds} |")
    print("|---|---|---|---|")
    for (b, d, theme), v in times.items():
        print(f"| {b} | {d} | {theme} | {statistics.median(v):.0f} ms |")


if __name__ == "__main__":
    main()
