//! The event hub: rebuilds publish, every SSE connection waits for news.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How many past events a slow client can still catch up on, and in how
/// many bytes at most (reload events carry changed slides).
const KEEP: usize = 512;
const KEEP_BYTES: usize = 16 * 1024 * 1024;

pub struct Hub {
    inner: Mutex<Log>,
    cond: Condvar,
}

struct Log {
    next: u64,
    bytes: usize,
    /// Id, the text for this machine's pages, the text for other devices
    /// (none: not for them).
    events: VecDeque<(u64, String, Option<String>)>,
    /// The latest move of each deck, for a device that joins later.
    moves: std::collections::BTreeMap<String, String>,
}

/// How many decks' latest moves are kept (a course has a dozen).
const KEEP_MOVES: usize = 256;

impl Default for Hub {
    fn default() -> Self {
        Hub {
            inner: Mutex::new(Log {
                next: 1,
                bytes: 0,
                events: VecDeque::new(),
                moves: std::collections::BTreeMap::new(),
            }),
            cond: Condvar::new(),
        }
    }
}

impl Hub {
    /// Publishes an SSE event (`event:` name and one line of JSON data),
    /// the same for every client.
    pub fn publish(&self, name: &str, data: &str) {
        self.publish_split(name, data, Some(data));
    }

    /// Publishes an event whose data differs for pages on this machine and
    /// for other devices (`None`: they do not get it).
    pub fn publish_split(&self, name: &str, local: &str, remote: Option<&str>) {
        let mut log = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let id = log.next;
        log.next += 1;
        let text = |data: &str| format!("id: {id}\nevent: {name}\ndata: {data}\n\n");
        let local = text(local);
        let remote = remote.map(text);
        log.bytes += local.len() + remote.as_ref().map_or(0, String::len);
        log.events.push_back((id, local, remote));
        while log.events.len() > KEEP || (log.bytes > KEEP_BYTES && log.events.len() > 1) {
            if let Some((_, l, r)) = log.events.pop_front() {
                log.bytes -= l.len() + r.as_ref().map_or(0, String::len);
            }
        }
        self.cond.notify_all();
    }

    /// Publishes a move of deck `stem` (a `nav` event for every client) and
    /// keeps it as that deck's latest.
    pub fn publish_move(&self, stem: &str, data: &str) {
        self.publish("nav", data);
        let mut log = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if log.moves.len() >= KEEP_MOVES && !log.moves.contains_key(stem) {
            log.moves.clear();
        }
        log.moves
            .insert(stem.to_string(), format!("event: nav\ndata: {data}\n\n"));
    }

    /// The latest move of every deck, as events without an id: a device
    /// that joins after the presenter moved starts where the room is, not
    /// on the first slide.
    pub fn latest_moves(&self) -> String {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .moves
            .values()
            .map(String::as_str)
            .collect()
    }

    /// The id the next event will get: a new client starts here.
    pub fn cursor(&self) -> u64 {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .next
    }

    /// Events from `after` on, as a client on this machine (`local`) or
    /// another device sees them, waiting up to `timeout` for news. Returns
    /// the new cursor and the text to send (empty on timeout).
    pub fn wait(&self, after: u64, timeout: Duration, local: bool) -> (u64, String) {
        let log = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (log, _) = self
            .cond
            .wait_timeout_while(log, timeout, |l| l.next <= after)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let text: String = log
            .events
            .iter()
            .filter(|(id, _, _)| *id >= after)
            .filter_map(|(_, l, r)| {
                if local {
                    Some(l.as_str())
                } else {
                    r.as_deref()
                }
            })
            .collect();
        (log.next, text)
    }
}

#[cfg(test)]
mod tests {
    use super::Hub;
    use std::time::Duration;

    #[test]
    fn a_device_that_joins_later_gets_each_deck_s_latest_move() {
        let hub = Hub::default();
        assert_eq!(hub.latest_moves(), "");
        hub.publish_move("01-a", r#"{"index":1}"#);
        hub.publish_move("02-b", r#"{"index":7}"#);
        hub.publish_move("01-a", r#"{"index":3}"#);
        assert_eq!(
            hub.latest_moves(),
            "event: nav\ndata: {\"index\":3}\n\nevent: nav\ndata: {\"index\":7}\n\n"
        );
    }

    #[test]
    fn devices_in_the_room_get_their_own_text_or_nothing() {
        let hub = Hub::default();
        let start = hub.cursor();
        hub.publish_split(
            "reload",
            r#"{"stem":"a","slides":[[0,"<section>notes</section>"]]}"#,
            Some(r#"{"stem":"a"}"#),
        );
        hub.publish_split("problems", r#"{"errors":[]}"#, None);
        hub.publish("nav", r#"{"index":1}"#);
        let (_, local) = hub.wait(start, Duration::ZERO, true);
        let (_, remote) = hub.wait(start, Duration::ZERO, false);
        assert!(local.contains("slides") && local.contains("problems") && local.contains("nav"));
        assert!(remote.contains(r#"data: {"stem":"a"}"#), "{remote}");
        assert!(
            !remote.contains("slides") && !remote.contains("notes"),
            "{remote}"
        );
        assert!(
            !remote.contains("problems") && remote.contains("nav"),
            "{remote}"
        );
    }

    #[test]
    fn the_log_stays_within_its_byte_budget() {
        let hub = Hub::default();
        let big = "x".repeat(1024 * 1024);
        for _ in 0..40 {
            hub.publish("reload", &big);
        }
        let log = hub.inner.lock().unwrap();
        assert!(log.bytes <= super::KEEP_BYTES, "{}", log.bytes);
        assert_eq!(
            log.bytes,
            log.events
                .iter()
                .map(|(_, l, r)| l.len() + r.as_ref().map_or(0, String::len))
                .sum::<usize>()
        );
    }
}
