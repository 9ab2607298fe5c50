"""Every mistake answered with one line on stderr and a non-zero exit code; a traceback only
with --debug. `--debug` and `--verbose` are accepted anywhere on the line."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from flows import clock, heap
from flows.checks import CommandError

GLOBAL_FLAGS = ("--debug", "--verbose")


class OneLineErrors(TyperGroup):
    """Answers every mistake with one line on stderr and a non-zero exit code; a traceback
    only with --debug. `--debug` and `--verbose` are accepted anywhere on the line."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        import typer._click as click

        given = list(sys.argv[1:] if args is None else args)
        flags = [arg for arg in given if arg in GLOBAL_FLAGS]
        given = flags + [arg for arg in given if arg not in GLOBAL_FLAGS]
        extra["standalone_mode"] = False
        clock.start()  # the bar, the summary and the `runs` row measure from here
        try:
            code = super().main(given, *rest, **extra)
        except click.exceptions.NoArgsIsHelpError as help_:
            print(help_.ctx.get_help() if help_.ctx else "", file=sys.stderr)
            code = 2
        except click.exceptions.ClickException as error:
            context = getattr(error, "ctx", None)
            command = context.command_path if context else "newslake"
            message = error.format_message().replace("Value error, ", "")
            code = _fail(f"{command}: {message} (see {command} --help)", error.exit_code)
        except CommandError as error:
            code = _fail(f"newslake: {error}", error.exit_code)
        except (KeyboardInterrupt, typer.Abort):
            code = _fail("newslake: interrupted", 130)
        except Exception as error:
            if "--debug" in flags:
                traceback.print_exc()
            hint = "" if "--debug" in flags else " (--debug shows the traceback)"
            code = _fail(f"newslake: failed: {type(error).__name__}: {error}{hint}", 1)
        finally:
            clock.clear()
        heap.before_exit()
        sys.exit(code or 0)


def _fail(message: str, code: int) -> int:
    print(" ".join(message.split()), file=sys.stderr)
    return code
