"""Runs exported scripts in one Python process, so torch is imported once for every case.

Usage: python3 driver.py JOBS.json
JOBS.json is a list of {"id", "script", "argv", "out"}: each script is imported as a module (once), its main(argv)
runs with stdout captured, and what it printed is written to "out" (a failure's traceback to "out" + ".error").
"""
import contextlib
import importlib.util
import io
import json
import sys
import time
import traceback

import torch

torch.set_num_threads(1)  # the same numbers and a fair time on a shared machine


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        jobs = json.load(file)
    modules = {}
    for job in jobs:
        started = time.perf_counter()
        try:
            if job["script"] not in modules:
                modules[job["script"]] = load(job["script"], f"exported_{len(modules)}")
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                modules[job["script"]].main(job["argv"])
            with open(job["out"], "w", encoding="utf-8") as file:
                file.write(output.getvalue())
            status = "ok"
        except BaseException:  # SystemExit from argparse included: the case fails, the other cases still run
            with open(job["out"] + ".error", "w", encoding="utf-8") as file:
                file.write(traceback.format_exc())
            status = "FAILED"
        print(f"[pytorch] {status} {time.perf_counter() - started:6.2f} s  {job['id']}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
