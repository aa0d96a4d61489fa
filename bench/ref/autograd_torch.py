#!/usr/bin/python3
"""PyTorch reference for AutogradBench: the same two workloads, forward + backward, fp32 CPU.

  linear          x [2048, 256] (requires grad) -> nn.Linear(256, 1024); backward(upstream)
  attentionBlock  x [16, 128, 256] (requires grad) -> x + proj(attn(ln1(x))), causal, 8 heads;
                  the attention half of a pre-LN GPT block exactly as in
                  ../../shared/bench-ref/tinygpt_torch.py (plain matmul/mask/softmax/matmul)
  trainStep       that block + Linear(256, 512) head + cross-entropy + backward + AdamW step

Prints the median milliseconds per call over --iters calls after --warmup calls.
Run with the thread environment of bench-ref/run_all.sh, e.g.
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 autograd_torch.py --threads 1
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 \
      /usr/bin/python3 autograd_torch.py --threads 2
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

B, T, C, H = 16, 128, 256, 8


class AttentionBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(C)
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)
        self.register_buffer("mask", torch.tril(torch.ones(T, T, dtype=torch.bool)), persistent=False)

    def forward(self, x):
        hd = C // H
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q = q.view(B, T, H, hd).transpose(1, 2)
        k = k.view(B, T, H, hd).transpose(1, 2)
        v = v.view(B, T, H, hd).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        att = att.masked_fill(~self.mask, float("-inf"))
        y = (F.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(B, T, C)
        return x + self.proj(y)


def timed(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times), max(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--iters", type=int, default=20)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)

    lin = nn.Linear(256, 1024)
    x1 = torch.randn(2048, 256, requires_grad=True)
    up1 = torch.randn(2048, 1024)

    def linear():
        lin.zero_grad(set_to_none=True)
        x1.grad = None
        lin(x1).backward(up1)

    blk = AttentionBlock()
    x2 = torch.randn(B, T, C, requires_grad=True)
    up2 = torch.randn(B, T, C)

    def block():
        blk.zero_grad(set_to_none=True)
        x2.grad = None
        blk(x2).backward(up2)

    head = nn.Linear(C, 512)
    targets = torch.randint(0, 512, (B, T))
    opt = torch.optim.AdamW(list(blk.parameters()) + list(head.parameters()), lr=3e-4, weight_decay=0.1)

    def train_step():
        opt.zero_grad(set_to_none=True)
        x2.grad = None
        loss = F.cross_entropy(head(blk(x2)).view(B * T, 512), targets.view(B * T))
        loss.backward()
        opt.step()

    for name, fn in (("linear", linear), ("attentionBlock", block), ("trainStep", train_step)):
        med, lo, hi = timed(fn, a.warmup, a.iters)
        print(f"torch {torch.__version__} threads={a.threads} {name}: median {med:.2f} ms [min {lo:.2f}, max {hi:.2f}]")


if __name__ == "__main__":
    main()
