//! powercut: a FUSE file system for trappa's power-loss test.
//!
//! `powercut MOUNT BACKING` shows the directory BACKING at MOUNT. Writes to
//! a file are kept in this process's memory until the file is fsynced;
//! only then do they reach BACKING (and its disk). A line `drop` on stdin
//! throws away every write that was not synced, as a power cut would, and
//! answers `dropped`. End of stdin unmounts. After a drop, BACKING holds
//! exactly what a machine would find after losing power.
//!
//! Creating, renaming and removing files and directories go to BACKING at
//! once: the test is about data, and SQLite syncs what it needs of those.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use fuser::{
    FileAttr, FileType, Filesystem, MountOption, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory,
    ReplyEmpty, ReplyEntry, ReplyOpen, ReplyWrite, Request, TimeOrNow,
};

/// Attributes are never cached by the kernel: a drop changes sizes.
const TTL: Duration = Duration::ZERO;

/// Unsynced contents, by path in BACKING: the whole file as the programs
/// see it. Shared with the thread that reads commands.
type Pending = Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>;

struct PowerCut {
    paths: HashMap<u64, PathBuf>,
    inodes: HashMap<PathBuf, u64>,
    next_inode: u64,
    pending: Pending,
}

fn errno(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(libc::EIO)
}

impl PowerCut {
    fn new(backing: PathBuf, pending: Pending) -> PowerCut {
        let mut fs = PowerCut {
            paths: HashMap::new(),
            inodes: HashMap::new(),
            next_inode: 2,
            pending,
        };
        fs.paths.insert(fuser::FUSE_ROOT_ID, backing.clone());
        fs.inodes.insert(backing, fuser::FUSE_ROOT_ID);
        fs
    }

    fn inode(&mut self, path: &Path) -> u64 {
        if let Some(&ino) = self.inodes.get(path) {
            return ino;
        }
        let ino = self.next_inode;
        self.next_inode += 1;
        self.paths.insert(ino, path.to_path_buf());
        self.inodes.insert(path.to_path_buf(), ino);
        ino
    }

    fn path(&self, ino: u64) -> Option<PathBuf> {
        self.paths.get(&ino).cloned()
    }

    fn child(&self, parent: u64, name: &OsStr) -> Option<PathBuf> {
        self.paths.get(&parent).map(|p| p.join(name))
    }

    fn attr(&mut self, path: &Path) -> std::io::Result<FileAttr> {
        let meta = fs::symlink_metadata(path)?;
        let size = match self.pending.lock().unwrap().get(path) {
            Some(image) => image.len() as u64,
            None => meta.len(),
        };
        let kind = if meta.is_dir() {
            FileType::Directory
        } else if meta.file_type().is_symlink() {
            FileType::Symlink
        } else {
            FileType::RegularFile
        };
        let time =
            |secs: i64, nanos: i64| UNIX_EPOCH + Duration::new(secs.max(0) as u64, nanos as u32);
        Ok(FileAttr {
            ino: self.inode(path),
            size,
            blocks: size.div_ceil(512),
            atime: time(meta.atime(), meta.atime_nsec()),
            mtime: time(meta.mtime(), meta.mtime_nsec()),
            ctime: time(meta.ctime(), meta.ctime_nsec()),
            crtime: time(meta.ctime(), meta.ctime_nsec()),
            kind,
            perm: (meta.mode() & 0o7777) as u16,
            nlink: meta.nlink() as u32,
            uid: meta.uid(),
            gid: meta.gid(),
            rdev: meta.rdev() as u32,
            blksize: 4096,
            flags: 0,
        })
    }

    /// The file's contents as programs see it, loaded from BACKING on the
    /// first unsynced change.
    fn with_image<T>(&self, path: &Path, f: impl FnOnce(&mut Vec<u8>) -> T) -> std::io::Result<T> {
        let mut pending = self.pending.lock().unwrap();
        if !pending.contains_key(path) {
            pending.insert(path.to_path_buf(), fs::read(path)?);
        }
        Ok(f(pending.get_mut(path).expect("inserted")))
    }

    /// fsync: the file's unsynced contents go to BACKING and its disk.
    fn persist(&self, path: &Path) -> std::io::Result<()> {
        let image = self.pending.lock().unwrap().remove(path);
        if let Some(image) = image {
            let file = OpenOptions::new().write(true).open(path)?;
            file.set_len(image.len() as u64)?;
            file.write_all_at(&image, 0)?;
            file.sync_all()?;
        }
        Ok(())
    }

    /// Removes a file or directory from BACKING at once, with anything of
    /// it that was not synced.
    fn remove(
        &mut self,
        parent: u64,
        name: &OsStr,
        reply: ReplyEmpty,
        remove: impl FnOnce(&Path) -> std::io::Result<()>,
    ) {
        let Some(path) = self.child(parent, name) else {
            return reply.error(libc::ENOENT);
        };
        match remove(&path) {
            Ok(()) => {
                self.forget_path(&path);
                reply.ok()
            }
            Err(e) => reply.error(errno(&e)),
        }
    }

