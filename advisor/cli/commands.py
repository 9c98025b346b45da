"""The `advisor` command: chat, ask, explain, check, replay, serve, review, forget, backup.

    advisor [--intents DIR] [--knowledge DIR] chat [--record FILE.chat]
    advisor ask "how much do they earn?" [--json]
    advisor explain "how much do they earn?" [--json]
    advisor check [--json] [--strict]
    advisor replay PATH... [--json] [--coverage]
    advisor serve [--host H] [--port P] [--store URL] [--workers N] [--allow-origin ORIGIN ...]
    advisor review [--store URL] [--since DATE] [--json] | --export ID FILE.chat
    advisor forget ID [--store URL]
    advisor backup FILE [--store URL]

`ask`, `explain` and `check` never import prompt-toolkit, so they start quickly.
`main(argv)` returns the exit code and never raises SystemExit:
    0    success (also --help and --version)
    1    replay: an expectation was not met
    2    a usage error (an unknown command or option, a missing argument), a pack that
         cannot be loaded (or `check` found errors), a transcript that is malformed or missing
    130  interrupted (Ctrl-C)
    141  the output was closed early (piped into `head`, say)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from ..errors import PackError, PackLoadError, Problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="A career-advisor chatbot that answers from a YAML knowledge pack.",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--intents", type=Path, metavar="DIR", help="intents folder (default: the packaged pack)")
    parser.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge folder (default: the packaged pack)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat = sub.add_parser("chat", help="talk with the advisor (the default command)")
    chat.add_argument("--record", type=Path, metavar="FILE.chat", help="also write the chat as a transcript test")
    chat.add_argument(
        "--store",
        nargs="?",
        const="",
        metavar="URL",
        help="keep the chat's turns in a conversation store, as `advisor serve` does, for `advisor review` "
        "(no URL: SQLite in your data folder)",
    )
    chat.add_argument(
        "--reload", action="store_true", help="load the pack again when its files change (for pack authors)"
    )
    replay = sub.add_parser("replay", help="replay transcript files (.chat) and check their expectations")
    replay.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".chat files or folders of them")
    replay.add_argument("--json", action="store_true", help="print results as JSON")
    replay.add_argument("--coverage", action="store_true", help="list the turns that reached each intent")
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print the reply as JSON")
    explain = sub.add_parser("explain", help="show how a question is routed")
    explain.add_argument("question", nargs="+")
    explain.add_argument("--json", action="store_true", help="print the explanation as JSON")
    check = sub.add_parser("check", help="load and validate the pack, and lint its patterns")
    check.add_argument("--json", action="store_true", help="print problems and lint findings as JSON")
    check.add_argument("--strict", action="store_true", help="treat warnings (lint findings too) as errors")
    check.add_argument(
        "--coverage",
        nargs="?",
        const="",
        type=str,
        metavar="SOURCE",
        help="list the sentences of SOURCE (default: the pack's source document) that no fact quotes",
    )
    from .review import add_parsers
    from .serve import add_parser

    add_parser(sub)
    add_parsers(sub)
    return parser


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _load(args: argparse.Namespace):
    from ..engine import Advisor

    return Advisor.load(args.intents, args.knowledge, pause_gc=True)  # the process is ours


def _cmd_ask(args: argparse.Namespace) -> int:
    reply = _load(args).ask(" ".join(args.question))
    if args.json:
        print(json.dumps(reply.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(reply.text)
        for note in reply.notes:
            print(f"({note})")
        if reply.outcome == "fallback" and reply.suggestions:  # what to ask instead, as the chat says it
            print(reply.suggestion_line())
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    question = " ".join(args.question)
    bot = _load(args)
    reply = bot.ask(question)
    why = reply.explanation
    if args.json:
        print(
            json.dumps(
                {"question": question, "intent": reply.intent, "confidence": reply.confidence, **why.to_dict()},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"question:      {question}")
    print(f"normalised:    {why.normalised}")
    print(f"routed as:     {why.routing_text}")
    subs = ", ".join(f"{a!r} -> {b!r}" for a, b in why.substitutions) or "none"
    print(f"substitutions: {subs}")
    ents = ", ".join(f"{k}={v}" for k, v in why.entities.items()) or "none"
    print(f"entities:      {ents}")
    print(f"intent:        {reply.intent or 'none (fallback)'}  confidence {reply.confidence:.2f}")
    print(f"decision:      {why.decision}")
    print("candidates:")
    for n, m in enumerate(why.candidates, 1):
        print(f"  {n}. {m.intent:<20} {m.score:.3f}  {m.pattern!r}")
    if not why.candidates:
        print("  (none)")
    return 0


def _cmd_coverage(args: argparse.Namespace, knowledge) -> int:
    """`check --coverage`: the source's sentences no fact quotes, and the share quoted."""
    from ..pack.build import pack_dirs
    from ..pack.provenance import coverage, quotes_of

    if args.coverage:
        path = Path(args.coverage)
    elif knowledge.source is not None:
        path = pack_dirs(args.intents, args.knowledge)[1] / knowledge.source.file
    else:
        print("advisor: the pack names no source document; give one: advisor check --coverage SOURCE", file=sys.stderr)
        return USAGE_ERROR
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"advisor: cannot read {path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return USAGE_ERROR
    found = coverage(text, quotes_of(knowledge))
    if args.json:
        listed = [{"line": s.line, "text": s.text} for s in found.missing]
        headings = [{"line": s.line, "text": s.text} for s in found.headings]
        print(json.dumps({"source": str(path), "sentences": found.total, "quoted": found.quoted,
                          "share": round(found.share, 4), "not_quoted": listed, "headings": headings},
                         indent=2))  # fmt: skip
        return 0
    print(f"{path}: {found.quoted} of {found.total} sentences quoted ({found.share:.1%}); headings are not counted")
    for title, rows in (("sentences no fact quotes", found.missing), ("headings", found.headings)):
        if rows:
            print(f"{title} (line: text):")
            for s in rows:
                print(f"  {s.line:>4}: {s.text}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from ..career import career_handlers
    from ..engine import Advisor
    from ..pack.build import read_pack
    from ..pack.lint import lint, table

    read = read_pack(args.intents, args.knowledge, career_handlers())
    intents, knowledge, problems, errors = read.intents, read.knowledge, read.problems, read.errors
    if args.coverage is not None:
        if errors:
            _report(errors)
            return 2
        return _cmd_coverage(args, knowledge)
    bot = Advisor(read.pack()) if not errors else None
    findings = lint(bot.pack, bot.matcher) if bot is not None else []
    warnings = len(problems) - len(errors) + len(findings)
    if args.json:
        print(
            json.dumps(
                {"problems": [p.__dict__ for p in problems], "findings": [f.to_dict() for f in findings]}, indent=2
            )
        )
    else:
        _report(problems)
        if findings:
            print(table(findings), file=sys.stderr)
        if not errors:
            patterns = sum(len(i.patterns) for i in intents.intents)
            print(
                f"ok: {len(intents.intents)} intents, {patterns} patterns, {len(knowledge.schools)} schools, "
                f"{len(knowledge.topics)} topics, {warnings} warnings"
            )
    return 2 if errors or (args.strict and warnings) else 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from .repl import run_chat

    record = getattr(args, "record", None)
    reloader = _reloader(args) if getattr(args, "reload", False) else None  # first: it sees edits during the load
    bot = _load(args)
    stored = None
    if getattr(args, "store", None) is not None:
        from ..errors import StoreError
        from ..storage.session import StoredConversation
        from ..storage.stores import open_store

        try:
            stored = StoredConversation(bot, open_store(args.store or None))
        except StoreError as exc:
            print(f"advisor: {exc}", file=sys.stderr)
            return 2
    try:
        return run_chat(bot, record=record, conversation=stored, reloader=reloader)
    except BrokenPipeError:
        raise  # the reader went away: main() says nothing and exits 141
    except OSError as exc:  # the record file cannot be written
        print(f"advisor: cannot write {record}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        if stored is not None:
            stored.close()


def _reloader(args: argparse.Namespace):
    """What watches the pack the command loaded, and loads it again when it changes."""
    from ..pack.build import pack_dirs
    from ..pack.watch import Reloader

    return Reloader(pack_dirs(args.intents, args.knowledge), lambda: _load(args), say_success=False)


def _cmd_replay(args: argparse.Namespace) -> int:
    from .replay import replay

    return replay(_load, args)


def _cmd_review(args: argparse.Namespace) -> int:
    from .review import review_command

    return review_command(args, _load)


def _cmd_forget(args: argparse.Namespace) -> int:
    from .review import forget_command

    return forget_command(args)


def _cmd_backup(args: argparse.Namespace) -> int:
    from .review import backup_command

    return backup_command(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args, _load)


_COMMANDS = {
    "ask": _cmd_ask,
    "explain": _cmd_explain,
    "check": _cmd_check,
    "chat": _cmd_chat,
    "replay": _cmd_replay,
    "serve": _cmd_serve,
    "review": _cmd_review,
    "forget": _cmd_forget,
    "backup": _cmd_backup,
}


USAGE_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error, or --help / --version
        return USAGE_ERROR if exc.code not in (0, None) else 0
    command = _COMMANDS[args.command or "chat"]
    try:
        return command(args)
    except PackLoadError as exc:
        _report(exc.problems)
        print(
            f"advisor: the pack has {len(exc.problems)} problem(s); run 'advisor check' for the list", file=sys.stderr
        )
        return 2
    except PackError as exc:
        print(f"advisor: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`advisor check --coverage | head`): say nothing more, and keep
        # Python from complaining when it flushes stdout on the way out.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
