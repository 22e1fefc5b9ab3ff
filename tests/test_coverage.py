"""The font chain: Atkinson Hyperlegible first, the Noto fonts an article's scripts need, and what none has."""

from __future__ import annotations

from builder.coverage import CJK_PACKAGE, CORE_PACKAGE, EMOJI_PACKAGE, cover, package_for
from builder.fonts import FAMILY


def test_latin_text_needs_no_fallback():
    coverage = cover("What is ALS? Take 2 tablets.", lang="en-US")
    assert coverage.families == (FAMILY,)
    assert coverage.missing == ()


def test_each_script_gets_the_noto_font_named_after_it():
    coverage = cover("Ask العربية and עברית and हिन्दी and 中文 😀", lang="en-US")
    assert coverage.families[0] == FAMILY
    for family in ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Color Emoji"):
        assert family in coverage.families
    assert any("CJK" in family for family in coverage.families)
    assert coverage.missing == ()


def test_chinese_glyph_shapes_follow_the_article_language():
    assert "Noto Sans CJK TC" in cover("中文", lang="zh-Hant").families
    assert "Noto Sans CJK SC" in cover("中文", lang="zh-Hans").families


def test_vietnamese_is_set_wholly_in_noto_sans_so_no_word_mixes_typefaces():
    assert cover("Tiêm chủng cho trẻ em", lang="vi").families[0] == "Noto Sans"


def test_a_character_no_font_has_is_reported_with_what_to_do():
    coverage = cover("ab\ue000", lang="en-US")
    assert [m.char for m in coverage.missing] == ["\ue000"]
    assert coverage.missing[0].package == ""
    assert "U+E000" in coverage.missing[0].described


def test_the_package_named_for_a_character_is_the_one_that_covers_it():
    assert package_for("中") == CJK_PACKAGE
    assert package_for("한") == CJK_PACKAGE
    assert package_for("😀") == EMOJI_PACKAGE
    assert package_for("ع") == CORE_PACKAGE


def test_a_character_no_font_prints_fails_the_formats_that_draw_glyphs_with_one_line(
    write_article, build_formats
):
    path = write_article("private.md", "---\ntitle: Private\n---\n\nFine.\n\nA mark \ue000 here.\n")
    report = build_formats([path], formats=("html", "txt"))
    by_format = {result.format: result for result in report.results if result.format}
    assert by_format["txt"].status == "built"
    assert by_format["html"].status == "failed"
    error = by_format["html"].error
    assert "\n" not in error
    assert "source/private.md:7:" in error and "U+E000" in error and "replace it" in error


def test_the_emoji_font_is_checked_but_not_named_so_digits_stay_in_atkinson():
    coverage = cover("Call 555-0100 😀", lang="en-US")
    assert "Noto Color Emoji" in coverage.families
    assert "Emoji" not in coverage.css_stack
    assert coverage.css_stack.startswith('"Atkinson Hyperlegible"')


def test_word_names_a_complex_script_font_with_digits_so_numbers_in_hebrew_print():
    from builder.coverage import _cmap, _face_of

    hebrew = cover("קחו 2 שאיפות", lang="he")
    assert "Noto Sans Hebrew" in hebrew.families  # the PDF prints Hebrew in Noto
    chosen = _face_of(hebrew.word_font(east_asian=False))
    assert chosen is not None
    assert {ord(c) for c in "0123456789קחו"} <= _cmap(chosen.path, chosen.index)
    assert cover("خذ 2 حبة", lang="ar").word_font(east_asian=False) == "Noto Sans Arabic"
