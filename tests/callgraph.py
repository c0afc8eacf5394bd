#!/usr/bin/env python3
"""tests/callgraph.py - the calls between the object files of a build, from
`nm`: which files call each other in a circle (strongly connected
components of the file graph).  Prints one TAP line per directory given and
one diagnostic line per circle; a circle of calls inside DIR fails it.

Usage: callgraph.py BUILD_DIR DIR...   (e.g. callgraph.py build cli/run cli/obs)
"""
import os
import subprocess
import sys


def symbols(path):
    """The global symbols path defines and the ones it uses."""
    out = subprocess.run(["nm", "-g", path], capture_output=True,
                         text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDBRCV":
            defined.add(f[2])
        elif len(f) == 2 and f[0] == "U":
            used.add(f[1])
    return defined, used


def components(nodes, edges):
    """Strongly connected components, by Kosaraju's two passes (iterative)."""
    order, seen = [], set()
    for n in nodes:
        if n in seen:
            continue
        seen.add(n)
        stack = [(n, iter(edges[n]))]
        while stack:
            v, it = stack[-1]
            for w in it:
                if w not in seen:
                    seen.add(w)
                    stack.append((w, iter(edges[w])))
                    break
            else:
                stack.pop()
                order.append(v)
    back = {n: set() for n in nodes}
    for v in nodes:
        for w in edges[v]:
            back[w].add(v)
    comps, done = [], set()
    for n in reversed(order):
        if n in done:
            continue
        comp, todo = [], [n]
        done.add(n)
        while todo:
            v = todo.pop()
            comp.append(v)
            for w in back[v]:
                if w not in done:
                    done.add(w)
                    todo.append(w)
        comps.append(sorted(comp))
    return comps


def main():
    build, dirs = sys.argv[1], sys.argv[2:]
    objs = []
    for d in ("cli", "core", "capture", "craft", "lab"):
        for root, _, files in os.walk(os.path.join(build, d)):
            objs += [os.path.join(root, f) for f in files
                     if f.endswith(".o")]
    owner, uses = {}, {}
    for o in objs:
        rel = os.path.relpath(o, build)
        defined, used = symbols(o)
        for s in defined:
            owner.setdefault(s, rel)
        uses[rel] = used
    nodes = sorted(uses)
    edges = {n: {owner[s] for s in uses[n] if s in owner and owner[s] != n}
             for n in nodes}
    circles = [c for c in components(nodes, edges) if len(c) > 1]
    print("1..%d" % len(dirs))
    for i, d in enumerate(dirs, 1):
        d = d.rstrip("/") + "/"
        bad = [c for c in circles if any(f.startswith(d) for f in c)]
        for c in bad:
            print("# circle of %d: %s" % (len(c), " ".join(c)))
        print("%sok %d - no circle of calls among the files of %s" %
              ("not " if bad else "", i, d))


if __name__ == "__main__":
    main()
