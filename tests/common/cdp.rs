//! Chrome DevTools Protocol client for the browser tests (see tests/browser.rs).
