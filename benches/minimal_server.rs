//! The framework's ceiling for the load benchmark: a minimal axum handler
//! on the same runtime settings as `trappa serve`. `benches/submit.sh` runs
//! wrk against it in the same run, so the ratio to the ceiling is known.
//! Usage: cargo bench --bench minimal_server -- ADDR

fn main() {
    let addr = std::env::args()
        .skip(1)
        .rfind(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "127.0.0.1:3998".into());
    let runtime = tokio::runtime::Runtime::new().expect("runtime starts");
    runtime.block_on(async {
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .expect("port is free");
        println!("minimal handler on http://{addr}/");
        axum::serve(listener, app).await.expect("serves");
    });
}
