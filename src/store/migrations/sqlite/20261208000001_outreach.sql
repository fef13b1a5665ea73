-- Reaching people (issue 28): settings an administrator sets in the
-- browser, a round's schedule, and invitations by e-mail.

-- The settings (public address, sender, SMTP relay, OpenID provider; see
-- src/outreach/settings.rs for the keys) go in the `settings` table made
-- with the first schema.

-- A round's deadline (a day, shown to people) and its times to open and
-- close (seconds since 1970, UTC), each applied once: `opened_done` and
-- `closed_done` are set by the one instance that applied it. Reminder days
-- are `YYYY-MM-DD`, comma-separated.
CREATE TABLE round_schedules (
    round_id      TEXT PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    deadline      TEXT,
    opens_at      BIGINT,
    closes_at     BIGINT,
    opened_done   BOOLEAN NOT NULL DEFAULT FALSE,
    closed_done   BOOLEAN NOT NULL DEFAULT FALSE,
    reminder_days TEXT NOT NULL DEFAULT ''
);

-- The reminder days already handled, so each is handled once.
CREATE TABLE reminders_done (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    PRIMARY KEY (round_id, day)
);

-- One row per address invited by e-mail: the outbox and the only place an
-- address meets its code. The row goes when the code is spent (in the
-- submission's transaction) and every row of a round goes when it closes.
-- `state`: invite and remind wait to be sent; sending is claimed by one
-- sender since `claimed_at`; sent; uncertain (a sender stopped, or the
-- relay went silent, in the middle: it is not sent again).
CREATE TABLE mail_invitations (
    id         BIGINT PRIMARY KEY,
    round_id   TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit       TEXT NOT NULL,
    address    TEXT NOT NULL,
    code       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    lang       TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('invite', 'remind', 'sending', 'sent', 'uncertain')),
    reminder   BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_at BIGINT,
    -- After a temporary refusal (4xx): tried again from then, at most
    -- five times, waiting longer each time.
    next_try_at BIGINT,
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mail_invitations_code ON mail_invitations (code_hash);
CREATE INDEX mail_invitations_state ON mail_invitations (state);

-- Which addresses a round has invited, as keyed hashes and nothing else,
-- so that an address given twice is invited once whether or not it has
-- answered (its row above may be gone). Deleted when the round closes.
CREATE TABLE mail_invited (
    round_id     TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    address_hash TEXT NOT NULL,
    PRIMARY KEY (round_id, address_hash)
);

-- Counts per unit that only ever grow: messages the relay took, refused,
-- and codes from e-mail spent. The page shows these, never a row above.
CREATE TABLE mail_tallies (
    round_id  TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit      TEXT NOT NULL,
    invited   BIGINT NOT NULL DEFAULT 0,
    sent      BIGINT NOT NULL DEFAULT 0,
    refused   BIGINT NOT NULL DEFAULT 0,
    uncertain BIGINT NOT NULL DEFAULT 0,
    answered  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, unit)
);

-- Invitations the relay refused for good, shown on the round page by
-- address. Kept apart from the outbox and without the code, so that
-- nothing here changes when someone answers: the person never got the
-- link. Deleted when the round closes.
CREATE TABLE mail_refusals (
    round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit     TEXT NOT NULL,
    address  TEXT NOT NULL,
    error    TEXT NOT NULL
);
