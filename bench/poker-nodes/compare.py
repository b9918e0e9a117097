"""Prints two poker-load results (one node, two nodes) side by side: bench/poker-nodes/run.sh."""
import json
import sys

runs = [json.load(open(path)) for path in sys.argv[1:]]


def nodes(run, pick):
    return " / ".join(pick(n) for n in run["nodes"])


rows = [
    ("nodes", lambda r: f'{r["Nodes"]}'),
    ("voter v of room r on node", lambda r: "0" if r["Nodes"] == 1 else ("(r + v) %% %d" % r["Nodes"] if "(r + v)" in r["spread"] else "v %% %d" % r["Nodes"])),
    ("rooms owned per node", lambda r: nodes(r, lambda n: f'{n["roomsOwned"]}')),
    ("clients per node", lambda r: nodes(r, lambda n: f'{n["clients"]}')),
    ("rounds measured / timed out", lambda r: f'{r["roundsMeasured"]:,} / {r["roundsTimedOut"]}'),
    ("load seconds", lambda r: f'{r["loadSeconds"]:.0f} s'),
    ("load average before -> after", lambda r: f'{r["machine"]["loadAverageBefore"].split()[0]} -> {r["machine"]["loadAverageAfter"].split()[0]}'),
    ("last vote -> all revealed p50", lambda r: f'{r["latencyMs"]["p50"]:.1f} ms'),
    ("p90", lambda r: f'{r["latencyMs"]["p90"]:.1f} ms'),
    ("p99", lambda r: f'{r["latencyMs"]["p99"]:.1f} ms'),
    ("max", lambda r: f'{r["latencyMs"]["max"]:.1f} ms'),
    ("to first client p99", lambda r: f'{r["firstClientLatencyMs"]["p99"]:.1f} ms'),
    ("RSS idle per node", lambda r: nodes(r, lambda n: f'{n["idleRssMb"]:.0f}') + " MB"),
    ("RSS all joined per node", lambda r: nodes(r, lambda n: f'{n["joinedRssMb"]:.0f}') + " MB"),
    ("peak RSS per node (load)", lambda r: nodes(r, lambda n: f'{n["peakRssMb"]:.0f}') + " MB"),
    ("peak RSS per node (leaving)", lambda r: nodes(r, lambda n: f'{n["peakRssWithEveryoneLeavingMb"]:.0f}') + " MB"),
    ("server CPU per node", lambda r: nodes(r, lambda n: f'{n["cpuSecondsDuringLoad"]:.1f}') + " s"),
    ("server CPU, all nodes", lambda r: f'{r["server"]["cpuSecondsDuringLoad"]:.1f} s'),
    ("PostgreSQL CPU", lambda r: f'{r["postgres"]["postgresCpuSecondsDuringLoad"]:.1f} s'),
    ("generator CPU", lambda r: f'{r["generatorCpuSecondsDuringLoad"]:.1f} s'),
    ("notifications (per s)", lambda r: f'{r["postgres"]["notificationsDuringLoad"]:,} ({r["postgres"]["notificationsPerSecond"]:.1f}/s)'),
    ("notifications per receiving node", lambda r: nodes(r, lambda n: f'{n["notificationsReceivedDuringLoad"]:,}')),
    ("mail rows (per s)", lambda r: f'{r["postgres"]["mailRowsDuringLoad"]:,} ({r["postgres"]["mailRowsPerSecond"]:.1f}/s)'),
    ("frames received (per s)", lambda r: f'{r["framesReceived"]:,} ({r["framesReceived"] / r["loadSeconds"]:.0f}/s)'),
    ("views checked / wrong", lambda r: f'{r["viewsChecked"]:,} / {r["viewsWrong"]}'),
    ("checks timed out", lambda r: f'{r["checksTimedOut"]}'),
    ("error frames", lambda r: ", ".join(f"{k} x{v}" for k, v in r["errorFrames"].items()) or "none"),
    ("connections dropped", lambda r: f'{r["connectionsDroppedByServer"]}'),
    ("nodes that rejoined", lambda r: f'{r["postgres"]["nodesThatRejoined"]}'),
    ("server log warnings/errors", lambda r: nodes(r, lambda n: f'{n["logProblems"]}')),
]
width = max(len(name) for name, _ in rows)
columns = [[pick(run) for run in runs] for _, pick in rows]
column_width = max(len(value) for values in columns for value in values[:-1]) if len(runs) > 1 else 0
headers = ["%d node%s" % (run["Nodes"], "" if run["Nodes"] == 1 else "s") for run in runs]
print(f'{"":{width}}  ' + "  ".join(f"{header:{column_width}}" for header in headers))
for (name, _), values in zip(rows, columns):
    print(f"{name:{width}}  " + "  ".join(f"{value:{column_width}}" for value in values))
