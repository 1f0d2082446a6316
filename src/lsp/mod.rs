//! `lectern lsp`: a language server for decks, `course.toml` and themes,
//! over stdio (LSP 3.17).
//!
//! Threads and channels, no async runtime, as in the live server: the
//! main loop answers requests from the documents it holds (parsing a deck
//! takes a few milliseconds), a checker thread (`check`) publishes
//! diagnostics, and `preview` tells a running `lectern serve` where the
//! cursor is.
//!
//! - `transport`: framing on stdin/stdout, surviving malformed messages;
//! - `text`: the open documents and position conversions (UTF-16);
//! - `deck`: a document's course, deck model and slide spans;
//! - `check`: diagnostics, fast then fitted;
//! - `hover`, `complete`, `outline` (symbols, folding), `definition`,
//!   `actions` (code actions): one request each;
//! - `preview`: cursor → preview, preview click → `window/showDocument`.

mod actions;
mod check;
mod complete;
mod deck;
mod definition;
mod hover;
mod outline;
pub mod preview;
mod text;
mod transport;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::{Mutex, MutexGuard};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, FoldingRangeProviderCapability,
    HoverProviderCapability, OneOf, PositionEncodingKind, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use serde_json::Value;

use check::{Fits, Work};
use text::Store;

/// A lock that a panic elsewhere did not make unusable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs the server until the client says `exit` or closes stdin.
pub fn run() -> Result<ExitCode, lectern::Error> {
    // A runaway course template ends the server (the editor starts it
    // again) instead of holding a core and growing without end.
    lectern::bounds::enable(lectern::bounds::Bounds::from_env());
    let (connection, threads) = transport::stdio();
    let failed = |e: lsp_server::ProtocolError| lectern::Error {
        message: format!("lectern lsp: {e}"),
    };
    // Nothing in the client's capabilities changes what lectern does.
    let (id, _params) = connection.initialize_start().map_err(failed)?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "lectern".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    connection.initialize_finish(id, result).map_err(failed)?;
    let clean = Server::new(&connection).serve(&connection);
    drop(connection);
    threads.close();
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some([".", "=", "/", "{", "(", "\""].map(String::from).to_vec()),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        // Editors ask for highlights when the cursor moves: the preview
        // follows it (see `preview`); no highlights are returned.
        document_highlight_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// The main loop's state.
struct Server {
    docs: Store,
    checker: crossbeam_channel::Sender<Work>,
    checker_thread: Option<std::thread::JoinHandle<()>>,
    fits: Fits,
    preview: preview::Preview,
}

impl Server {
    fn new(connection: &Connection) -> Self {
        let fits = Fits::default();
        let (checker, thread) = check::spawn(connection.sender.clone(), fits.clone());
        Server {
            docs: Store::default(),
            checker,
            checker_thread: Some(thread),
            fits,
            preview: preview::Preview::start(connection.sender.clone()),
        }
    }

    /// Serves until `exit`; whether `shutdown` came first.
    fn serve(mut self, connection: &Connection) -> bool {
        let mut shut_down = false;
        for message in &connection.receiver {
            match message {
                Message::Request(request) if shut_down => {
                    let answer = Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    );
                    let _ = connection.sender.send(answer.into());
                }
                Message::Request(request) if request.method == "shutdown" => {
                    shut_down = true;
                    let _ = connection
                        .sender
                        .send(Response::new_ok(request.id, Value::Null).into());
                }
                Message::Request(request) => {
                    let answer = self.answer(request);
                    let _ = connection.sender.send(answer.into());
                }
                Message::Notification(n) if n.method == "exit" => break,
                Message::Notification(n) => self.notified(n),
                Message::Response(r) => self.preview.response(&r),
            }
        }
        self.preview.stop();
        drop(self.checker);
        if let Some(thread) = self.checker_thread.take() {
            let _ = thread.join();
        }
        shut_down
    }

    /// A request's answer; a bad request or a failure inside is an error
    /// answer, never the end of the server.
    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(request))) {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "lectern lsp failed on this request".into(),
            ),
        }
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        let Request { method, params, .. } = request;
        match method.as_str() {
            "textDocument/hover" => {
                let p = parse(params)?;
                reply(hover::hover(&self.docs, &self.fits, &p))
            }
            "textDocument/completion" => reply(complete::complete(&self.docs, &parse(params)?)),
            "textDocument/documentSymbol" => reply(outline::symbols(&self.docs, &parse(params)?)),
            "textDocument/foldingRange" => reply(outline::folding(&self.docs, &parse(params)?)),
            "textDocument/definition" => reply(definition::definition(&self.docs, &parse(params)?)),
            "textDocument/codeAction" => reply(actions::actions(&self.docs, &parse(params)?)),
            "textDocument/documentHighlight" => {
                let p: lsp_types::DocumentHighlightParams = parse(params)?;
                let at = &p.text_document_position_params;
                self.preview
                    .cursor(&self.docs, &at.text_document.uri, at.position);
                Ok(Value::Null)
            }
            "lectern/openPreview" => {
                let p: Value = parse(params)?;
                reply(self.preview.open(&self.docs, &p))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("lectern lsp does not know `{method}`"),
            )),
        }
    }

    fn notified(&mut self, n: Notification) {
        let params = n.params;
        let outcome = catch_unwind(AssertUnwindSafe(|| match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let d = p.text_document;
                    self.docs.open(d.uri.clone(), d.text, d.version);
                    self.recheck(&d.uri);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(params) {
                    let uri = p.text_document.uri;
                    self.docs
                        .change(&uri, p.text_document.version, p.content_changes);
                    self.recheck(&uri);
                    self.preview.edited(&self.docs, &uri);
                }
            }
            "textDocument/didSave" => {
                let _ = self.checker.send(Work::Saved);
                if let Ok(p) = parse::<lsp_types::DidSaveTextDocumentParams>(params) {
                    self.recheck(&p.text_document.uri);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(params) {
                    self.docs.close(&p.text_document.uri);
                    let _ = self.checker.send(Work::Closed(p.text_document.uri));
                }
            }
            "lectern/cursor" => {
                if let Ok(p) = parse::<lsp_types::TextDocumentPositionParams>(params) {
                    self.preview
                        .cursor(&self.docs, &p.text_document.uri, p.position);
                }
            }
            _ => {}
        }));
        if outcome.is_err() {
            eprintln!("lectern lsp: failed on a `{}` notification", n.method);
        }
    }

    fn recheck(&self, uri: &lsp_types::Url) {
        if let Some(doc) = self.docs.get(uri) {
            let _ = self.checker.send(Work::Check {
                uri: uri.clone(),
                version: doc.version,
                text: doc.text.clone(),
            });
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn reply<T: serde::Serialize>(value: T) -> Result<Value, (ErrorCode, String)> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}
