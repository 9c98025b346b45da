"""`advisor replay PATH... [--json] [--coverage]`: run transcripts, report every failure.

Exit codes: 0 all passed, 1 some failed, 2 a file is malformed or missing.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from typing import Callable

from ..engine import Advisor
from ..testing.replay import ConversationResult, coverage, run_conversation
from ..testing.transcript import ChatConversation, TranscriptError, find, load


def _collect(args: Namespace) -> list[ChatConversation]:
    conversations = []
    for path in args.paths:
        if not path.exists():
            raise TranscriptError(str(path), 0, "no such file or folder")
    files = find(list(args.paths))
    if not files:
        raise TranscriptError(", ".join(map(str, args.paths)), 0, "no .chat files found")
    for file in files:
        conversations.extend(load(file))
    return conversations


def _as_json(results: list[ConversationResult], counts) -> dict:
    return {
        "passed": sum(r.passed for r in results),
        "failed": sum(not r.passed for r in results),
        "conversations": [
            {
                "file": r.conversation.file,
                "line": r.conversation.line,
                "title": r.conversation.title,
                "passed": r.passed,
                "failures": [
                    {
                        "line": f.line,
                        "expectation": f.expectation.source(),
                        "said": f.turn.text,
                        "got": f.reply.text,
                        "intent": f.reply.intent,
                    }
                    for f in r.failures
                ],
            }
            for r in results
        ],
        **({"coverage": dict(counts)} if counts is not None else {}),
    }


def _print_coverage(counts) -> None:
    width = max(len(name) for name in counts)
    print(f"\n{'intent':<{width}}  turns")
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{name:<{width}}  {n:>5}")
    unreached = sorted(name for name, n in counts.items() if n == 0)
    print("unreached: " + (", ".join(unreached) if unreached else "none"))


def replay(load_advisor: Callable[[Namespace], Advisor], args: Namespace) -> int:
    try:
        conversations = _collect(args)
    except TranscriptError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    bot = load_advisor(args)
    results = [run_conversation(bot, c) for c in conversations]
    counts = coverage(bot, results) if args.coverage else None
    failed = [r for r in results if not r.passed]
    if args.json:
        print(json.dumps(_as_json(results, counts), ensure_ascii=False, indent=2))
    else:
        for result in failed:
            c = result.conversation
            print(f"FAIL {c.file}:{c.line} {c.title}")
            for failure in result.failures:
                print("  " + failure.describe().replace("\n", "\n  "))
        if counts is not None:
            _print_coverage(counts)
        print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0
