//! A room for ten minutes (issue #31): `lectern serve --host 0.0.0.0` with
//! 2,000 event streams from devices in the room (a second network
//! namespace with 100 addresses, 20 streams each), a hostile device that
//! holds its share of connections with request heads sent a byte every
//! 4 s, opens more event streams and floods POSTs, while the presenter on
//! this machine makes 300 moves. Every move must reach every stream, the
//! presenter must never be refused, and the server's memory is sampled
//! throughout. Needs root, iproute2 and python3; nothing leaves this
//! machine. Run: `cargo bench --bench soak` (`SOAK_SECONDS`, `SOAK_MOVES`,
//! `SOAK_STREAMS` for a shorter run).

#[path = "../tests/common/mod.rs"]
mod common;

use common::http::{get, request, spawn_with};
use common::netns::Device;
use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

fn setting(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)
                .map(|v| v.trim().trim_end_matches(" kB").parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

fn main() {
    let seconds = setting("SOAK_SECONDS", 600);
    let moves = setting("SOAK_MOVES", 300);
    let streams = setting("SOAK_STREAMS", 2000);
    let (Ok(room), Ok(hostile)) = (Device::new(), Device::new()) else {
        eprintln!("skipped: needs root and iproute2 for the room's network namespaces");
        return;
    };
    let addresses = room.more_addresses(100);
    let dir = common::scratch("soak");
    common::copy_tree(&common::repo().join("decks"), &dir.join("course"));
    let server = spawn_with(dir, "course", &["--host", "0.0.0.0"]);
    let (port, pid) = (server.port, server.child.id());
    let page = String::from_utf8(get(port, "/01-wat-is-mentaliseren/presenter").body).unwrap();
    let at = page
        .find("lecternNavKey='")
        .expect("the presenter page holds its key")
        + 15;
    let key = page[at..].split('\'').next().unwrap().to_string();

    let script = |name: &str| {
        common::repo()
            .join("benches/soak")
            .join(name)
            .to_string_lossy()
            .to_string()
    };
    let mut followers = room.spawn(
        "python3",
        &[
            &script("room.py"),
            &room.server_ip,
            &port.to_string(),
            &addresses.join(","),
            &streams.to_string(),
        ],
    );
    let mut said = BufReader::new(followers.stdout.take().unwrap());
    let mut ready = String::new();
    said.read_line(&mut ready).unwrap();
    println!("room: {} ({} addresses)", ready.trim(), addresses.len());
    let mut attacker = hostile.spawn(
        "python3",
        &[&script("hostile.py"), &hostile.server_ip, &port.to_string()],
    );
    std::thread::sleep(Duration::from_secs(5));

    let rss = |pid: u32| status_kb(pid, "VmRSS:");
    let mut samples = vec![(0u64, rss(pid), status_kb(pid, "Threads:"))];
    let started = Instant::now();
    let mut refused = 0;
    let mut slowest = Duration::ZERO;
    let gap = Duration::from_secs(seconds) / u32::try_from(moves.max(1)).unwrap();
    for seq in 1..=moves {
        let body = format!(
            r#"{{"lectern":true,"stem":"01-wat-is-mentaliseren","index":{},"step":0,"from":"soak","seq":{seq}}}"#,
            seq % 12
        );
        let asked = Instant::now();
        let reply = request(
            port,
            &format!(
                "POST /_lectern/nav HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nX-Lectern-Key: {key}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        );
        slowest = slowest.max(asked.elapsed());
        if reply.status != 204 {
            refused += 1;
            eprintln!("move {seq}: {}", reply.status);
        }
        if seq % 30 == 0 {
            samples.push((
                started.elapsed().as_secs(),
                rss(pid),
                status_kb(pid, "Threads:"),
            ));
        }
        let next = gap * u32::try_from(seq).unwrap();
        std::thread::sleep(next.saturating_sub(started.elapsed()));
    }
    std::thread::sleep(Duration::from_secs(5));
    drop(followers.stdin.take());
    drop(attacker.stdin.take());
    let mut summary = String::new();
    said.read_line(&mut summary).unwrap();
    let mut answers = String::new();
    attacker
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut answers)
        .unwrap();
    let _ = followers.wait();
    let _ = attacker.wait();
    let _ = std::io::stdout().flush();

    println!(
        "{} s, {moves} moves from this machine: {refused} refused, the slowest answered in {:.0} ms",
        started.elapsed().as_secs(),
        slowest.as_secs_f64() * 1000.0
    );
    println!("room streams: {}", summary.trim());
    println!("hostile device's answers: {}", answers.trim());
    for (at, kb, threads) in &samples {
        println!(
            "  at {at:>4} s: server {:>6.1} MB, {threads} threads",
            *kb as f64 / 1024.0
        );
    }
    let first = samples[0].1 as f64 / 1024.0;
    let most = samples.iter().map(|s| s.1).max().unwrap() as f64 / 1024.0;
    let last = samples.last().unwrap().1 as f64 / 1024.0;
    println!("server memory: {first:.1} MB with the room connected, {last:.1} MB at the end, {most:.1} MB at most");
    let all = summary.contains(&format!("\"fewest_moves\": {moves}"));
    println!(
        "{}",
        if all && refused == 0 {
            "every move reached every stream; the presenter was never refused"
        } else {
            "MOVES WERE LOST OR REFUSED"
        }
    );
}
