"""`python -m morgue` is the same as the `morgue` command."""

from morgue.cli import main

main()
