//! Reading files, bounded: every file lectern reads from a course (decks,
//! settings, theme files, pictures, delivery logs) or from its output
//! folder (the fit cache) comes through here. Only regular files are read
//! (a FIFO would block, a device like /dev/zero would never end), at most
//! a given number of bytes, and within the course folder when one is
//! named: a symbolic link that leads outside it is refused.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// A folder, FIFO, socket or device.
    NotAFile,
    /// Larger than the cap (its size in bytes, or the cap plus one when
    /// the size was not known before reading).
    TooLarge {
        size: u64,
        cap: u64,
    },
    /// It resolves to a place outside the course folder.
    Outside(PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("it does not exist"),
            ReadError::NotAFile => {
                f.write_str("it is not a regular file (a folder, pipe or device)")
            }
            ReadError::TooLarge { size, cap } => write!(
                f,
                "it is {} and lectern reads at most {} here",
                human(*size),
                human(*cap)
            ),
            ReadError::Outside(real) => write!(
                f,
                "it leads outside the course folder (to {})",
                real.display()
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn human(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// Reads a regular file of at most `cap` bytes.
pub fn read_bounded(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(from_io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let file = open_no_wait(path).map_err(from_io)?;
    // The file may have been swapped between the look and the open.
    if !file.metadata().map_err(from_io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(from_io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge { size: cap + 1, cap });
    }
    Ok(bytes)
}

/// Reads a file of the course folder `root`: `read_bounded`, after
/// following every link, only when the file really is inside `root`.
pub fn read_in_course(root: &Path, path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let root = root.canonicalize().map_err(from_io)?;
    let real = path.canonicalize().map_err(from_io)?;
    if !real.starts_with(&root) {
        return Err(ReadError::Outside(real));
    }
    read_bounded(&real, cap)
}

fn from_io(e: std::io::Error) -> ReadError {
    if e.kind() == std::io::ErrorKind::NotFound {
        ReadError::NotFound
    } else {
        ReadError::Io(e)
    }
}

/// Opens for reading without waiting for a writer: a FIFO put in place
/// after the look would otherwise block the open itself.
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lectern-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_regular_file_within_its_cap_is_read() {
        let dir = scratch("plain");
        std::fs::write(dir.join("a.txt"), "hello").unwrap();
        assert_eq!(read_bounded(&dir.join("a.txt"), 5).unwrap(), b"hello");
        assert!(matches!(
            read_bounded(&dir.join("a.txt"), 4),
            Err(ReadError::TooLarge { size: 5, cap: 4 })
        ));
        assert!(matches!(
            read_bounded(&dir.join("b.txt"), 4),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(read_bounded(&dir, 4), Err(ReadError::NotAFile)));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_and_links_out_of_the_course_are_refused() {
        let dir = scratch("unix");
        // /dev/zero has length 0 and never ends: refused before any read.
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).unwrap();
        assert!(matches!(
            read_bounded(&dir.join("zero.md"), 1 << 20),
            Err(ReadError::NotAFile)
        ));
        let fifo = dir.join("fifo.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_bounded(&fifo, 1 << 20),
                Err(ReadError::NotAFile)
            ));
        }
        let outside = scratch("outside");
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("deck.typ")).unwrap();
        assert!(matches!(
            read_in_course(&dir, &dir.join("deck.typ"), 100),
            Err(ReadError::Outside(_))
        ));
        std::fs::write(dir.join("ok.txt"), "ok").unwrap();
        assert_eq!(
            read_in_course(&dir, &dir.join("ok.txt"), 100).unwrap(),
            b"ok"
        );
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&outside);
    }
}
