"""Holds STREAMS event streams to a server on loopback (MODE hyper: the
prototype beside lectern; lectern: `lectern serve`), then makes 100 moves and
prints the server's memory per stream, threads, processor time per move
and whether every stream got every move (benches/http-layers)."""
import asyncio, sys, time, re, os, json, urllib.request
mode, port, pid, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def status(field):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith(field): return int(l.split()[1])
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")",1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
got = [0]*n
async def follow(i, path):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()); await w.drain()
    while True:
        d = await r.read(65536)
        if not d: return
        got[i] += d.count(b"event: nav")
async def main():
    path = "/events" if mode == "hyper" else "/_lectern/events"
    key = None
    if mode == "lectern":
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/01-wat-is-mentaliseren/presenter").read().decode()
        key = re.search(r"lecternNavKey='([^']+)'", page).group(1)
    rss0, th0 = status("VmRSS:"), status("Threads:")
    tasks = [asyncio.create_task(follow(i, path)) for i in range(n)]
    await asyncio.sleep(5)
    rss1, th1 = status("VmRSS:"), status("Threads:")
    c0 = cpu(); t0 = time.time()
    for seq in range(1, 101):
        if mode == "hyper":
            req = urllib.request.Request(f"http://127.0.0.1:{port}/nav", data=b"x")
        else:
            body = json.dumps({"lectern": True, "stem": "01-wat-is-mentaliseren", "index": seq % 12, "step": 0, "from": "m", "seq": seq}).encode()
            req = urllib.request.Request(f"http://127.0.0.1:{port}/_lectern/nav", data=body, headers={"Content-Type": "application/json", "X-Lectern-Key": key})
        await asyncio.get_running_loop().run_in_executor(None, lambda: urllib.request.urlopen(req).read())
        await asyncio.sleep(0.05)
    await asyncio.sleep(2)
    print(json.dumps({"mode": mode, "streams": n, "rss_idle_mb": rss0/1024, "rss_streams_mb": rss1/1024, "per_stream_kb": (rss1-rss0)/n, "threads": th1, "cpu_s_per_move": (cpu()-c0)/100, "all_got_100": min(got) == 100 and max(got) == 100, "min": min(got)}))
asyncio.run(main())
