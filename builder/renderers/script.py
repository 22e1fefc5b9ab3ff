"""The speech script as text: what the audio will say, for clinic staff to proofread.

One line per utterance, exactly as the speech engine will receive it (ALS as
"A. L. S.", 87% as "87 percent"), with the source line it came from, chapter
markers where the audio's chapters start and the longer pauses shown. Staff
correct a wrong pronunciation in the article's `pronunciations` or in
`assets/lexicon.yaml`, never in the printed text.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from builder import document as d
from builder.renderers import RenderOptions, RenderResult
from builder.speech.lexicon import LEXICON_FILE
from builder.speech.script import SENTENCE_PAUSE, SpeechScript, make_script


def script_to_text(script: SpeechScript) -> str:
    """The reviewable text of a speech script, ending with a newline."""
    titles = {c.id: c.title for c in script.chapters}
    out = [
        f"Speech script: {script.title}",
        f"Language: {script.lang}",
        "Each line is said as written. 'line N' is where it comes from in the article",
        "('added': Handout or the settings add it); [pause N s] is a silence;",
        "a line starting with === starts an audio chapter.",
    ]
    chapter = None
    number = 0
    for utterance in script.utterances:
        if utterance.chapter != chapter:
            chapter = utterance.chapter
            number += 1
            out += ["", f"=== Chapter {number}: {titles.get(chapter, chapter)} ({chapter}) ==="]
        if utterance.pause_before > 0:
            out.append(f"[pause {utterance.pause_before:.1f} s]")
        where = f"line {utterance.line}" if utterance.line else "added"
        out.append(f"{where:<10} {utterance.kind:<10} {utterance.spoken}")
        if utterance.pause_after > SENTENCE_PAUSE:
            out.append(f"[pause {utterance.pause_after:.1f} s]")
    return "\n".join(out) + "\n"


class ScriptRenderer:
    """The speech script as text, to proofread what the audio says."""

    name: ClassVar[str] = "script"
    suffix: ClassVar[str] = ".script.txt"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "speech script: what the audio says, line by line, to proofread"
    uses: ClassVar[tuple[str, ...]] = (LEXICON_FILE,)
    shows_pictures: ClassVar[bool] = False

    @classmethod
    def fingerprint(cls, options: RenderOptions) -> str:
        """How the script is made, beyond the article's inputs."""
        from builder.speech import script

        return f"speech script {script.SCRIPT_VERSION}"

    @classmethod
    def check_available(cls) -> None:
        """Plain Python: always available."""

    def render(self, doc: d.Document, *, options: RenderOptions, out_dir: Path) -> RenderResult:
        script = make_script(options.handout, lexicon=options.inputs.lexicon)
        path = out_dir / f"{doc.slug}{self.suffix}"
        path.write_text(script_to_text(script), encoding="utf-8")
        return RenderResult((path,))
