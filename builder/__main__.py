"""`python -m builder` is the `handout` command."""

from builder.cli import main

main(prog_name="handout")
