"""The command line: `advisor chat|ask|explain|check|replay`, the REPL and chat recording.

main        argument parsing and the commands; `main(argv) -> int`
repl        the interactive prompt-toolkit chat
record      `advisor chat --record`: a chat written as a transcript
replay      `advisor replay`: run transcripts and report failures
"""

from .commands import main

__all__ = ["main"]