    fn forget_path(&mut self, path: &Path) {
        if let Some(ino) = self.inodes.remove(path) {
            self.paths.remove(&ino);
        }
        self.pending.lock().unwrap().remove(path);
    }
}

impl Filesystem for PowerCut {
    fn lookup(&mut self, _req: &Request<'_>, parent: u64, name: &OsStr, reply: ReplyEntry) {
        let Some(path) = self.child(parent, name) else {
            return reply.error(libc::ENOENT);
        };
        match self.attr(&path) {
            Ok(attr) => reply.entry(&TTL, &attr, 0),
            Err(e) => reply.error(errno(&e)),
        }
    }

    fn getattr(&mut self, _req: &Request<'_>, ino: u64, reply: ReplyAttr) {
        let Some(path) = self.path(ino) else {
            return reply.error(libc::ENOENT);
        };
        match self.attr(&path) {
            Ok(attr) => reply.attr(&TTL, &attr),
            Err(e) => reply.error(errno(&e)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn setattr(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<TimeOrNow>,
        _mtime: Option<TimeOrNow>,
        _ctime: Option<std::time::SystemTime>,
        _fh: Option<u64>,
        _crtime: Option<std::time::SystemTime>,
        _chgtime: Option<std::time::SystemTime>,
        _bkuptime: Option<std::time::SystemTime>,
        _flags: Option<u32>,
        reply: ReplyAttr,
    ) {
        let Some(path) = self.path(ino) else {
            return reply.error(libc::ENOENT);
        };
        if let Some(mode) = mode
            && let Err(e) = fs::set_permissions(&path, fs::Permissions::from_mode(mode))
        {
            return reply.error(errno(&e));
        }
        // A truncation is a change to the data like any write: unsynced.
        if let Some(size) = size
            && let Err(e) = self.with_image(&path, |image| image.resize(size as usize, 0))
        {
            return reply.error(errno(&e));
        }
        match self.attr(&path) {
            Ok(attr) => reply.attr(&TTL, &attr),
            Err(e) => reply.error(errno(&e)),
        }
    }

    fn mkdir(
        &mut self,
        _req: &Request<'_>,
        parent: u64,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        reply: ReplyEntry,
    ) {
        let Some(path) = self.child(parent, name) else {
            return reply.error(libc::ENOENT);
        };
        let made = fs::create_dir(&path)
            .and_then(|()| fs::set_permissions(&path, fs::Permissions::from_mode(mode)));
        match made.and_then(|()| self.attr(&path)) {
            Ok(attr) => reply.entry(&TTL, &attr, 0),
            Err(e) => reply.error(errno(&e)),
        }
    }

    fn unlink(&mut self, _req: &Request<'_>, parent: u64, name: &OsStr, reply: ReplyEmpty) {
        self.remove(parent, name, reply, |p| fs::remove_file(p))
    }

    fn rmdir(&mut self, _req: &Request<'_>, parent: u64, name: &OsStr, reply: ReplyEmpty) {
        self.remove(parent, name, reply, |p| fs::remove_dir(p))
    }

    fn rename(
        &mut self,
        _req: &Request<'_>,
        parent: u64,
        name: &OsStr,
        newparent: u64,
        newname: &OsStr,
        _flags: u32,
        reply: ReplyEmpty,
    ) {
        let (Some(from), Some(to)) = (self.child(parent, name), self.child(newparent, newname))
        else {
            return reply.error(libc::ENOENT);
        };
        if let Err(e) = fs::rename(&from, &to) {
            return reply.error(errno(&e));
        }
        self.forget_path(&to);
        let mut pending = self.pending.lock().unwrap();
        if let Some(image) = pending.remove(&from) {
            pending.insert(to.clone(), image);
        }
        drop(pending);
        if let Some(ino) = self.inodes.remove(&from) {
            self.paths.insert(ino, to.clone());
            self.inodes.insert(to, ino);
        }
        reply.ok()
    }

    fn open(&mut self, _req: &Request<'_>, ino: u64, _flags: i32, reply: ReplyOpen) {
        match self.path(ino) {
            Some(_) => reply.opened(0, 0),
            None => reply.error(libc::ENOENT),
        }
    }

    fn read(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        offset: i64,
        size: u32,
        _flags: i32,
        _lock_owner: Option<u64>,
        reply: ReplyData,
    ) {
        let Some(path) = self.path(ino) else {
            return reply.error(libc::ENOENT);
        };
        let offset = offset.max(0) as usize;
        if let Some(image) = self.pending.lock().unwrap().get(&path) {
            let start = offset.min(image.len());
            let end = (offset + size as usize).min(image.len());
            return reply.data(&image[start..end]);
        }
        let mut buf = vec![0; size as usize];
        let read = File::open(&path).and_then(|f| f.read_at(&mut buf, offset as u64));
        match read {
            Ok(n) => reply.data(&buf[..n]),
            Err(e) => reply.error(errno(&e)),
        }
    }

    fn write(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        offset: i64,
        data: &[u8],
        _write_flags: u32,
        _flags: i32,
        _lock_owner: Option<u64>,
        reply: ReplyWrite,
    ) {
        let Some(path) = self.path(ino) else {
            return reply.error(libc::ENOENT);
        };
        let offset = offset.max(0) as usize;
        let written = self.with_image(&path, |image| {
            if image.len() < offset + data.len() {
                image.resize(offset + data.len(), 0);
            }
            image[offset..offset + data.len()].copy_from_slice(data);
        });
        match written {
            Ok(()) => reply.written(data.len() as u32),
            Err(e) => reply.error(errno(&e)),
        }
    }

    /// Closing a file makes nothing durable: only fsync does.
    fn flush(&mut self, _req: &Request<'_>, _ino: u64, _fh: u64, _owner: u64, reply: ReplyEmpty) {
        reply.ok()
    }

    fn fsync(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        let Some(path) = self.path(ino) else {
            return reply.error(libc::ENOENT);
        };
        match self.persist(&path) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(errno(&e)),
        }
    }

    fn fsyncdir(
        &mut self,
        _req: &Request<'_>,
        _ino: u64,
        _fh: u64,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        reply.ok()
    }

    fn opendir(&mut self, _req: &Request<'_>, ino: u64, _flags: i32, reply: ReplyOpen) {
        match self.path(ino) {
            Some(_) => reply.opened(0, 0),
            None => reply.error(libc::ENOENT),
        }
    }

    fn readdir(
        &mut self,
        _req: &Request<'_>,
        ino: u64,
        _fh: u64,
        offset: i64,
        mut reply: ReplyDirectory,
    ) {
        let Some(path) = self.path(ino) else {
            return reply.error(libc::ENOENT);
        };
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) => return reply.error(errno(&e)),
        };
        let mut all = vec![
            (ino, FileType::Directory, ".".into()),
            (ino, FileType::Directory, "..".into()),
        ];
        for entry in entries.flatten() {
            let kind = match entry.file_type() {
                Ok(t) if t.is_dir() => FileType::Directory,
                Ok(t) if t.is_symlink() => FileType::Symlink,
                _ => FileType::RegularFile,
            };
            let child = self.inode(&entry.path());
            all.push((child, kind, entry.file_name()));
        }
        for (i, (child, kind, name)) in all.into_iter().enumerate().skip(offset as usize) {
            if reply.add(child, (i + 1) as i64, kind, name) {
                break;
            }
        }
        reply.ok()
    }

