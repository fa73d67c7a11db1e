#!/usr/bin/python3
"""tools/fakty-dask on a LocalCluster gives what one `fakty --jobs 1` gives.

Generates its own corpus (a folder of 40 short team-written Polish texts and
a JSON Lines file of 200 records with a few malformed lines), runs the Dask
runner with 2 workers and compares byte for byte with a single fakty run:
on a LocalCluster (the default) and, for the other cases, on a
`dask scheduler` + `dask worker --nworkers 2` started here (--scheduler).
Exit 0 pass, 1 fail, 77 skip (no python3-distributed under /usr/bin/python3).
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PY = "/usr/bin/python3"
if subprocess.run([PY, "-c", "import distributed"], capture_output=True).returncode != 0:
    print("SKIP: python3-distributed is not installed for /usr/bin/python3")
    sys.exit(77)

SRC = os.environ.get("FAKTY_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BIN = os.path.abspath(os.environ.get("FAKTY_BIN", os.path.join(SRC, "build", "fakty")))
RUNNER = os.path.join(SRC, "tools", "fakty-dask")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


# --- corpus: sentences written for this test ---------------------------------

PLACES = ["Gdańsku", "Łodzi", "Krakowie", "Poznaniu", "Wrocławiu", "Lublinie", "Szczecinie",
          "Rzeszowie", "Białymstoku", "Kielcach", "Ałmaty", "Kijowie", "Wilnie"]
PLACES_NOM = ["Gdańsk", "Łódź", "Kraków", "Poznań", "Wrocław", "Lublin", "Kazachstan", "Ukraina"]
SOURCES = ["PAP", "Polska Agencja Prasowa", "rzecznik policji", "Reuters", "lokalne media",
           "Ministerstwo Spraw Wewnętrznych", "ONZ"]
COUNTS = ["3", "12", "ponad 40", "około 150", "1300", "5 135", "kilkunastu", "dwóch", "siedmiu",
          "kilkadziesiąt", "2,5 tys.", "blisko 600"]
DATES = ["wczoraj", "w poniedziałek", "10 stycznia", "od 2 stycznia", "5.01.2022 r.",
         "w nocy z piątku na sobotę", "przed tygodniem"]
TEMPLATES = [
    "{date} w {place} policja zatrzymała {n} osób podejrzanych o udział w zamieszkach.",
    "Według {src} w wyniku pożaru w {place} zginęło {n} osób, a kolejne zostały ranne.",
    "{Date} do szpitali w {place} trafiło {n} poszkodowanych – podała {src}.",
    "W {place} ewakuowano {n} mieszkańców z zalanych domów.",
    "{nom} wysłał na granicę {n} żołnierzy, poinformowała {src}.",
    "Prokuratura postawiła zarzuty {n} uczestnikom bójki w {place}.",
    "Na ulicach {place} protestowało {date} {n} ludzi.",
    "Rzecznik urzędu w {place} nie potwierdził tych informacji.",
    "Ratownicy wciąż szukają {n} zaginionych turystów.",
    "Krótka wiadomość bez żadnych liczb.",
]


def sentence(r):
    t = r.choice(TEMPLATES)
    d = r.choice(DATES)
    return t.format(date=d, Date=d[:1].upper() + d[1:], place=r.choice(PLACES), n=r.choice(COUNTS),
                    src=r.choice(SOURCES), nom=r.choice(PLACES_NOM))


def article(r):
    paras = []
    for _ in range(r.randint(1, 3)):
        paras.append(" ".join(sentence(r) for _ in range(r.randint(1, 5))))
    return "\n\n".join(paras) + "\n"


def make_corpus(root):
    r = random.Random(20220110)
    folder = os.path.join(root, "artykuly")
    for i in range(40):
        sub = os.path.join(folder, ["kraj", "swiat", "."][i % 3])
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"art-{i:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(article(r))
    # files the walk must skip, like fakty does
    with open(os.path.join(folder, ".ukryty.txt"), "w") as f:
        f.write("nie czytać\n")
    with open(os.path.join(folder, "notatka.md"), "w") as f:
        f.write("nie czytać\n")
    # one empty article and one binary file (an error object, exit 1)
    open(os.path.join(folder, "kraj", "pusty.txt"), "w").close()
    with open(os.path.join(folder, "swiat", "zepsuty.txt"), "wb") as f:
        f.write(b"\x00\x01\x02binarne\x00\x00\x00" * 20)

    lines, bad_at = [], []
    for i in range(200):
        ln = i + 1
        if i in (17, 64, 65, 133, 199):
            bad_at.append(ln)
            lines.append(['{"id": "zepsuty-%d", "text": "urwany' % i,
                          "", "to nie jest JSON", '["lista"]', '{"id": 7}'][[17, 64, 65, 133, 199].index(i)])
            continue
        rec = {"id": f"rec-{i:04d}", "text": article(r)}
        if i % 3 == 0:
            rec["date"] = f"2022-01-{1 + i % 28:02d}"
        if i % 7 == 0:
            rec["zrodlo"] = r.choice(SOURCES)
        if i % 11 == 0:
            rec["id"] = i  # numeric id
        lines.append(json.dumps(rec, ensure_ascii=(i % 2 == 0)))
    jl = os.path.join(root, "archiwum.jsonl")
    with open(jl, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return folder, jl, bad_at


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def dask(args, cwd, scheduler=None):
    where = ["--scheduler", scheduler] if scheduler else ["--workers", "2"]
    return run([PY, RUNNER] + where + ["--fakty", BIN] + args, cwd)


def start_cluster(root):
    """`dask scheduler` + `dask worker --nworkers 2` (the many-machines setup, on
    localhost): one start-up for several runs, and a test of --scheduler."""
    sf = os.path.join(root, "scheduler.json")
    procs = [subprocess.Popen([PY, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", sf],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    for _ in range(600):
        if os.path.exists(sf) and os.path.getsize(sf) > 0:
            break
        time.sleep(0.1)
    with open(sf) as f:
        addr = json.load(f)["address"]
    procs.append(subprocess.Popen([PY, "-m", "distributed.cli.dask_worker", "--scheduler-file", sf,
                                   "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                   "--local-directory", os.path.join(root, "dask-worker-space")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    return addr, procs


def stop_cluster(procs):
    for p in reversed(procs):
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def main():
    root = tempfile.mkdtemp(prefix="fakty-dask-test-")
    procs = []
    try:
        folder, jl, bad_at = make_corpus(root)
        sched, procs = start_cluster(root)
        folder, jl = os.path.basename(folder), os.path.basename(jl)  # relative paths, as users type them

        # 1. a folder, to standard output, with a pass-through option
        rc1, ref, err = run([BIN, "--jobs", "1", "--date", "2022-01-10", folder], root)
        check(rc1 == 1, f"single run on the folder: exit {rc1} (expected 1: one binary file)")
        nref = ref.count(b"\n")
        check(nref == 42, f"single run: {nref} lines, expected 42 documents")
        rc, out, err = dask(["--files-per-task", "5", folder, "--", "--date", "2022-01-10"], root)
        check(rc == 1, f"dask on the folder: exit {rc}, expected 1; stderr: {err[-800:]}")
        check(out == ref, "dask on the folder: output differs from `fakty --jobs 1`")
        check("zepsuty.txt: error:" in err, "dask: the binary file's error is not on stderr")
        check("42 documents (1 failed)" in err, f"dask summary: {err.strip().splitlines()[-1:]}")

        # 2. the same folder into a directory: one .jsonl per article, mirroring names
        rc, out, err = dask([folder, "--out", "wyniki/", "--", "--date", "2022-01-10"], root, sched)
        check(rc == 1 and out == b"", f"dask --out DIR: exit {rc}, stdout {out[:100]!r}")
        ref_lines = ref.splitlines(keepends=True)
        for line in ref_lines:
            p = json.loads(line)["doc"]["path"]
            dest = os.path.join(root, "wyniki", os.path.splitext(os.path.relpath(p, folder))[0] + ".jsonl")
            try:
                with open(dest, "rb") as f:
                    got = f.read()
            except OSError as e:
                check(False, f"--out DIR: {dest}: {e}")
                continue
            check(got == line, f"--out DIR: {dest} differs from the single run's line")
        left = [n for _, _, fs in os.walk(os.path.join(root, "wyniki")) for n in fs if not n.endswith(".jsonl")]
        check(not left, f"--out DIR: leftover files {left}")

        # 2b. --out DIR names are relative to the argument, even when every file is in one subfolder
        import importlib.machinery
        import importlib.util
        loader = importlib.machinery.SourceFileLoader("fakty_dask", RUNNER)
        spec = importlib.util.spec_from_loader("fakty_dask", loader)
        fd = importlib.util.module_from_spec(spec)
        loader.exec_module(fd)
        one = os.path.join(root, "jeden")
        os.makedirs(os.path.join(one, "sub", "subsub"))
        for n in ("b.txt", "a.txt", "c.text", "d.md"):
            open(os.path.join(one, "sub", "subsub", n), "w").close()
        cwd = os.getcwd()
        os.chdir(root)
        try:
            files = fd.enumerate_inputs(["jeden"], False)
            names = fd.out_names(files, "wy", False)
        finally:
            os.chdir(cwd)
        check([f for f, _ in files] == ["jeden/sub/subsub/a.txt", "jeden/sub/subsub/b.txt", "jeden/sub/subsub/c.text"],
              f"walk order/filter: {files}")
        check(names == ["wy/sub/subsub/a.jsonl", "wy/sub/subsub/b.jsonl", "wy/sub/subsub/c.jsonl"],
              f"--out DIR names: {names}")

        # 3. JSON Lines split into byte ranges, into one file, --lenient
        rc2, ref, err2 = run([BIN, "--jobs", "1", "--input", "jsonl", "--lenient", jl], root)
        check(rc2 == 0, f"single jsonl run --lenient: exit {rc2}")
        check(ref.count(b"\n") == 200, "single jsonl run: not 200 lines")
        size = os.path.getsize(os.path.join(root, jl))
        chunk = max(1024, size // 9)
        rc, out, err = dask(["--chunk-size", str(chunk), "--out", "wynik.jsonl", jl, "--", "--lenient"], root)
        check(rc == 0, f"dask jsonl --lenient: exit {rc}; stderr: {err[-800:]}")
        try:
            with open(os.path.join(root, "wynik.jsonl"), "rb") as f:
                out = f.read()
        except OSError as e:
            out = b""
            check(False, f"--out FILE: {e}")
        check(out == ref, "dask on split jsonl: output differs from `fakty --jobs 1 --input jsonl`")
        m = re.search(r"(\d+) tasks", err)
        check(m and 8 <= int(m.group(1)) <= 11, f"the file was not split into about 9 tasks: {err[-300:]}")
        got_bad = [i + 1 for i, l in enumerate(out.splitlines()) if "error" in json.loads(l)]
        check(got_bad == bad_at, f"error objects at lines {got_bad}, expected {bad_at}")
        for i, l in enumerate(out.splitlines()):
            o = json.loads(l)
            if "error" in o:
                check(o["doc"].get("line") == i + 1 and o["doc"].get("path") == jl,
                      f"error object at line {i + 1} says {o['doc']}")
        # stderr names the file and line, as fakty does
        want = sorted(l for l in err2.splitlines() if ": error: " in l)
        got = sorted(l for l in err.splitlines() if l.startswith("fakty: ") and ": error: " in l)
        check(got == want, f"stderr diagnostics differ:\n{got}\n{want}")
        check("200 records (5 bad)" in err, f"summary does not count 5 bad records: {err[-300:]}")

        # 4. without --lenient bad records make the exit status 1, to stdout
        rc, out, err = dask(["--chunk-size", "3k", jl], root, sched)
        check(rc == 1, f"dask jsonl without --lenient: exit {rc}, expected 1")
        check(out == ref, "dask jsonl to stdout differs")

        # 5. a task that keeps failing: exit 3, error objects keep the lines aligned
        fake = os.path.join(root, "fake-fakty")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\n# fails on a byte range that contains rec-0100\n"
                    "for a; do [ \"$a\" = --version ] && exec %s --version; done\n"
                    "in=$(cat)\n"
                    "case \"$in\" in *rec-0100*) echo 'simulated crash' >&2; exit 134;; esac\n"
                    "printf '%%s\\n' \"$in\" | exec %s \"$@\"\n" % (BIN, BIN))
        os.chmod(fake, 0o755)
        rc, out, err = run([PY, RUNNER, "--scheduler", sched, "--fakty", fake, "--chunk-size", str(chunk), jl,
                            "--", "--lenient"], root)
        check(rc == 3, f"failing task: exit {rc}, expected 3")
        check("simulated crash" in err and "(1 failed)" in err, f"failing task not reported: {err[-600:]}")
        lines = out.splitlines()
        check(len(lines) == 200, f"failing task: {len(lines)} output lines, expected 200")
        lost = [json.loads(l) for l in lines if "task failed" in json.loads(l).get("error", "")]
        check(lost and any(o["doc"]["line"] == 101 for o in lost), "no error object for line 101 (rec-0100)")
        same = sum(1 for a, b in zip(lines, ref.splitlines()) if a == b)
        check(same == 200 - len(lost), f"failing task: {200 - same} lines differ, {len(lost)} error objects")

        # 6. usage errors exit 2 before starting a cluster
        rc, out, err = run([PY, RUNNER, "--fakty", BIN, jl, "--", "--pretty"], root)
        check(rc == 2, f"--pretty pass-through: exit {rc}, expected 2")
        rc, out, err = run([PY, RUNNER, "--fakty", BIN, "nie-ma-takiego-pliku.txt"], root)
        check(rc == 2, f"missing input: exit {rc}, expected 2")
    finally:
        stop_cluster(procs)
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
