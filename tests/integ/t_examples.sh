# Every example of the documentation, run as written: the fenced blocks of
# README.md and the EXAMPLES sections of tcpcraft(1) and tcpcraft-script(5)
# (.Bd -literal blocks and .Dl lines), found by parsing those sections as
# they are.  Lines after a tcpcraft prompt are typed into a shell, one by
# one, each after the previous one's output fell quiet (a person who
# watches); "$ tcpcraft ..." lines run as commands, with the files the
# text shows ("$ cat F", "# F.tc" blocks) written first and the exit status
# a following "$ echo $?" gives checked.  Each runs twice: on loopback
# against kernel peers, and in a lab of its own (scripts/lab, namespace
# h4-ex-PID, 10.77.34.0/24), where 127.0.0.1 and the text's 10.77.0.x become
# the lab's addresses.  Each must end without a departure from the TCB, a
# dup ACK, a failed expect or an error, and without an RST the example
# does not announce (its commands or its text show one).  Then the rule
# that makes one-line sessions work (settle.c): its waits, a script file
# keeping its own timing, no answer, Ctrl-C, and TIME-WAIT's length at a
# terminal and in scripts.  Loopback ports 23470-23479.
# SPDX-License-Identifier: GPL-3.0-or-later
. tests/integ/lib.sh
NAME=h4-ex-$$	# another run at the same time names its own
NET=10.77.34
export TCPCRAFT=$TC
trap 'sh scripts/lab down --name $NAME >/dev/null 2>&1; cleanup' EXIT INT TERM
sh scripts/lab down --name $NAME >/dev/null 2>&1
if ! sh scripts/lab up --name $NAME --if h4ex0 --net $NET --server echo:7 \
    --server echo:20000 --server hello:20001 >"$T/lab" 2>&1; then
	notok "the examples' lab is up" "$(cat "$T/lab")"
	exit 1
fi
ok "the examples' lab is up"

python3 - "$TC" "$T" "$NAME" "$NET" <<'EOF'
import os, re, shlex, subprocess, sys, time

TC, TMP, LAB, NET = sys.argv[1:5]
REPO = os.getcwd()
TC = os.path.abspath(TC)
os.environ["TCPCRAFT"] = TC	# scripts/lab shell, from any directory
QUIET = 0.5		# a person reads the answers before typing on
HAVE_NC = subprocess.call("command -v nc >/dev/null", shell=True) == 0
PROMPT = re.compile(r"^tcpcraft( [^>]*)?> ?(.*)$")

def unroff(l):
    for a, b in (("\\e", "\\"), ("\\&", ""), ("\\(dq", '"'), ("\\-", "-")):
        l = l.replace(a, b)
    return l

def blocks_readme(path):
    out, cur, start = [], None, 0
    for i, l in enumerate(open(path), 1):
        l = l.rstrip("\n")
        if l.startswith("```"):
            if cur is None:
                cur, start = [], i
            else:
                out.append((start, cur))
                cur = None
        elif cur is not None:
            cur.append(l)
    return out

def blocks_man(path):
    out, cur, start, inex = [], None, 0, False
    for i, l in enumerate(open(path), 1):
        l = l.rstrip("\n")
        if l.startswith(".Sh"):
            inex = l.strip() == ".Sh EXAMPLES"
            continue
        if not inex:
            continue
        if l.startswith(".Bd -literal"):
            cur, start = [], i
        elif l.startswith(".Ed") and cur is not None:
            out.append((start, cur))
            cur = None
        elif cur is not None:
            cur.append(unroff(l))
        elif l.startswith(".Dl "):
            out.append((i, [unroff(l[4:])]))
    return out

def balanced(s):
    return s.count("'") % 2 == 0

