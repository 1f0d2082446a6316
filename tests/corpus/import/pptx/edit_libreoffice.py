"""Edits a PowerPoint file in LibreOffice Impress, driven by script over
UNO: the file is opened by LibreOffice, one slide title, one bullet and one
speaker note are changed there, and LibreOffice saves it as PowerPoint.
Used by tests/import_pptx.rs for the round trip of `lectern build --format
pptx` (the same three edits as edit_roundtrip.py makes with python-pptx).

usage: python3 edit_libreoffice.py SOFFICE IN.pptx OUT.pptx SLIDE PROFILE
(needs the python3-uno bridge; SLIDE is 1-based; PROFILE an empty folder)
"""
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(soffice, profile):
    pipe = "lectern" + uuid.uuid4().hex
    office = subprocess.Popen(
        [
            soffice,
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            )
            break
        except Exception:
            if time.time() > deadline or office.poll() is not None:
                office.kill()
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.25)
    desktop = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", ctx
    )
    return office, desktop


def append(shape, old, new):
    """Replaces the end `old` of the shape's first paragraph with `new`,
    through a text cursor, so the shape's model takes the change."""
    p = first_paragraph(shape)
    text = shape.getText()
    cursor = text.createTextCursorByRange(p.getEnd())
    cursor.goLeft(len(old), True)
    text.insertString(cursor, new, True)


def first_paragraph(shape):
    """The first paragraph of a text shape that has words in it."""
    paragraphs = shape.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        p = paragraphs.nextElement()
        if p.getString().strip():
            return p
    return None


def shapes(page):
    return [page.getByIndex(i) for i in range(page.getCount())]


def main():
    soffice, src, out, number, profile = sys.argv[1:6]
    office, desktop = connect(soffice, os.path.abspath(profile))
    try:
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(src)),
            "_blank",
            0,
            (prop("Hidden", True),),
        )
        page = doc.getDrawPages().getByIndex(int(number) - 1)
        title = next(
            s for s in shapes(page)
            if s.getShapeType() == "com.sun.star.presentation.TitleTextShape"
        )
        append(title, "", " (herzien)")
        body = next(
            s for s in shapes(page)
            if s is not title and s.getShapeType().startswith("com.sun.star.presentation.")
            and s.getShapeType() != "com.sun.star.presentation.TitleTextShape"
            and hasattr(s, "getText") and first_paragraph(s) is not None
        )
        full_stop = "." if first_paragraph(body).getString().endswith(".") else ""
        append(body, full_stop, ", ook bij volwassenen.")
        notes = next(
            s for s in shapes(page.getNotesPage())
            if s.getShapeType() == "com.sun.star.presentation.NotesShape"
        )
        text = notes.getText()
        text.insertString(
            text.createTextCursorByRange(first_paragraph(notes).getStart()), "Nieuw: ", False
        )
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(out)),
            (prop("FilterName", "Impress MS PowerPoint 2007 XML"),),
        )
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


main()
