//! A device in the room, on this machine: a second network namespace joined
//! to this one by a virtual cable (veth), so `lectern serve --host 0.0.0.0`
//! sees its requests come from another address, as from a phone. Needs root
//! and `ip` (iproute2); tests say so and skip where either is missing.
//! Nothing leaves this machine.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

pub struct Device {
    name: String,
    cable: String,
    subnet: u32,
    /// This machine's address as the device reaches it.
    pub server_ip: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn ip(args: &[&str]) -> bool {
    Command::new("ip")
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Device {
    /// A new namespace `lct<pid><n>` on its own /24 of 10.213.0.0/16.
    pub fn new() -> Result<Device, String> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let subnet = (std::process::id() + n * 7) % 250 + 1;
        let name = format!("lct{}n{n}", std::process::id() % 100_000);
        let cable = format!("lcv{}n{n}", std::process::id() % 100_000);
        let device = Device {
            name: name.clone(),
            cable: cable.clone(),
            subnet,
            server_ip: format!("10.213.{subnet}.1"),
        };
        let peer = format!("{cable}p");
        let inside = |args: &[&str]| {
            let mut all = vec!["netns", "exec", name.as_str(), "ip"];
            all.extend_from_slice(args);
            ip(&all)
        };
        let ok = ip(&["netns", "add", &name])
            && ip(&["link", "add", &cable, "type", "veth", "peer", "name", &peer])
            && ip(&["link", "set", &peer, "netns", &name])
            && ip(&[
                "addr",
                "add",
                &format!("10.213.{subnet}.1/24"),
                "dev",
                &cable,
            ])
            && ip(&["link", "set", &cable, "up"])
            && inside(&[
                "addr",
                "add",
                &format!("10.213.{subnet}.2/24"),
                "dev",
                &peer,
            ])
            && inside(&["link", "set", &peer, "up"])
            && inside(&["link", "set", "lo", "up"]);
        if ok {
            Ok(device)
        } else {
            Err("cannot make a network namespace (needs root and iproute2)".into())
        }
    }

    /// curl run inside the namespace: `-s`, then the given arguments; the
    /// output ends with a line holding the status code.
    pub fn curl(&self, args: &[&str]) -> (u16, String) {
        let out: Output = Command::new("ip")
            .args([
                "netns",
                "exec",
                &self.name,
                "curl",
                "-s",
                "-m",
                "20",
                "-w",
                "\n%{http_code}",
            ])
            .args(args)
            .output()
            .expect("ip netns exec curl runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", &text));
        (code.trim().parse().unwrap_or(0), body.to_string())
    }
}

impl Device {
    /// Any program run inside the namespace.
    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new("ip")
            .args(["netns", "exec", &self.name, program])
            .args(args)
            .output()
            .expect("ip netns exec runs")
    }
}

#[allow(dead_code)]
impl Device {
    /// `program` started inside the namespace, its input and output piped.
    pub fn spawn(&self, program: &str, args: &[&str]) -> std::process::Child {
        Command::new("ip")
            .args(["netns", "exec", &self.name, program])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("ip netns exec runs")
    }

    /// `n` more addresses for the device (10 and up of its /24), as if
    /// that many phones shared its cable; their list.
    pub fn more_addresses(&self, n: u32) -> Vec<String> {
        let peer = format!("{}p", self.cable);
        (10..10 + n.min(240))
            .map(|host| format!("10.213.{}.{host}", self.subnet))
            .filter(|address| {
                ip(&[
                    "netns",
                    "exec",
                    &self.name,
                    "ip",
                    "addr",
                    "add",
                    &format!("{address}/24"),
                    "dev",
                    &peer,
                ])
            })
            .collect()
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        ip(&["link", "del", &self.cable]);
        ip(&["netns", "del", &self.name]);
    }
}
