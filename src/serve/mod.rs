//! `lectern serve`: the live preview and presentation server.
//!
//! Our own small HTTP/1.1 layer on a thread per connection (`connection`,
//! with the limits a laptop on a room's network needs; SSE connections wait
//! on a condition variable, as typst-kit's server does), notify for file
//! watching, and the routes and their rules in `http`. The
//! pipeline knows nothing of either: this module holds the last good
//! outputs, rebuilds what changed, and tells browsers over Server-Sent Events.
//! Every PDF, and every page of a course's own template, is rendered by
//! `worker` in a child process held to time and memory bounds, so no
//! template can stop the server; pages in lectern's own template are made
//! here, bounded by the deck caps.

mod author;
mod connection;
mod events;
mod http;
mod pairing;
mod state;
mod watch;
pub mod worker;

use std::net::{SocketAddr, TcpListener};
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::ServeArgs;
use lectern::display_path;

pub use state::Live;

pub fn run(args: ServeArgs) -> Result<ExitCode, lectern::Error> {
    let name = if args.host.parse::<std::net::IpAddr>().is_ok() {
        ""
    } else {
        args.host.as_str()
    };
    let path = crate::course_path(&args.path);
    crate::check_theme_flag(&args.theme, &path)?;
    let live = Arc::new(Live::new(&path, args.theme.clone(), name)?);
    // Watch first: a save made while the first build runs is not lost.
    watch::spawn(Arc::clone(&live));
    live.rebuild_all();
    let (server, addr) = bind(&args.host, args.port)?;
    let _ = live.address.set(addr);
    author::announce(&live, addr);
    let url = format!("http://{}/", display_addr(addr));
    eprintln!("serving {} at {url}", display_path(&path));
    if addr.ip().is_loopback() {
        eprintln!("only this computer can open it (use --host 0.0.0.0 to let devices in the room connect)");
    } else {
        eprintln!(
            "listening on {}: devices on this network can open the slides and the workbook; the presenter view, the notes and the sources open only on this computer",
            addr.ip()
        );
    }
    if args.open {
        open_browser(&url);
    }
    http::serve(server, live);
    Ok(ExitCode::SUCCESS)
}

/// Binds the port, or the next free one (saying so).
fn bind(host: &str, port: u16) -> Result<(TcpListener, SocketAddr), lectern::Error> {
    let mut last_error = String::new();
    for p in port..port.saturating_add(20) {
        match TcpListener::bind((host, p)) {
            Ok(server) => {
                let addr = server.local_addr().map_err(|e| lectern::Error {
                    message: format!("cannot read the bound address: {e}"),
                })?;
                if p != port {
                    eprintln!("port {port} is in use; using {p} instead (choose one with --port)");
                }
                return Ok((server, addr));
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(lectern::Error {
        message: format!("cannot listen on {host}:{port} or the next 19 ports ({last_error}); choose another with --port"),
    })
}

fn display_addr(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("127.0.0.1:{}", addr.port())
    } else {
        addr.to_string()
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}
