#!/usr/bin/env python3
"""The README's examples are the tool's output.

Every fenced block of README.md whose first line is "$ uptimecalc ARGS"
(one line, no continuation) is run as ./uptimecalc ARGS on the shipped
table, and the rest of the block must be what it prints, stdout then
stderr.  Prints a PASS or FAIL line per block; with --write, rewrites the
blocks instead (make readme), so that numbers in the README are
regenerated from the tool, never typed.  report's example needs a node
and is left to tests/docs.sh.
"""
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blocks(lines):
    """(start, end) line indices of fenced blocks: lines[start] is the fence."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield i, j
            i = j + 1
        else:
            i += 1


def run(args):
    env = dict(os.environ, UPTIMECALC_DATA=os.path.join(ROOT, "data", "networks.csv"))
    p = subprocess.run([os.path.join(ROOT, "uptimecalc")] + args, cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=120)
    return (p.stdout + p.stderr).splitlines()


def main():
    write = "--write" in sys.argv[1:]
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        lines = f.read().split("\n")
    out, last, failed = [], 0, 0
    for start, end in blocks(lines):
        first = lines[start + 1] if start + 1 < end else ""
        if not first.startswith("$ uptimecalc ") or first.endswith("\\") or \
                "--beacon" in first:
            continue
        args = shlex.split(first[len("$ uptimecalc "):])
        got = run(args)
        want = lines[start + 2:end]
        name = "docs: README example is the tool's output: " + " ".join(args)
        if write:
            out += lines[last:start + 2] + got
            last = end
        elif got == want:
            print("PASS " + name)
        else:
            failed += 1
            print("FAIL " + name)
            for w, g in zip(want + [""] * len(got), got + [""] * len(want)):
                if w != g:
                    print("  want: " + w + "\n  got:  " + g, file=sys.stderr)
                    break
    if write:
        out += lines[last:]
        with open(path, "w") as f:
            f.write("\n".join(out))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
