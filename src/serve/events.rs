//! The event hub: rebuilds publish, every SSE connection waits for news.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How many past events a slow client can still catch up on.
const KEEP: usize = 512;

pub struct Hub {
    inner: Mutex<Log>,
    cond: Condvar,
}

struct Log {
    next: u64,
    events: VecDeque<(u64, String, String)>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            inner: Mutex::new(Log {
                next: 1,
                events: VecDeque::new(),
            }),
            cond: Condvar::new(),
        }
    }
}

impl Hub {
    /// Publishes an SSE event (`event:` name and one line of JSON data).
    pub fn publish(&self, name: &str, data: &str) {
        let mut log = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let id = log.next;
        log.next += 1;
        log.events.push_back((
            id,
            name.to_string(),
            format!("id: {id}\nevent: {name}\ndata: {data}\n\n"),
        ));
        while log.events.len() > KEEP {
            log.events.pop_front();
        }
        self.cond.notify_all();
    }

    /// The id the next event will get: a new client starts here.
    pub fn cursor(&self) -> u64 {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).next
    }

    /// Events from `after` on whose name `wanted` accepts, waiting up to
    /// `timeout` for news. Returns the new cursor and the text to send
    /// (empty on timeout).
    pub fn wait(
        &self,
        after: u64,
        timeout: Duration,
        wanted: impl Fn(&str) -> bool,
    ) -> (u64, String) {
        let log = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (log, _) = self
            .cond
            .wait_timeout_while(log, timeout, |l| l.next <= after)
            .unwrap_or_else(|e| e.into_inner());
        let text: String = log
            .events
            .iter()
            .filter(|(id, name, _)| *id >= after && wanted(name))
            .map(|(_, _, t)| t.as_str())
            .collect();
        (log.next, text)
    }
}
