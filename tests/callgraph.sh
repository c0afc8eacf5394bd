#!/bin/sh
# tests/callgraph.sh - calls go one way (DESIGN.md §1): no circle of calls
# between the object files of cli/, within a folder or across folders
# (ui -> cmd -> obs -> run -> diagram, print -> core).  Reads the build's
# objects with nm (tests/callgraph.py); a new circle fails the suite.
. "$top_srcdir/tests/lib.sh"
command -v nm >/dev/null || skip_all "needs nm"
command -v python3 >/dev/null || skip_all "needs python3"
exec python3 "$top_srcdir/tests/callgraph.py" "$top_builddir" cli/ui cli/cmd \
    cli/obs cli/run cli/diagram cli/print
