//! Printing a report to PDF with headless Chromium (Debian package
//! `chromium`). A missing browser is a clear error, not a crash.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary: `TRAPPA_CHROMIUM`, or the first of the usual names on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("TRAPPA_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Prints `html` (a self-contained page) to `pdf`.
pub fn print(html: &str, pdf: &Path) -> anyhow::Result<()> {
    let chromium = find_chromium().ok_or_else(|| {
        anyhow::anyhow!(
            "PDF krever Chromium, som ikke er installert. Installer den (Debian/Ubuntu: apt-get install chromium) eller skriv HTML og skriv den ut fra nettleseren."
        )
    })?;
    let dir = tempfile::tempdir()?;
    let page = dir.path().join("rapport.html");
    std::fs::write(&page, html)?;
    let target = std::path::absolute(pdf)?;
    let output = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| anyhow::anyhow!("kan ikke starte {}: {e}", chromium.display()))?;
    if !output.status.success() || !target.exists() {
        anyhow::bail!(
            "Chromium klarte ikke å lage PDF ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    Ok(())
}
