//! Paired devices: a trainer's phone (or the co-trainer's) that may read the
//! notes and, when handed control, drive the slides.
//!
//! The presenter view asks for a one-time code (`POST /_lectern/pair`) and
//! shows it as a QR code. A phone that opens `/_lectern/pair/<code>` gets a
//! token of its own in an HttpOnly cookie (never in a page, never logged)
//! and is sent to the deck's presenter view. Everything lives in memory: a
//! token dies with the `serve` run that made it, and the presenter revokes
//! one at any time. Unpaired devices stay exactly as locked down as before.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::connection::Request;
use super::http::{respond, text};
use super::state::{random_key, Live};

/// How long a code shown as a QR code can be used, and how many are open.
const CODE_LIFE: Duration = Duration::from_mins(5);
const MAX_CODES: usize = 8;
/// Two trainers, a spare phone, a tablet: a room needs a handful.
pub const MAX_DEVICES: usize = 8;
pub const COOKIE: &str = "lectern_device";

pub struct Device {
    pub id: u32,
    token: String,
    /// What the device said it is (from its User-Agent), for the list.
    pub name: String,
}

#[derive(Default)]
struct State {
    codes: Vec<(String, Instant)>,
    devices: Vec<Device>,
    /// The paired device that drives, if the presenter handed control to one.
    driver: Option<u32>,
    next_id: u32,
}

#[derive(Default)]
pub struct Pairing {
    state: Mutex<State>,
}

impl Pairing {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new one-time code, or none when too many are open or paired.
    pub fn new_code(&self, random: impl Fn() -> String) -> Option<String> {
        let mut s = self.lock();
        s.codes.retain(|(_, made)| made.elapsed() < CODE_LIFE);
        if s.codes.len() >= MAX_CODES || s.devices.len() >= MAX_DEVICES {
            return None;
        }
        let code = random();
        s.codes.push((code.clone(), Instant::now()));
        Some(code)
    }

    /// Uses a code once: the new device's id and token.
    pub fn redeem(
        &self,
        code: &str,
        name: &str,
        random: impl Fn() -> String,
    ) -> Option<(u32, String)> {
        let mut s = self.lock();
        s.codes.retain(|(_, made)| made.elapsed() < CODE_LIFE);
        let at = s.codes.iter().position(|(c, _)| same(c, code))?;
        s.codes.remove(at);
        if s.devices.len() >= MAX_DEVICES {
            return None;
        }
        s.next_id += 1;
        let id = s.next_id;
        let token = random();
        let name: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
        s.devices.push(Device {
            id,
            token: token.clone(),
            name,
        });
        Some((id, token))
    }

    /// The paired device a request comes from (by its cookie), and whether
    /// it drives now.
    pub fn device_of(&self, request: &Request) -> Option<(u32, bool)> {
        let token = cookie(request.header("Cookie")?, COOKIE)?;
        let s = self.lock();
        let device = s.devices.iter().find(|d| same(&d.token, token))?;
        Some((device.id, s.driver == Some(device.id)))
    }

    /// Hands control to a device (`Some`) or back to the presenter.
    pub fn hand(&self, to: Option<u32>) -> bool {
        let mut s = self.lock();
        if to.is_some_and(|id| !s.devices.iter().any(|d| d.id == id)) {
            return false;
        }
        s.driver = to;
        true
    }

    /// The paired device that drives, if any.
    pub fn driver(&self) -> Option<u32> {
        self.lock().driver
    }

    pub fn revoke(&self, id: u32) -> bool {
        let mut s = self.lock();
        let before = s.devices.len();
        s.devices.retain(|d| d.id != id);
        if s.driver == Some(id) {
            s.driver = None;
        }
        s.devices.len() != before
    }

    /// The devices as the presenter view lists them (no tokens).
    pub fn json(&self) -> serde_json::Value {
        let s = self.lock();
        let devices: Vec<_> = s
            .devices
            .iter()
            .map(|d| serde_json::json!({ "id": d.id, "name": d.name, "driving": s.driver == Some(d.id) }))
            .collect();
        serde_json::json!({ "devices": devices, "driver": s.driver })
    }
}

/// Compares secrets in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// One cookie's value from a `Cookie` header.
fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (n, v) = pair.trim().split_once('=')?;
        (n == name).then_some(v)
    })
}

/// A short name for a device from its User-Agent: the phone's system.
pub fn device_name(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or("");
    let known = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Macintosh", "Mac"),
        ("Linux", "Linux"),
    ];
    known
        .iter()
        .find(|(needle, _)| ua.contains(needle))
        .map_or("device", |(_, name)| name)
        .to_string()
}