    fn access(&mut self, _req: &Request<'_>, _ino: u64, _mask: i32, reply: ReplyEmpty) {
        reply.ok()
    }

    fn create(
        &mut self,
        _req: &Request<'_>,
        parent: u64,
        name: &OsStr,
        mode: u32,
        _umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let Some(path) = self.child(parent, name) else {
            return reply.error(libc::ENOENT);
        };
        let made = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(flags & libc::O_TRUNC != 0)
            .mode(mode)
            .open(&path);
        if let Err(e) = made {
            return reply.error(errno(&e));
        }
        if flags & libc::O_TRUNC != 0 {
            // The file on disk is empty now; unsynced contents went with it.
            self.pending.lock().unwrap().remove(&path);
        }
        match self.attr(&path) {
            Ok(attr) => reply.created(&TTL, &attr, 0, 0, 0),
            Err(e) => reply.error(errno(&e)),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, mount, backing] = args.as_slice() else {
        eprintln!("bruk: powercut MOUNT BACKING");
        std::process::exit(2);
    };
    let backing = fs::canonicalize(backing).expect("BACKING is a directory");
    let pending: Pending = Arc::default();
    let fs = PowerCut::new(backing, pending.clone());
    let options = [
        MountOption::FSName("powercut".into()),
        MountOption::AllowOther,
        MountOption::AutoUnmount,
    ];
    let session = fuser::spawn_mount2(fs, mount, &options).expect("mount");
    println!("mounted");
    let stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        match line.as_deref().map(str::trim) {
            Ok("drop") => {
                let lost = {
                    let mut pending = pending.lock().unwrap();
                    let lost: usize = pending.values().map(Vec::len).sum();
                    pending.clear();
                    lost
                };
                let mut out = stdout.lock();
                let _ = writeln!(out, "dropped {lost}");
                let _ = out.flush();
            }
            Ok(other) => eprintln!("powercut: unknown command {other:?}"),
            Err(_) => break,
        }
    }
    drop(session);
}
