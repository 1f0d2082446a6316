//! The protocol's framing over stdin and stdout, on two threads. Unlike
//! `lsp_server::Connection::stdio`, a malformed message (bad JSON, a bad
//! header, a body too large to be a deck's edit) is skipped (and said on stderr),
//! not the end of the session: the server must outlive any client.

use std::io::{BufRead, Read, Write};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{unbounded, Receiver, RecvTimeoutError, Sender};
use lsp_server::{Connection, Message};

/// Larger bodies are read past and dropped (a whole deck is at most 2 MB;
/// JSON escaping may double it).
const MAX_BODY: usize = 16 << 20;

/// The reading and writing threads.
pub struct Threads {
    reader: std::thread::JoinHandle<()>,
    writer: std::thread::JoinHandle<()>,
    closing: Arc<AtomicBool>,
}

impl Threads {
    /// Writes what is still queued, then ends both threads. Other threads
    /// may still hold a sender (one waiting on a preview's events), so the
    /// writer does not wait for the channel to close.
    pub fn close(self) {
        self.closing.store(true, Ordering::SeqCst);
        let _ = self.writer.join();
        let _ = self.reader.join();
    }
}

/// The connection over stdin and stdout, and its threads.
pub fn stdio() -> (Connection, Threads) {
    let (to_client, outgoing) = unbounded::<Message>();
    let (incoming, from_client) = unbounded::<Message>();
    let closing = Arc::new(AtomicBool::new(false));
    let done = Arc::clone(&closing);
    let writer = std::thread::spawn(move || write_all(&outgoing, &done));
    let reader = std::thread::spawn(move || read_all(&incoming));
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (
        connection,
        Threads {
            reader,
            writer,
            closing,
        },
    )
}

fn write_all(outgoing: &Receiver<Message>, closing: &AtomicBool) {
    let mut stdout = std::io::stdout().lock();
    loop {
        let message = match outgoing.recv_timeout(Duration::from_millis(50)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) if !closing.load(Ordering::SeqCst) => continue,
            Err(_) => return,
        };
        if message
            .write(&mut stdout)
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return;
        }
    }
}

fn read_all(incoming: &Sender<Message>) {
    let mut stdin = std::io::stdin().lock();
    loop {
        match read_one(&mut stdin) {
            Frame::End => return,
            // lsp-server's ids cannot be null, which a JSON-RPC answer to
            // an unreadable request needs: it is said on stderr instead.
            Frame::Skipped(why) => eprintln!("lectern lsp: skipped a malformed message: {why}"),
            Frame::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return;
                }
            }
        }
    }
}

enum Frame {
    Message(Message),
    Skipped(String),
    End,
}

/// One framed message: headers up to a blank line, then `Content-Length`
/// bytes of JSON.
fn read_one(input: &mut impl BufRead) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    loop {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok();
                if length.is_none() {
                    bad_header = Some(format!("bad Content-Length `{}`", value.trim()));
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header line `{line}`")),
        }
    }
    let Some(length) = length else {
        return Frame::Skipped(bad_header.unwrap_or_else(|| "no Content-Length".into()));
    };
    if length > MAX_BODY {
        let skipped = std::io::copy(&mut input.take(length as u64), &mut std::io::sink());
        if skipped.map_or(true, |n| n < length as u64) {
            return Frame::End;
        }
        return Frame::Skipped(format!("a message of {length} bytes is too large"));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Frame::End;
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Skipped(format!("not a JSON-RPC message: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_frames_are_skipped_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let stream = format!(
            "Content-Length: 5\r\n\r\n{{bad}}Content-Length: x\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let mut input = std::io::Cursor::new(stream.into_bytes());
        assert!(matches!(read_one(&mut input), Frame::Skipped(_)));
        assert!(matches!(read_one(&mut input), Frame::Skipped(_)));
        assert!(matches!(read_one(&mut input), Frame::Message(_)));
        assert!(matches!(read_one(&mut input), Frame::End));
    }
}
