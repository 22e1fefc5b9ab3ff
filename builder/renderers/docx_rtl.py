"""Right to left in a Word document: `w:bidi` on paragraphs, styles and the section, `w:rtl` on
right-to-left runs, `w:bidiVisual` on tables, each element in the place the schema orders it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from builder.renderers.docx_xml import _AFTER_COLOR, _AFTER_PBDR, FOOTNOTES_RELTYPE, _element

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


_AFTER_BIDI: Final = _AFTER_PBDR[_AFTER_PBDR.index("w:bidi") + 1 :]
_AFTER_RTL: Final = _AFTER_COLOR[_AFTER_COLOR.index("w:rtl") + 1 :]
_AFTER_SECT_BIDI: Final = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_AFTER_BIDI_VISUAL: Final = (
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)


def _child(parent: Any, tag: str, successors: tuple[str, ...], *, first: bool = False) -> Any:
    """The child `tag` of `parent`, added in its schema place if missing (before its successors)."""
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = _element(tag)
    later = {qn(name) for name in successors}
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(element)
            return element
    if first:
        parent.insert(0, element)
    else:
        parent.append(element)
    return element


def make_right_to_left(document: DocxDocument, *, has_rtl: Callable[[str], bool]) -> None:
    """Lay the whole document out right to left, as Word does for Arabic or Hebrew.

    Every paragraph (body, tables, header, footer, footnotes, styles) gets `w:bidi`,
    every run with right-to-left letters `w:rtl`, every table `w:bidiVisual` and the
    section `w:bidi`; an explicit left alignment is dropped, so paragraphs start at the right.
    """
    from docx.oxml.ns import qn

    roots = [document.element, document.styles.element]
    for section in document.sections:
        roots.extend([section.header._element, section.footer._element])
    footnotes = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES_RELTYPE), None
    )
    if footnotes is not None:
        roots.append(footnotes.element)
    style_successors = ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
    for section in document.sections:
        for furniture in (section.header._element, section.footer._element):
            _latin_furniture_left_to_right(furniture, has_rtl=has_rtl)
    for root in roots:
        paragraph_properties = [_child(p, "w:pPr", (), first=True) for p in root.iter(qn("w:p"))]
        paragraph_properties += [_child(d, "w:pPr", ()) for d in root.iter(qn("w:pPrDefault"))]
        paragraph_properties += [
            _child(style, "w:pPr", style_successors)
            for style in root.iter(qn("w:style"))
            if style.get(qn("w:type")) == "paragraph"
        ]
        for ppr in paragraph_properties:
            if ppr.find(qn("w:bidi")) is not None:
                continue  # set already (page furniture in Latin letters: left to right)
            _child(ppr, "w:bidi", _AFTER_BIDI)
            for jc in ppr.findall(qn("w:jc")):
                if jc.get(qn("w:val")) == "left":
                    ppr.remove(jc)
        for run in root.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if has_rtl(text):
                rpr = _child(run, "w:rPr", (), first=True)
                _child(rpr, "w:rtl", _AFTER_RTL)
        for tblpr in root.iter(qn("w:tblPr")):
            _child(tblpr, "w:bidiVisual", _AFTER_BIDI_VISUAL)
        for sectpr in root.iter(qn("w:sectPr")):
            _child(sectpr, "w:bidi", _AFTER_SECT_BIDI)


def _latin_furniture_left_to_right(root: Any, *, has_rtl: Callable[[str], bool]) -> None:
    """A header or footer paragraph with no right-to-left letters ("Page 1 of 2" of an article whose
    language Handout's words are not yet in) is laid out left to right, at the right margin.

    Laid out right to left, LibreOffice and Word order its words and page-number fields as separate
    pieces, and "Page 1 of 2" reads "2 of Page 1".
    """
    from docx.oxml.ns import qn

    for paragraph in root.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        if not text.strip() or has_rtl(text):
            continue
        ppr = _child(paragraph, "w:pPr", (), first=True)
        bidi = _child(ppr, "w:bidi", _AFTER_BIDI)
        bidi.set(qn("w:val"), "0")
        for jc in ppr.findall(qn("w:jc")):
            ppr.remove(jc)
        jc = _child(ppr, "w:jc", _AFTER_BIDI[_AFTER_BIDI.index("w:jc") + 1 :])
        jc.set(qn("w:val"), "right")
