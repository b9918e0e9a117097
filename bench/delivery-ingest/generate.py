#!/usr/bin/env python3
"""Writes a git fast-import stream for a synthetic history: a main line with a feature branch
of 3 commits merged every 10 main commits (so about a fifth of the commits are on branches and
one in eleven is a merge), one commit per 5 minutes from 2021-01-01. Also writes a deployment log
(CSV in Fulcrum's import format): a production deployment of main's tip every 200 main commits.

usage: generate.py COMMITS STREAM_FILE DEPLOYMENTS_CSV SERVICE
"""
import sys

commits = int(sys.argv[1])
stream_path, deployments_path, service = sys.argv[2], sys.argv[3], sys.argv[4]
start = 1609459200  # 2021-01-01T00:00:00Z
mark = 0
time = start
main_tip = None
deploy_marks = []  # (mark, finish time)

def commit(out, ref, parents, message):
    global mark, time
    mark += 1
    time += 300
    out.write(f"commit {ref}\nmark :{mark}\ncommitter Bench <bench@example.com> {time} +0000\n")
    out.write(f"data {len(message)}\n{message}\n")
    if parents:
        out.write(f"from :{parents[0]}\n")
        for extra in parents[1:]:
            out.write(f"merge :{extra}\n")
    out.write("\n")
    return mark

with open(stream_path, "w") as out:
    main_count = 0
    while mark < commits:
        main_tip = commit(out, "refs/heads/main", [main_tip] if main_tip else [], f"main {mark}")
        main_count += 1
        if main_count % 10 == 0 and mark + 4 <= commits:
            branch_tip = main_tip
            for i in range(3):
                branch_tip = commit(out, "refs/heads/feature", [branch_tip], f"feature {mark}")
            main_tip = commit(out, "refs/heads/main", [main_tip, branch_tip], f"merge {mark}")
        if main_count % 200 == 0:
            deploy_marks.append((main_tip, time + 1800))
    out.write("done\n")

with open(deployments_path, "w") as out:
    out.write("id,service,environment,sha,started_at,finished_at,result\n")
    for i, (m, finished) in enumerate(deploy_marks):
        out.write(f"d{i},{service},production,MARK{m},,{finished},success\n")
print(mark, len(deploy_marks))
