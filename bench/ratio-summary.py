#!/usr/bin/python3
"""Summarises the JSON lines of bench/model-vs-torch.sh: per (preset, threads) the median over
rounds of ours and PyTorch (tokens/s, peak RSS), the median of the per-round ratios (each round's
two runs were back to back), the load averages seen, and — for training, where both report the
process's CPU utilisation (CPU time / (wall time × threads)) — the ratio of tokens per second of
CPU actually received, a rough load-independent cross-check (spin-waiting counts as CPU).  Usage: ratio-summary.py runs.jsonl"""
import json
import statistics
import sys
from collections import defaultdict

rows = defaultdict(lambda: defaultdict(list))
for raw in open(sys.argv[1]):
    raw = raw.strip()
    if not raw.startswith("{"):
        continue
    try:
        r = json.loads(raw)
    except json.JSONDecodeError:
        continue  # a line still being written
    line = r["line"]
    if line is None:
        continue
    if r["who"] == "ours":
        key = (line["name"], line["preset"], line["threads"])
        tps, rss, util = line["tokens_per_s"], line["peak_rss_mb"], line.get("cpu_util")
    else:
        key = ("train" if line["mode"] == "train" else "sample", line["cfg"], line["threads"])
        tps = line.get("tok_s_median", line.get("kv_tok_s_median"))
        rss, util = line["peak_rss_mb"], line.get("cpu_util")
    d = rows[key]
    d[r["who"] + "_tps"].append((r["round"], tps))
    d[r["who"] + "_rss"].append(rss)
    if util:
        d[r["who"] + "_cpu"].append((r["round"], tps / util))
    d["load"].append(r["load_before"].split()[0])

print("| measurement | preset | threads | ours tokens/s | PyTorch tokens/s | ratio (median of rounds) | per-round ratios | CPU-normalised ratio | ours peak RSS MB | PyTorch peak RSS MB | load (1-min) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for key in sorted(rows):
    d = rows[key]
    ours, torch = dict(d["ours_tps"]), dict(d["torch_tps"])
    ratios = [ours[k] / torch[k] for k in sorted(ours) if k in torch and torch[k]]
    med = lambda xs: statistics.median(xs) if xs else float("nan")
    oc, tc = dict(d["ours_cpu"]), dict(d["torch_cpu"])
    cpu_ratios = [oc[k] / tc[k] for k in sorted(oc) if k in tc and tc[k]]
    print(f"| {key[0]} | {key[1]} | {key[2]} | {med(list(ours.values())):,.0f} | {med(list(torch.values())):,.0f} | "
          f"**{med(ratios):.2f}** | {', '.join(f'{x:.2f}' for x in ratios)} | {med(cpu_ratios):.2f} | {med(d['ours_rss']):,.0f} | {med(d['torch_rss']):,.0f} | "
          f"{min(d['load'])}–{max(d['load'])} |")
