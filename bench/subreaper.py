#!/usr/bin/env python3
"""Runs a command and reports its wall time, the CPU time of it and of every process it started
(also those reparented when their parent exited: Chromium's renderers outlive the browser
process by a moment), and the peak RSS of the command's own process. Linux: the process becomes
a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so orphaned descendants are reparented to it
and reaped here, and their CPU time is counted in RUSAGE_CHILDREN.

    python3 bench/subreaper.py CMD [ARGS...]   ->  one JSON line on stdout; the command's
                                                  stdout and stderr go to /dev/null
"""
import ctypes, json, os, resource, sys, time

PR_SET_CHILD_SUBREAPER = 36
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("subreaper: prctl(PR_SET_CHILD_SUBREAPER) failed")

before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, own = os.wait4(pid, 0)
wall = time.perf_counter() - t0
# Reap every descendant that is still running or was reparented to us.
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(json.dumps({
    "status": os.waitstatus_to_exitcode(status),
    "wall": wall,
    "cpu": cpu,
    "ownCpu": own.ru_utime + own.ru_stime,
    "peakRssKb": own.ru_maxrss,
}))
