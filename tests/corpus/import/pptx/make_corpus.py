"""Writes the PowerPoint files of this corpus with python-pptx (PyPI,
1.0.2), each covering some of what `lectern import deck.pptx` reads.
tests/import_pptx.rs imports every one and checks what comes out.

usage: python make_corpus.py  (writes the .pptx files beside this script)
"""
import io
import os
import struct
import zlib

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Inches, Pt
from pptx.oxml.ns import qn

HERE = os.path.dirname(os.path.abspath(__file__))

# The default template's layouts.
TITLE, CONTENT, SECTION, TWO, COMPARISON, TITLE_ONLY, BLANK = 0, 1, 2, 3, 4, 5, 6


def png(w, h, rgb):
    """A small one-colour PNG, made here (no picture files needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def notes(slide, *paragraphs):
    tf = slide.notes_slide.notes_text_frame
    tf.text = paragraphs[0]
    for p in paragraphs[1:]:
        tf.add_paragraph().text = p


def bullet(tf, text, level=0, first=False):
    p = tf.paragraphs[0] if first else tf.add_paragraph()
    p.text = text
    p.level = level
    return p


def numbered(p, kind):
    ppr = p._p.get_or_add_pPr()
    auto = ppr.makeelement(qn("a:buAutoNum"), {"type": kind})
    ppr.append(auto)


def basics():
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[TITLE])
    s.shapes.title.text = "Onboarding course"
    s.placeholders[1].text = "Session 1 · Ann Example"
    notes(s, "Welcome everyone.", "Start with the round of names.")

    s = prs.slides.add_slide(prs.slide_layouts[CONTENT])
    s.shapes.title.text = "Levels and marks"
    tf = s.placeholders[1].text_frame
    p = bullet(tf, "", first=True)
    r = p.add_run(); r.text = "Bold"; r.font.bold = True
    r = p.add_run(); r.text = " and "
    r = p.add_run(); r.text = "italic"; r.font.italic = True
    r = p.add_run(); r.text = " and a "
    r = p.add_run(); r.text = "link"; r.hyperlink.address = "https://example.org/doc"
    bullet(tf, "A deeper point", level=1)
    bullet(tf, "Back at the top with *stars* and #hash")
    notes(s, "Say the levels out loud.", "Then ask a question.")

    s = prs.slides.add_slide(prs.slide_layouts[CONTENT])
    s.shapes.title.text = "Numbered steps"
    tf = s.placeholders[1].text_frame
    for k, t in enumerate(["First step", "Second step"]):
        numbered(bullet(tf, t, first=k == 0), "arabicPeriod")
    for t in ["option one", "option two"]:
        numbered(bullet(tf, t, level=1), "alphaLcPeriod")

    s = prs.slides.add_slide(prs.slide_layouts[CONTENT])
    s.shapes.title.text = "Hidden backup slide"
    s.placeholders[1].text = "Only for questions"
    s._element.set("show", "0")

    s = prs.slides.add_slide(prs.slide_layouts[SECTION])
    s.shapes.title.text = "Part two"

    s = prs.slides.add_slide(prs.slide_layouts[TWO])
    s.shapes.title.text = "Two contents"
    s.placeholders[1].text = "Left point"
    s.placeholders[2].text = "Right point"

    s = prs.slides.add_slide(prs.slide_layouts[COMPARISON])
    s.shapes.title.text = "Before and after"
    s.placeholders[1].text = "Before"
    s.placeholders[2].text = "Slow"
    s.placeholders[3].text = "After"
    s.placeholders[4].text = "Fast"
    prs.save(os.path.join(HERE, "basics.pptx"))


def tables_and_pictures():
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    s.shapes.title.text = "Results table"
    t = s.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate([["Group", "Score"], ["A", "12"], ["B | C", "15"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v

    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    s.shapes.title.text = "A picture"
    pic = s.shapes.add_picture(io.BytesIO(png(4, 3, (200, 30, 30))), Inches(1), Inches(2), width=Inches(4))
    pic._element.nvPicPr.cNvPr.set("descr", "A red square")
    notes(s, "Point at the picture.")

    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    s.shapes.title.text = "Behind the text"
    s.shapes.add_picture(io.BytesIO(png(4, 3, (30, 30, 200))), 0, 0, prs.slide_width, prs.slide_height)
    prs.save(os.path.join(HERE, "tables-pictures.pptx"))


def no_titles_and_languages():
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[BLANK])
    box = s.shapes.add_textbox(Inches(1), Inches(0.3), Inches(8), Inches(0.5))
    box.text_frame.text = "Presented by Ann Example"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(40)
    box = s.shapes.add_textbox(Inches(1), Inches(1.2), Inches(8), Inches(1))
    box.text_frame.text = "Gehechtheid en mentaliseren"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(36)
    box = s.shapes.add_textbox(Inches(1), Inches(3), Inches(8), Inches(2))
    tf = box.text_frame
    tf.text = "Schöne Grüße aus Köln"
    for t in ["Très bien, à bientôt", "¿Qué tal? Año nuevo", "שלום עולם", "مرحبا بالعالم"]:
        tf.add_paragraph().text = t
    for p in tf.paragraphs[3:]:
        p._p.get_or_add_pPr().set("rtl", "1")
    for p in tf.paragraphs:
        for r in p.runs:
            r._r.get_or_add_rPr().set("lang", "nl-NL")
    prs.save(os.path.join(HERE, "no-title-languages.pptx"))


def chart():
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    s.shapes.title.text = "Sales chart"
    data = CategoryChartData()
    data.categories = ["Q1", "Q2"]
    data.add_series("Sales", (1.0, 2.0))
    s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(6), Inches(4), data)
    prs.save(os.path.join(HERE, "chart.pptx"))


def media_and_smartart():
    """A video with its poster picture, and SmartArt as PowerPoint saves it:
    the diagram in an mc:Choice, a picture of it in the mc:Fallback."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    s.shapes.title.text = "A short film"
    s.shapes.add_movie(io.BytesIO(b"not really a film"), Inches(1), Inches(2), Inches(4), Inches(3),
                       poster_frame_image=io.BytesIO(png(8, 6, (20, 120, 20))), mime_type="video/mp4")

    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    s.shapes.title.text = "Process diagram"
    _, rid = s.part.get_or_add_image_part(io.BytesIO(png(6, 4, (240, 160, 0))))
    xml = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" Requires="dgm">'
        '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<p:nvGraphicFramePr><p:cNvPr id="40" name="Diagram 1"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="914400" y="1828800"/><a:ext cx="5486400" cy="3657600"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
        '<dgm:relIds xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'r:dm="rId90" r:lo="rId91" r:qs="rId92" r:cs="rId93"/></a:graphicData></a:graphic></p:graphicFrame>'
        '</mc:Choice><mc:Fallback>'
        '<p:pic xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:nvPicPr><p:cNvPr id="41" name="Diagram 1" descr="Plan, do, check, act"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        '<p:spPr><a:xfrm><a:off x="914400" y="1828800"/><a:ext cx="5486400" cy="3657600"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        '</mc:Fallback></mc:AlternateContent>'
    )
    from lxml import etree
    s.shapes._spTree.append(etree.fromstring(xml))
    prs.save(os.path.join(HERE, "media-smartart.pptx"))


basics()
tables_and_pictures()
no_titles_and_languages()
chart()
media_and_smartart()
