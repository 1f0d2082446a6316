"""Edits a PowerPoint file the way a colleague would, with python-pptx:
one slide title, one bullet and one speaker note changed. Used by
tests/import_pptx.rs for the round trip of `lectern build --format pptx`.

usage: python edit_roundtrip.py IN.pptx OUT.pptx SLIDE
(SLIDE: the 1-based slide whose title, first bullet and first note change)
"""
import sys

from pptx import Presentation


def first_run(paragraphs):
    for p in paragraphs:
        for r in p.runs:
            if r.text.strip():
                return r
    raise SystemExit("no text to edit")


def main():
    src, out, number = sys.argv[1], sys.argv[2], int(sys.argv[3])
    prs = Presentation(src)
    slide = prs.slides[number - 1]
    title = first_run(slide.shapes.title.text_frame.paragraphs)
    title.text = title.text + " (herzien)"
    body = next(
        s for s in slide.placeholders
        if s.has_text_frame and s.placeholder_format.type != 1 and s != slide.shapes.title
        and s.text_frame.text.strip()
    )
    bullet = first_run(body.text_frame.paragraphs)
    bullet.text = bullet.text.rstrip(".") + ", ook bij volwassenen."
    note = first_run(slide.notes_slide.notes_text_frame.paragraphs)
    note.text = "Nieuw: " + note.text
    prs.save(out)


main()