# Examples: ("typed", where, [steps], text) and ("shell", where, cmd, rc,
# files, text); steps are ("type", line) or ("client", host, port).
def extract(doc, blocks):
    ex, files, sess = [], {}, None
    for start, lines in blocks:
        text = "\n".join(lines)
        i, first_typed = 0, True
        while i < len(lines):
            l = lines[i]
            where = "%s:%d" % (doc, start + i + 1)
            m = PROMPT.match(l)
            if m:
                cmd = m.group(2).strip()
                if first_typed and m.group(1) is None or sess is None:
                    sess = ["typed", where, [], ""]
                    ex.append(sess)
                first_typed = False
                sess[3] += text + "\n"
                if cmd:
                    sess[2].append(("type", cmd))
                i += 1
                continue
            fm = re.match(r"^# (\S+\.tc)(: *(tcpcraft .*))?$", l)
            if fm:		# a file shown whole: up to a blank line
                body, j = [], i + 1
                while j < len(lines) and lines[j].strip() and \
                        not lines[j].startswith("$ ") and \
                        not re.match(r"^# \S+\.tc", lines[j]):
                    body.append(lines[j])
                    j += 1
                files[fm.group(1)] = "\n".join(body) + "\n"
                if fm.group(3):
                    ex.append(["shell", where, fm.group(3), 0, dict(files),
                        text])
                i = j
                continue
            sm = re.match(r"^\$ (.*)$", l)
            if not sm:
                i += 1
                continue
            cmd = sm.group(1)
            j = i + 1
            while not balanced(cmd) and j < len(lines):
                cmd += " " + lines[j].strip()
                j += 1
            i = j
            word = cmd.split()[0]
            if word == "cat":	# the file's text follows
                body = []
                while i < len(lines) and not lines[i].startswith("$ "):
                    body.append(lines[i])
                    i += 1
                files[cmd.split()[1]] = "\n".join(body) + "\n"
            elif word == "echo" and cmd.startswith("echo $?"):
                if i < len(lines) and re.match(r"^\d+$", lines[i]) and \
                        ex and ex[-1][0] == "shell":
                    ex[-1][3] = int(lines[i])
            elif word == "nc" and sess is not None:
                h, p = cmd.split()[1:3]
                sess[2].append(("client", h, int(p)))
            elif word in ("make", "sudo") or cmd.startswith("scripts/lab"):
                pass		# the context: a shell, the lab
            else:
                ex.append(["shell", where, cmd, 0, dict(files), text])
                if word == "tcpcraft":
                    sess = None
    return ex

def announces_rst(text, steps_or_cmd):
    t = text + str(steps_or_cmd)
    return bool(re.search(r"\bR\.|\[R|\brst\b|RST|reset", t))

# A segment command with a number of its own ("rst seq 100") breaks the
# rules on purpose: its departure from the TCB is what the text shows.
def announces_departure(cmds):
    for c in re.split(r"[;\n]", cmds):
        w = c.split()
        if w and w[0] in ("syn", "synack", "ack", "fin", "rst", "send") and \
                re.search(r"\b(seq|ack|win|urg|flags)\s+\d", " ".join(w[1:])):
            return True
    return False

BAD = [(re.compile(r"departs from TCB"), "a departure from the TCB"),
       (re.compile(r"dup ack"), "a dup ACK"),
       (re.compile(r"failed|^error|cancelled|: no answer to"),
        "a failure")]
RST = re.compile(r" (In |Out) .*Flags \[R")

def lab_addr(s):
    s = s.replace("from 127.0.0.1:", "from %s.10:" % NET)
    s = s.replace("127.0.0.1", NET + ".2")
    return s.replace("10.77.0.", NET + ".")

def loop_addr(s):
    return s.replace("10.77.0.2", "127.0.0.1")

def wait_quiet(path, proc, limit=30):
    size, since, end = -1, time.time(), time.time() + limit
    while time.time() < end and proc.poll() is None:
        n = os.path.getsize(path)
        if n != size:
            size, since = n, time.time()
        elif time.time() - since >= QUIET:
            return
        time.sleep(0.05)

def kernel_client(host, port, lab):
    code = ("import socket,time\n"
        "s=socket.create_connection((%r,%d),timeout=10)\n"
        "time.sleep(8)\n" % (host, port))
    argv = ["python3", "-c", code]
    if HAVE_NC and not lab:
        argv = ["sh", "-c", "sleep 8 | nc %s %d" % (host, port)]
    if lab:
        argv = ["ip", "netns", "exec", LAB] + argv
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)

