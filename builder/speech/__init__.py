"""Speech: Document -> speech script (what is said) -> engines (how it sounds) -> MP3.

The script is plain data that can be reviewed as text (`handout build -f script`);
engines are plug-ins of the `builder.speech_engines` entry-point group.
"""
