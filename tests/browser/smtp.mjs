// A real SMTP server for the e-mail tests (nodemailer's smtp-server): it
// takes every message, parses it (mailparser) and writes it as JSON
// ({to, from, subject, text}) into MAIL_DIR, one file per message, whole
// or not at all. Prints SMTP_PORT=<port> when it listens.
// SMTP_USER/SMTP_PASSWORD: the login it demands (plain AUTH, no TLS).
// SMTP_DELAY_MS: how long it takes to answer each message (a slow relay).
// SMTP_REFUSE: recipients containing this text are refused with 550 (with
// SMTP_REFUSE_AFTER=N, only once they have had N messages).
// SMTP_TEMPFAIL: recipients containing this text are refused for now (452).
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.MAIL_DIR;
const delay = Number(process.env.SMTP_DELAY_MS || 0);
const refuse = process.env.SMTP_REFUSE || '';
const refuseAfter = Number(process.env.SMTP_REFUSE_AFTER || 0);
const tempfail = process.env.SMTP_TEMPFAIL || '';
const had = new Map();
const user = process.env.SMTP_USER || '';
let n = 0;

const server = new SMTPServer({
  authOptional: !user,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === user && auth.password === process.env.SMTP_PASSWORD) {
      return callback(null, { user: auth.username });
    }
    return callback(new Error('Invalid username or password'));
  },
  onRcptTo(address, session, callback) {
    if (tempfail && address.address.includes(tempfail)) {
      const err = new Error(`4.2.2 <${address.address}>: mailbox full, try again later`);
      err.responseCode = 452;
      return callback(err);
    }
    if (refuse && address.address.includes(refuse) && (had.get(address.address) || 0) >= refuseAfter) {
      const err = new Error(`5.1.1 <${address.address}>: mailbox unavailable`);
      err.responseCode = 550;
      return callback(err);
    }
    callback();
  },
  onData(stream, session, callback) {
    // Kept before the reply, as a relay that delivers what it got even
    // when the sender vanished before hearing "250" (the worst case for
    // a sender that must not send twice).
    simpleParser(stream).then((mail) => {
      n += 1;
      const name = `${process.pid}-${String(n).padStart(6, '0')}`;
      const record = {
        to: session.envelope.rcptTo.map((r) => r.address),
        from: mail.from?.text || '',
        subject: mail.subject || '',
        text: mail.text || '',
      };
      for (const to of record.to) had.set(to, (had.get(to) || 0) + 1);
      writeFileSync(join(dir, `${name}.tmp`), JSON.stringify(record));
      renameSync(join(dir, `${name}.tmp`), join(dir, `${name}.json`));
      setTimeout(callback, delay);
    }, callback);
  },
});
server.listen(0, '127.0.0.1', () => {
  console.log(`SMTP_PORT=${server.server.address().port}`);
});