def run_typed(steps, out, wd, lab):
    argv = (["sh", os.path.join(REPO, "scripts/lab"), "shell", "--name",
        LAB] if lab else [TC, "--peer", "echo:20000", "--peer", "echo:7"])
    f = open(out, "w")
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=f,
        stderr=subprocess.STDOUT, cwd=wd, text=True)
    kids = []
    time.sleep(0.3)	# the peers start
    for st in steps:
        if st[0] == "type":
            line = lab_addr(st[1]) if lab else loop_addr(st[1])
            try:
                p.stdin.write(line + "\n")
                p.stdin.flush()
            except BrokenPipeError:
                break
        else:
            host = NET + ".10" if lab else st[1]
            kids.append(kernel_client(host, st[2], lab))
        wait_quiet(out, p)
    try:
        p.stdin.write("quit\n")
        p.stdin.close()
    except BrokenPipeError:
        pass
    try:
        p.wait(15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    for k in kids:
        k.kill()
        k.wait()
    f.close()
    return p.returncode

def run_shell(cmd, files, out, wd, lab):
    hello = "--peer hello:20000" in cmd
    for name, body in files.items():
        path = os.path.join(wd, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if lab:
            body = lab_addr(body)
            if hello:	# the lab's hello server
                body = body.replace(NET + ".2:20000", NET + ".2:20001")
        open(path, "w").write(body)
    words = cmd.split(" ", 1)
    if words[0] == "tcpcraft":
        rest = words[1] if len(words) > 1 else ""
        if lab:
            rest = re.sub(r"--peer \S+ ?", "", lab_addr(rest))
            cmd = "sh %s shell --name %s %s" % (
                shlex.quote(os.path.join(REPO, "scripts/lab")), LAB, rest)
        else:
            cmd = shlex.quote(TC) + " " + rest
    elif lab:
        cmd = lab_addr(cmd)
    with open(out, "w") as f:
        try:
            return subprocess.call(["sh", "-c", cmd], stdout=f,
                stderr=subprocess.STDOUT, cwd=wd, timeout=120)
        except subprocess.TimeoutExpired:
            return "timeout"

def judge(name, out, rc, want_rc, rst_ok, dep_ok):
    lines = open(out, errors="replace").read().splitlines()
    why = []
    if rc != want_rc:
        why.append("exit status %s, expected %s" % (rc, want_rc))
    for l in lines:
        for rx, what in BAD:
            # an example whose exit status says it fails may say so
            if what == "a departure from the TCB" and dep_ok:
                continue
            if rx.search(l) and not (want_rc != 0 and what == "a failure"):
                why.append("%s: %s" % (what, l.strip()[:200]))
        if RST.search(l) and not rst_ok:
            why.append("an RST the example does not announce: %s" %
                l.strip()[:200])
    if why:
        print("not ok - %s" % name)
        for w in why[:6]:
            print("#   " + w)
        print("#   output:")
        for l in lines[-30:]:
            print("#     " + l[:220])
    else:
        print("ok - %s" % name)
    return not why

docs = [("README.md", blocks_readme), ("man/tcpcraft.1", blocks_man),
        ("man/tcpcraft-script.5", blocks_man)]
allex = []
for doc, fn in docs:
    allex.append((doc, extract(doc, fn(os.path.join(REPO, doc)))))
ntyped = sum(1 for _, ex in allex for e in ex if e[0] == "typed")
nshell = sum(1 for _, ex in allex for e in ex if e[0] == "shell")
nlines = sum(len(e[2]) for _, ex in allex for e in ex if e[0] == "typed")
print("# %d examples: %d typed sessions (%d lines) and %d command lines; "
    "each on loopback and in the lab" % (ntyped + nshell, ntyped, nlines,
    nshell))
if os.environ.get("EX_LIST"):
    for doc, ex in allex:
        for e in ex:
            print(e[0], e[1], e[2], e[3] if e[0] == "shell" else "",
                sorted(e[4]) if e[0] == "shell" else "")
    sys.exit(0)
k = 0
for lab in (False, True):
    where = "lab" if lab else "loopback"
    for doc, ex in allex:
        wd = os.path.join(TMP, "%s.%s" % (os.path.basename(doc), where))
        os.makedirs(wd, exist_ok=True)
        # scripts/examples/ as the text names them, in the lab with the
        # lab's addresses
        exd = os.path.join(wd, "scripts", "examples")
        os.makedirs(exd, exist_ok=True)
        for n in os.listdir(os.path.join(REPO, "scripts", "examples")):
            body = open(os.path.join(REPO, "scripts", "examples", n)).read()
            open(os.path.join(exd, n), "w").write(lab_addr(body) if lab
                else body)
        for e in ex:
            k += 1
            out = os.path.join(TMP, "ex%d.out" % k)
            if e[0] == "typed":
                rc = run_typed(e[2], out, wd, lab)
                desc = "; ".join(s[1] for s in e[2] if s[0] == "type")
                judge("%s %s (%s): %s" % (e[1], "typed", where, desc[:70]),
                    out, rc, 0, announces_rst(e[3], e[2]),
                    announces_departure("\n".join(s[1] for s in e[2]
                    if s[0] == "type")))
            else:
                rc = run_shell(e[2], e[4], out, wd, lab)
                judge("%s (%s): $ %s" % (e[1], where, e[2][:70]), out, rc,
                    e[3], announces_rst(e[5], e[2]),
                    announces_departure("\n".join(e[4].values()) + "\n" +
                    e[2]))
EOF

# --- the rule itself: a line runs as typed by a person who watches ------
P=23470
"$TC" --peer echo:$P -c "connect 127.0.0.1:$P; syn; ack; send \"hi\"; ack; \
fin; ack; expect state TIME-WAIT" >"$T/r1" 2>&1
rc=$?
check "-c one-line session (issue 17): exit 0, ends in TIME-WAIT" test $rc -eq 0
check "...the echo acknowledged, then the FIN: ack 3, ack 4" sh -c "
    grep -q 'Out IP .*Flags \[\.\], ack 3, ' '$T/r1' &&
    grep -q 'Out IP .*Flags \[\.\], ack 4, ' '$T/r1'"
check "...no dup ACK, no departure, no RST" \
    sh -c "! grep -Eq 'dup ack|departs|Flags \[R' '$T/r1'"
# the data left after the SYN-ACK came and the peer fell quiet: 200 ms
check "...the ACK of the handshake waited for the quiet after the SYN-ACK" \
    awk '/In  IP .*Flags \[S\.\]/ { sa = $1 }
    /Out IP .*Flags \[\.\], ack 1, / { a = $1 }
    END { exit !(sa > 0 && a - sa >= 0.19 && a - sa < 1.5) }' "$T/r1"
# a bare ACK asks for nothing: the data follows it at once
check "...the data followed the bare ACK at once" \
    awk '/Out IP .*Flags \[\.\], ack 1, / { a = $1 }
    /Out IP .*Flags \[P\.\], seq 1:3/ { d = $1 }
    END { exit !(a > 0 && d - a < 0.1) }' "$T/r1"

# a script file keeps its own timing: no wait between the commands of a
# line (its expect says when)
printf 'connect 127.0.0.1:%s\nsyn; ack\nexpect state ESTABLISHED\n' $P \
    >"$T/race.tc"
"$TC" --peer echo:$P -f "$T/race.tc" >"$T/r2" 2>&1
check "-f: the commands of a line do not wait for answers" \
    awk '/Out IP .*Flags \[S\]/ { s = $1 }
    /Out IP .*Flags \[\.\]/ { a = $1 }
    END { exit !(s > 0 && a > 0 && a - s < 0.15) }' "$T/r2"

# no answer at all: the lab peer drops SYNs to port 9; the line goes on
# after set timeout, and says so
ip netns exec $NAME nft -f - <<EON
table inet h4ex {
	chain input_h4 {
		type filter hook input priority 0;
		tcp dport 9 drop
	}
}
EON
sh scripts/lab shell --name $NAME -c "set timeout 500ms; connect $NET.2:9; \
syn; tcb" >"$T/r3" 2>&1
check "no answer: the line goes on after set timeout and says so" \
    grep -q '^c1: no answer to syn in 0\.5s; the line goes on$' "$T/r3"
check "...and the next command ran (tcb: SYN-SENT)" \
    grep -q '^state SYN-SENT' "$T/r3"

# at a terminal: TIME-WAIT at a human scale, the same line, Ctrl-C drops
# the rest of a waiting line
mkdir -p "$T/home"
TCABS=$(cd "$(dirname "$TC")" && pwd)/$(basename "$TC")
cat >"$T/steps" <<EOS2
expect tcpcraft>
type set
expect msl +30\.000s \(TIME-WAIT 60\.000s\)
type connect 127.0.0.1:$P; syn; ack; send "hi"; ack; fin; ack; tcb
expect TIME-WAIT ends in 5[0-9]\.[0-9]s
type quit
exit
EOS2
HOME=$T/home python3 tests/integ/pty_drive.py "$T/pty" -- "$TCABS" \
    --peer echo:$P <"$T/steps" >"$T/pty.res" 2>&1
check "terminal: msl 30s, TIME-WAIT 60s; the one-line session ends there" \
    sh -c "grep -q '^exit 0\$' '$T/pty.res' && ! grep -q 'failed' '$T/pty.res'"
check "...with no dup ACK, no departure, no RST" \
    sh -c "! grep -Eq 'dup ack|departs|Flags \[R' '$T/pty'"
cat >"$T/steps" <<EOS2
expect tcpcraft>
type set timeout 10s; connect $NET.2:9; syn; tcb
expect Flags \[S\], seq 0
sleep 0.3
key 03
expect the rest of the line cancelled
type conns
expect c1 .*SYN-SENT
type quit
exit
EOS2
HOME=$T/home python3 tests/integ/pty_drive.py "$T/pty2" -- "$TCABS" \
    -i h4ex0 --src $NET.10 <"$T/steps" >"$T/pty2.res" 2>&1
check "terminal: Ctrl-C drops the rest of a waiting line" \
    sh -c "grep -q '^exit 0\$' '$T/pty2.res' &&
    ! grep -q 'failed' '$T/pty2.res' && ! grep -q '^state SYN-SENT' '$T/pty2'"
"$TC" -c set >"$T/r4" 2>&1
check "-c: msl 1s (TIME-WAIT 2s)" grep -q '^msl *1\.000s (TIME-WAIT 2\.000s)' "$T/r4"
printf 'set\n' | "$TC" >"$T/r5" 2>&1
check "commands piped in: msl 1s" grep -q '^msl *1\.000s' "$T/r5"
