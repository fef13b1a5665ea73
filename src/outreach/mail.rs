//! The e-mails: a plain-text message in the person's language that says
//! who sends it, why, the deadline, whom to ask, and that answers are
//! anonymous; and sending it through the municipality's relay (lettre).

use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::settings::{Security, Smtp};
use crate::i18n::{Lang, tr, tr_args};
use crate::invite::letters::Letterhead;
use crate::store::outreach::{MailOutcome, OutgoingMail};

/// Subject and body of one message.
pub fn text(mail: &OutgoingMail, title: &str, head: &Letterhead, link: &str) -> (String, String) {
    let lang = Lang::parse(&mail.lang).unwrap_or(Lang::Nb);
    let sender = head
        .sender
        .clone()
        .unwrap_or_else(|| tr(lang, "mail-default-sender"));
    let subject_key = if mail.reminder {
        "mail-reminder-subject"
    } else {
        "mail-subject"
    };
    let subject = tr_args(lang, subject_key, &[("title", title.to_string().into())]);
    let mut parts = vec![tr(lang, "mail-greeting")];
    if mail.reminder {
        parts.push(tr(lang, "mail-reminder-lead"));
    }
    parts.push(tr_args(
        lang,
        "mail-why",
        &[
            ("sender", sender.clone().into()),
            ("title", title.to_string().into()),
            ("unit", mail.unit.clone().into()),
        ],
    ));
    parts.push(format!("{}\n{link}", tr(lang, "mail-link")));
    if let Some(deadline) = &head.deadline {
        parts.push(tr_args(
            lang,
            "mail-deadline",
            &[("deadline", deadline.clone().into())],
        ));
    }
    parts.push(tr(lang, "mail-anonymous"));
    if let Some(contact) = &head.contact {
        parts.push(tr_args(
            lang,
            "mail-contact",
            &[("contact", contact.clone().into())],
        ));
    }
    parts.push(tr_args(
        lang,
        "mail-signature",
        &[("sender", sender.into())],
    ));
    (subject, parts.join("\n\n") + "\n")
}

/// Why a message could not be built (a setting or an address that the
/// checks let through but the builder does not take).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BuildError(String);

/// The message as it goes to the relay.
pub fn message(
    smtp: &Smtp,
    mail: &OutgoingMail,
    title: &str,
    head: &Letterhead,
    link: &str,
) -> Result<Message, BuildError> {
    let (subject, body) = text(mail, title, head, link);
    let from: Mailbox = smtp
        .from
        .parse::<lettre::Address>()
        .map(|a| Mailbox::new(head.sender.clone(), a))
        .map_err(|e| BuildError(e.to_string()))?;
    let to: Mailbox = mail
        .address
        .parse()
        .map_err(|e: lettre::address::AddressError| BuildError(e.to_string()))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| BuildError(e.to_string()))
}

/// A connection to the relay, as the settings say.
pub fn relay(smtp: &Smtp) -> Result<AsyncSmtpTransport<Tokio1Executor>, BuildError> {
    let built = |e: lettre::transport::smtp::Error| BuildError(e.to_string());
    let mut builder = match smtp.security {
        Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(built)?,
        Security::StartTls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(built)?
        }
        Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
    }
    .port(smtp.port)
    .timeout(Some(Duration::from_secs(30)));
    if let Some(user) = &smtp.user {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            smtp.password.clone().unwrap_or_default(),
        ));
    }
    Ok(builder.build())
}

/// Sends one message: what the relay said, as the outbox keeps it. Only
/// a reply says for sure that the relay did not take it; a timeout or a
/// dropped connection may come after it did, so such a message is
/// uncertain and never sent again (the worker checks the relay answers
/// before it begins, so a relay that is down costs no message).
pub async fn send(relay: &AsyncSmtpTransport<Tokio1Executor>, message: Message) -> MailOutcome {
    match relay.send(message).await {
        Ok(_) => MailOutcome::Sent,
        Err(e) if e.is_permanent() => MailOutcome::Refused(e.to_string()),
        Err(e) if e.is_transient() => MailOutcome::Later(e.to_string()),
        Err(_) => MailOutcome::Uncertain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(lang: &str, reminder: bool) -> OutgoingMail {
        OutgoingMail {
            id: 1,
            round_id: "2027".into(),
            unit: "Kulturskolen".into(),
            address: "kari@solvik.no".into(),
            code: "ABCDE-FGHJK".into(),
            lang: lang.into(),
            reminder,
        }
    }

    #[test]
    fn a_message_says_who_why_when_whom_to_ask_and_that_it_is_anonymous() {
        let title = "Medarbeiderundersøkelse 2027";
        let head = Letterhead {
            sender: Some("HR i Solvik kommune".into()),
            contact: Some("Kari, tlf. 400 00 000".into()),
            deadline: Some("14.03.2027".into()),
        };
        let (subject, body) = text(
            &mail("nb", false),
            title,
            &head,
            "https://x/s/2027?kode=ABCDE-FGHJK",
        );
        assert!(
            subject.contains("Medarbeiderundersøkelse 2027"),
            "{subject}"
        );
        for needle in [
            "HR i Solvik kommune",
            "Kulturskolen",
            "14.03.2027",
            "anonym",
            "Kari, tlf. 400 00 000",
            "https://x/s/2027?kode=ABCDE-FGHJK",
        ] {
            assert!(body.contains(needle), "{needle} in {body}");
        }
        let (subject, body) = text(&mail("en", true), title, &head, "L");
        assert!(subject.starts_with("Reminder"), "{subject}");
        assert!(body.contains("anonymous"), "{body}");
        let (_, nn) = text(&mail("nn", false), title, &head, "L");
        assert_ne!(nn, text(&mail("nb", false), title, &head, "L").1);
    }
}
