"""A hostile device for benches/soak.rs: it keeps as many connections as
it may sending request heads one byte every 4 s, opens event streams past
its share, and floods POSTs, until standard input closes; then one JSON
summary of the answers it got."""

import asyncio
import json
import sys

server, port = sys.argv[1], int(sys.argv[2])
answers = {}


def count(head):
    code = head.split(b" ")[1].decode() if head.count(b" ") else "closed"
    answers[code] = answers.get(code, 0) + 1


async def slow_head():
    while True:
        try:
            reader, writer = await asyncio.open_connection(server, port)
            head = f"GET / HTTP/1.1\r\nHost: {server}:{port}\r\nX-Slow: ".encode()
            read = asyncio.create_task(reader.read(64))
            for byte in head + b"a" * 10000:
                if read.done():
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.wait([read], timeout=4)
            count(await read)
            writer.close()
        except (OSError, asyncio.IncompleteReadError):
            answers["reset"] = answers.get("reset", 0) + 1
            await asyncio.sleep(1)


async def again_and_again(request, pause):
    """Sends `request` on a new connection every `pause` seconds, counting
    the answers."""
    while True:
        try:
            reader, writer = await asyncio.open_connection(server, port)
            writer.write(request)
            count(await reader.read(64))
            writer.close()
        except OSError:
            answers["reset"] = answers.get("reset", 0) + 1
        await asyncio.sleep(pause)


def extra_streams():
    """Event streams past the device's share."""
    return again_and_again(
        f"GET /_lectern/events HTTP/1.1\r\nHost: {server}:{port}\r\n\r\n".encode(), 2
    )


def posts():
    """A flood of delivery logs."""
    body = b'{"deck":"x"}'
    return again_and_again(
        f"POST /_lectern/delivery HTTP/1.1\r\nHost: {server}:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body,
        0.2,
    )


async def main():
    tasks = [asyncio.create_task(slow_head()) for _ in range(32)]
    tasks.append(asyncio.create_task(extra_streams()))
    tasks.append(asyncio.create_task(posts()))
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    print(json.dumps(answers), flush=True)
    for t in tasks:
        t.cancel()


asyncio.run(main())
