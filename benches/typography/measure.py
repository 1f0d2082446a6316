#!/usr/bin/env python3
"""How the bundled course is set, from the built outputs (issue #26's
figures): distinct body sizes per deck, the title against the body on
every content page, continuation pages holding one line, and how full
content pages are.

    python3 benches/typography/measure.py OUT_DIR

OUT_DIR is what `lectern build decks --out OUT_DIR` wrote (the slides PDFs
and the JSON). Sizes come from the PDF's own text (poppler's `pdftotext
-bbox-layout`: a word box is the font's ascent to descent at its size, so
the ratio of two boxes of one face is the ratio of their sizes)."""
import json
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

MARGIN, FOOTER_ROOM = 44.0, 14.0


def pdf_pages(pdf):
    """Per page: its height and its text lines as (top, bottom, height, text)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        h = float(page.get("height"))
        lines = []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            words = line.findall("x:word", ns)
            y0 = float(line.get("yMin"))
            y1 = float(line.get("yMax"))
            text = " ".join(w.text or "" for w in words)
            hs = [float(w.get("yMax")) - float(w.get("yMin")) for w in words]
            lines.append((y0, y1, max(hs) if hs else y1 - y0, text))
        pages.append((h, lines))
    return pages


def main(out):
    sizes_per_deck, ratios, fills, thin, pages_total = {}, [], [], [], 0
    for js in sorted(out.glob("*.json")):
        deck = json.loads(js.read_text())
        pdf = js.with_suffix(".pdf")
        if not pdf.exists() or "slides" not in deck:
            continue
        pages = pdf_pages(pdf)
        sizes = set()
        at = 0
        for slide in deck["slides"]:
            n = slide["pages"]
            content = slide["kind"] not in ("title", "section") and slide["blocks"]
            if content:
                sizes.add(slide["size"])
            for part in range(n):
                h, lines = pages[at]
                at += 1
                pages_total += 1
                if not content:
                    continue
                top, bottom = MARGIN, h - MARGIN - FOOTER_ROOM
                # The frame's lines: not the "vervolg · 2/3" mark, the footer or labels.
                body = [l for l in lines if l[0] >= top - 1 and l[1] <= bottom + 1]
                if not body:
                    continue
                tallest = [l for l in body if not l[3].isupper()]
                if not tallest:
                    continue
                # The title is the first line in the frame that is not the label.
                title = tallest[0]
                rest = [l for l in tallest if l[0] > title[1] + 0.5 and l[2] < title[2] - 0.5]
                if rest:
                    ratios.append(title[2] / statistics.median(l[2] for l in rest))
                fills.append((max(l[1] for l in body) - top) / (bottom - top))
                if part > 0 and len(rest) <= 1:
                    thin.append(f"{pdf.name} page {at}")
        sizes_per_deck[js.stem] = sorted(sizes)
    print(f"pages: {pages_total}")
    for stem, s in sizes_per_deck.items():
        print(f"  {stem}: {len(s)} body sizes {s}")
    print(f"most body sizes in one deck: {max(len(s) for s in sizes_per_deck.values())}")
    print(f"distinct body sizes over the course: {len(set().union(*map(set, sizes_per_deck.values())))}")
    if ratios:
        print(f"title / body: min {min(ratios):.2f}, median {statistics.median(ratios):.2f}; "
              f"under 1.3 on {sum(r < 1.295 for r in ratios)} of {len(ratios)} content pages")
    print(f"fill of content pages: median {statistics.median(fills):.2f}, "
          f"under 0.4 on {sum(f < 0.4 for f in fills)} of {len(fills)}")
    print(f"continuation pages with one line of body: {len(thin)} {thin}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