/// The address a phone in the room reaches this machine by: the address of
/// the interface with the default route (asking the system which one it
/// would use; nothing is sent), or the one `serve` is bound to.
pub fn room_address(bound: std::net::SocketAddr) -> Option<std::net::SocketAddr> {
    if !bound.ip().is_unspecified() {
        return (!bound.ip().is_loopback()).then_some(bound);
    }
    let socket = std::net::UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    socket.connect(("192.0.2.1", 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then(|| std::net::SocketAddr::new(ip, bound.port()))
}

/// `POST /_lectern/pair` from the presenter view: a new code, its address
/// for a phone and that address as a QR code; or why not.
pub fn new_pairing(request: Request, live: &Live, stem: &str) {
    let Some(room) = live.address.get().copied().and_then(room_address) else {
        return text(
            request,
            409,
            "a phone cannot reach this computer: start `lectern serve` with --host 0.0.0.0 on the room's network",
        );
    };
    let Some(code) = live.pairing.new_code(random_key) else {
        return text(
            request,
            429,
            "too many phones or open codes: unpair one first, or wait five minutes",
        );
    };
    let url = format!("http://{room}/_lectern/pair/{code}?deck={stem}");
    let qr = lectern::render::typst::qr_svg(&url).unwrap_or_default();
    let body = serde_json::json!({ "url": url, "qr": qr });
    respond(
        request,
        200,
        "application/json",
        body.to_string().as_bytes(),
    );
}

/// `GET /_lectern/pair/<code>` from a phone: the code is used up, the phone
/// gets its token as a cookie scripts cannot read, and goes to the deck's
/// presenter view.
pub fn pair_device(request: Request, live: &Live, code: &str) {
    let stem = request
        .target
        .split_once("?deck=")
        .map(|(_, s)| s)
        .filter(|s| live.has_deck(s))
        .map(str::to_string);
    let name = device_name(request.header("User-Agent"));
    let Some((id, token)) = live.pairing.redeem(code, &name, random_key) else {
        return text(
            request,
            403,
            "this pairing code was used or has expired: ask the presenter for a new one (Telefoon koppelen)",
        );
    };
    eprintln!("paired a device ({name}, number {id})");
    publish_control(live);
    let to = stem.map_or_else(|| "/".to_string(), |s| format!("/{s}/presenter"));
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
    request.respond(
        303,
        &[
            ("Location", &to),
            ("Set-Cookie", &cookie),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
        ],
        b"",
    );
}

/// `POST /_lectern/devices` from the presenter view: list the paired
/// devices, hand control to one (`drive`), take it back (`take`) or unpair
/// one (`revoke`).
pub fn devices(request: Request, live: &Live) {
    let msg = serde_json::from_slice::<serde_json::Value>(&request.body).unwrap_or_default();
    let id = msg
        .get("id")
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    let done = match (msg.get("action").and_then(|a| a.as_str()), id) {
        (Some("list"), _) => true,
        (Some("drive"), Some(id)) => live.pairing.hand(Some(id)),
        (Some("take"), _) => live.pairing.hand(None),
        (Some("revoke"), Some(id)) => {
            let gone = live.pairing.revoke(id);
            if gone {
                live.hub
                    .publish("revoked", &serde_json::json!({ "id": id }).to_string());
            }
            gone
        }
        _ => {
            return text(
                request,
                400,
                "expected an action: list, drive, take or revoke",
            )
        }
    };
    if !done {
        return text(request, 404, "no such device");
    }
    publish_control(live);
    let list = live.pairing.json().to_string();
    respond(request, 200, "application/json", list.as_bytes());
}

/// Every screen learns who drives (device numbers only, no names or tokens).
fn publish_control(live: &Live) {
    let driver = live.pairing.json()["driver"].clone();
    live.hub.publish(
        "control",
        &serde_json::json!({ "driver": driver }).to_string(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_pairs_once_and_a_revoked_device_is_gone() {
        let p = Pairing::default();
        let n = std::cell::Cell::new(0);
        let random = || {
            n.set(n.get() + 1);
            format!("{:032x}", n.get())
        };
        let code = p.new_code(random).unwrap();
        let (id, token) = p.redeem(&code, "iPhone", random).unwrap();
        assert_ne!(token, code);
        assert!(p.redeem(&code, "iPhone", random).is_none(), "one use");
        assert!(p.redeem("0", "x", random).is_none());
        assert!(p.hand(Some(id)));
        assert!(!p.hand(Some(id + 1)), "no such device");
        assert_eq!(p.json()["driver"], id);
        assert!(p.revoke(id));
        assert_eq!(p.json()["driver"], serde_json::Value::Null);
        assert_eq!(p.json()["devices"], serde_json::json!([]));
    }

    #[test]
    fn codes_and_devices_are_bounded() {
        let p = Pairing::default();
        let n = std::cell::Cell::new(0);
        let random = || {
            n.set(n.get() + 1);
            format!("{:032x}", n.get())
        };
        let codes: Vec<_> = (0..MAX_CODES)
            .map(|_| p.new_code(random).unwrap())
            .collect();
        assert!(p.new_code(random).is_none());
        for c in &codes {
            p.redeem(c, "Android", random).unwrap();
        }
        assert!(p.new_code(random).is_none(), "a full room pairs no more");
    }

    #[test]
    fn cookies_and_names() {
        assert_eq!(cookie("a=1; lectern_device=abc; b=2", COOKIE), Some("abc"));
        assert_eq!(cookie("xlectern_device=abc", COOKIE), None);
        assert_eq!(
            device_name(Some("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)")),
            "iPhone"
        );
        assert_eq!(device_name(None), "device");
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
