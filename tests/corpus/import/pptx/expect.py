"""What python-pptx reads in a PowerPoint file, as JSON, for
tests/import_pptx.rs to compare with what `lectern import` wrote: the
visible slides' count, and the words of each visible slide's text frames
and table cells and of its speaker notes.

usage: python expect.py FILE.pptx
"""
import json
import sys

from pptx import Presentation

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def text_of(frame):
    """A text frame's words, without the slide number and date fields a
    presentation tool fills in (lectern drops those, as the issue asks)."""
    out = []
    for t in frame._element.iter(A + "t"):
        field = t.getparent()
        if field.tag == A + "fld" and (field.get("type") or "").startswith(("slidenum", "datetime")):
            continue
        out += (t.text or "").split()
    return out


def words(shapes):
    out = []
    for shape in shapes:
        if shape.shape_type == 6:  # a group: its members
            out += words(shape.shapes)
        if shape.has_text_frame:
            out += text_of(shape.text_frame)
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    out += text_of(cell.text_frame)
    return out


def main():
    prs = Presentation(sys.argv[1])
    slides = []
    for slide in prs.slides:
        if slide._element.get("show") == "0":
            continue
        notes = []
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = text_of(slide.notes_slide.notes_text_frame)
        slides.append({"words": words(slide.shapes), "notes": notes})
    json.dump({"slides": slides}, sys.stdout)


main()
