"""Well-behaved devices of a room for benches/soak.rs: CLIENTS event
streams from the given source addresses, each counting the presenter's
moves it receives, until standard input closes; then one JSON summary."""

import asyncio
import json
import sys

server, port = sys.argv[1], int(sys.argv[2])
addresses = sys.argv[3].split(",")
clients = int(sys.argv[4])

seen = [set() for _ in range(clients)]
status = [""] * clients
ended = [False] * clients


async def follow(i):
    try:
        reader, writer = await asyncio.open_connection(
            server, port, local_addr=(addresses[i % len(addresses)], 0)
        )
        writer.write(
            f"GET /_lectern/events HTTP/1.1\r\nHost: {server}:{port}\r\n\r\n".encode()
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
    except Exception as e:  # a refusal is counted, not fatal
        status[i] = type(e).__name__
        return
    status[i] = head.split(b" ")[1].decode()
    if status[i] != "200":
        return
    pending = b""
    while True:
        data = await reader.read(65536)
        if not data:
            ended[i] = True
            return
        pending += data
        while b"\n\n" in pending:
            event, pending = pending.split(b"\n\n", 1)
            if b"event: nav" not in event:
                continue
            for line in event.split(b"\n"):
                if line.startswith(b"data: "):
                    try:
                        seen[i].add(json.loads(line[6:])["seq"])
                    except (ValueError, KeyError):
                        pass


async def main():
    tasks = []
    for i in range(clients):
        tasks.append(asyncio.create_task(follow(i)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)
    while sum(1 for s in status if s) < clients:
        await asyncio.sleep(0.1)
    print("ready", sum(1 for s in status if s == "200"), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    counts = [len(s) for s, st in zip(seen, status) if st == "200"]
    print(
        json.dumps(
            {
                "streams": len(counts),
                "refused": {st: status.count(st) for st in set(status) if st != "200"},
                "ended": sum(ended),
                "fewest_moves": min(counts, default=0),
                "most_moves": max(counts, default=0),
            }
        ),
        flush=True,
    )
    for t in tasks:
        t.cancel()


asyncio.run(main())
