#!/usr/bin/env python3
"""The same structural pass through NetworkX and igraph, for comparison with our TypeScript
implementation: reads an edge list ("u v" per line, first line "n m"), prints JSON with timings
and canonical digests of the bridges and articulation points."""
import hashlib, json, sys, time

def digest(bridges, aps):
    b = "\n".join(f"{u},{v}" for u, v in sorted((min(a, c), max(a, c)) for a, c in bridges))
    a = "\n".join(str(x) for x in sorted(aps))
    return hashlib.md5(b.encode()).hexdigest(), hashlib.md5(a.encode()).hexdigest(), len(bridges), len(aps)

path, which = sys.argv[1], sys.argv[2]
with open(path) as f:
    n, m = map(int, f.readline().split())
    edges = [tuple(map(int, line.split())) for line in f]
out = {}
if which == "networkx":
    import networkx as nx
    t0 = time.perf_counter(); g = nx.Graph(); g.add_nodes_from(range(n)); g.add_edges_from(edges); t1 = time.perf_counter()
    bridges = list(nx.bridges(g)); t2 = time.perf_counter()
    aps = list(nx.articulation_points(g)); t3 = time.perf_counter()
    comps = nx.number_connected_components(g); t4 = time.perf_counter()
    core = nx.core_number(g); t5 = time.perf_counter()
    out = {"build": t1 - t0, "bridges": t2 - t1, "aps": t3 - t2, "components": t4 - t3, "kcore": t5 - t4, "componentsCount": comps, "maxCore": max(core.values())}
else:
    import igraph as ig
    t0 = time.perf_counter(); g = ig.Graph(n=n, edges=edges); t1 = time.perf_counter()
    bridges = [g.es[i].tuple for i in g.bridges()]; t2 = time.perf_counter()
    aps = g.articulation_points(); t3 = time.perf_counter()
    comps = len(g.connected_components()); t4 = time.perf_counter()
    core = g.coreness(); t5 = time.perf_counter()
    out = {"build": t1 - t0, "bridges": t2 - t1, "aps": t3 - t2, "components": t4 - t3, "kcore": t5 - t4, "componentsCount": comps, "maxCore": max(core)}
bd, ad, bn, an = digest(bridges, aps)
out.update({"bridgeDigest": bd, "apDigest": ad, "bridgeCount": bn, "apCount": an})
print(json.dumps(out))
