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
    """Per page: its height and its words as (top, bottom)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)
    ns = "{http://www.w3.org/1999/xhtml}"
    return [(float(page.get("height")),
             [(float(w.get("yMin")), float(w.get("yMax"))) for w in page.iter(ns + "word")])
            for page in root.iter(ns + "page")]


def rows(words):
    """How many lines the words make: clustered by their vertical centre."""
    count, bottom = 0, float("-inf")
    for top, b in sorted(words, key=lambda w: w[0] + w[1]):
        if (top + b) / 2 > bottom:
            count, bottom = count + 1, b
        else:
            bottom = max(bottom, b)
    return count


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
                h, words = pages[at]
                at += 1
                pages_total += 1
                if not content:
                    continue
                top, bottom = MARGIN, h - MARGIN - FOOTER_ROOM
                # Words above the footer (the part mark is above the title, never below).
                framed = [w for w in words if w[1] <= bottom + 1]
                if not framed:
                    continue
                # The title's words are the tallest; the body is below them.
                title = max(framed, key=lambda w: w[1] - w[0])
                body = [w for w in framed if w[0] > title[1]]
                if body:
                    heights = sorted(w[1] - w[0] for w in body)
                    ratios.append((title[1] - title[0]) / heights[len(heights) // 2])
                fills.append((max(w[1] for w in framed) - top) / (bottom - top))
                if part > 0 and rows(body) <= 1:
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
