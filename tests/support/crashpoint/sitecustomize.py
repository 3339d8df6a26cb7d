"""A crash point for processes the tests cannot start themselves (the flow runs a Prefect
worker spawns): put this folder on PYTHONPATH and set

    CW_TEST_KILL=module:Attr.path:before|after:N   (as tests/reliability/_support.py reads it)
    CW_TEST_KILL_ONCE=/path/to/marker              (only the first process to get there dies)

and the process that makes the N-th call of that function SIGKILLs itself before or after it,
if it is the first to create the marker file. The crash point lives here, on the test side; the
product has no hook for it. Python imports `sitecustomize` at start-up from sys.path."""

import importlib
import os
import signal

_SPEC = os.environ.get("CW_TEST_KILL")
_ONCE = os.environ.get("CW_TEST_KILL_ONCE")


def _install(spec: str, once: str | None) -> None:
    module, path, when, nth = spec.split(":")
    try:
        owner = importlib.import_module(module)
    except ImportError:  # a process without claimwatch installed (none here, but harmless)
        return
    *parents, attr = path.split(".")
    for name in parents:
        owner = getattr(owner, name)
    original = getattr(owner, attr)
    calls = [0]

    def die() -> None:
        if once is not None:
            try:
                os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return  # another process already died here
            with open(once, "w", encoding="utf-8") as marker:
                marker.write(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)

    def killer(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if when == "before" and calls[0] == int(nth):
            die()
        result = original(*args, **kwargs)
        if when == "after" and calls[0] == int(nth):
            die()
        return result

    setattr(owner, attr, killer)


if _SPEC:
    _install(_SPEC, _ONCE)
