//! Nothing lost: an acknowledged submission survives SIGKILL.

use crate::helpers::*;

#[tokio::test]
async fn acknowledged_submissions_survive_sigkill() {
    let env = TestEnv::new();
    env.open_round();
    let client = client();
    let mut acknowledged = 0;
    for round in 0..3 {
        let mut server = env.spawn_server();
        for i in 0..10 {
            let token = form_token(&client, &server, "2026").await;
            let p = ((i % 5) + 1).to_string();
            let fields = [
                ("_token", token.as_str()),
                ("unit", "Kulturskolen"),
                ("role", "ansatt"),
                ("plakat.p01", p.as_str()),
            ];
            let (status, _, _) = post_form(&client, &server.url("/s/2026"), &fields).await;
            assert_eq!(status, 303);
            acknowledged += 1;
        }
        // SIGKILL right after the last acknowledgement: no shutdown, no flush.
        server.kill();
        assert_eq!(
            env.export_rows("2026").len(),
            acknowledged,
            "after kill number {}",
            round + 1
        );
    }
}
