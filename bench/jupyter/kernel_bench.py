"""One measured run of a Jupyter kernel, driven by Jupyter's own client (jupyter_client).

Starts the kernel named on the command line, and prints one JSON line:
  start_to_first_result_s  from asking Jupyter to start the kernel to the result of the first cell
  first_rows_s             from sending the large-result cell to its display arriving (only the first rows shown)
  peak_rss_mib             the kernel process's peak resident memory (VmHWM) after both cells
The cells are given as arguments; each must succeed, and the large result's display must hold `expect`, else the run
fails loudly (exit 1).
"""
import json
import os
import sys
import time

import jupyter_client


def run_cell(client, code, timeout):
    msg_id = client.execute(code)
    shown = None
    deadline = time.monotonic() + timeout
    while True:
        msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind in ("execute_result", "display_data") and shown is None:
            shown = (time.monotonic(), msg["content"]["data"])
        elif kind == "error":
            raise SystemExit("cell failed: " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=timeout)
    if reply["content"]["status"] != "ok":
        raise SystemExit("cell failed: " + json.dumps(reply["content"])[:500])
    if shown is None:
        raise SystemExit("cell showed nothing: " + code)
    return shown


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    raise SystemExit("no VmHWM for the kernel process")


def main():
    kernel, first, large, expect = sys.argv[1:5]
    t0 = time.monotonic()
    km = jupyter_client.KernelManager(kernel_name=kernel)
    km.start_kernel()
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        first_at, _ = run_cell(client, first, 120)
        t1 = time.monotonic()
        shown_at, data = run_cell(client, large, 300)
        text = "\n".join(str(v) for v in data.values())
        if expect not in text:
            raise SystemExit(f"the large result's display does not say {expect!r}: {text[:300]}")
        pid = km.provisioner.process.pid
        print(json.dumps({"kernel": kernel, "start_to_first_result_s": round(first_at - t0, 3),
                          "first_rows_s": round(shown_at - t1, 3), "peak_rss_mib": peak_rss_mib(pid)}))
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
