// The smallest event-stream server on hyper 1 + tokio, as lectern would
// hold its rooms on it: measured beside lectern by benches/http-layers.
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8799").await.unwrap();
    let (tx, _) = broadcast::channel::<Bytes>(256);
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        let tx = tx.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                let tx = tx.clone();
                async move {
                    let body: BoxBody<Bytes, Infallible> = if req.uri().path() == "/events" {
                        let rx = tx.subscribe();
                        let s = futures_util::stream::unfold(rx, |mut rx| async move {
                            loop {
                                match rx.recv().await {
                                    Ok(b) => return Some((Ok::<_, Infallible>(Frame::data(b)), rx)),
                                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                                    Err(_) => return None,
                                }
                            }
                        });
                        BodyExt::boxed(StreamBody::new(s))
                    } else {
                        let _ = tx.send(Bytes::from_static(b"event: nav\ndata: {}\n\n"));
                        BodyExt::boxed(Full::new(Bytes::from_static(b"ok")))
                    };
                    Ok::<_, Infallible>(Response::new(body))
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(16 * 1024)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
