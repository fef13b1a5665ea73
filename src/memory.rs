//! Memory the server no longer needs goes back to the system. Each login
//! and code look-up hashes with 19 MiB (argon2). glibc raises its threshold
//! for mapping large blocks to the largest block freed so far, so after the
//! first hash every later one comes from a thread's heap and stays there
//! when freed: measured, 19 MiB more resident memory per login until each
//! thread's heap holds a few (278 MiB after 53 logins). A fixed threshold
//! maps every block of 1 MiB or more and unmaps it when freed (the same
//! burst then peaks at 87 MiB).

/// Call once, first thing in `main`.
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a setting of the allocator; called before
    // any other thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
