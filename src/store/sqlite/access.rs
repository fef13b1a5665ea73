//! Accounts, login failures, sessions and invitation codes in SQLite.

use std::sync::Arc;

use async_trait::async_trait;
use sqlx::Row;

use super::SqliteStore;
use crate::auth::AccountRole;
use crate::store::{
    Account, Accounts, CodeCount, Invitations, Result, Sessions, StoreError, StoredCode, today,
};

fn no_account(name: &str) -> StoreError {
    StoreError::NotFound(format!("brukeren «{name}» finnes ikke"))
}

impl SqliteStore {
    async fn units_of(&self, name: &str) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT unit FROM user_units WHERE user_name = ? ORDER BY unit")
                .bind(name)
                .fetch_all(&self.writer)
                .await?,
        )
    }

    fn account_from(&self, row: &sqlx::sqlite::SqliteRow) -> Result<Account> {
        let role: String = row.get("role");
        Ok(Account {
            name: row.get("name"),
            role: AccountRole::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("ukjent rolle «{role}»")))?,
            units: Vec::new(),
            password_hash: row.get("password_hash"),
            generation: row.get("generation"),
        })
    }
}

/// Inserts an account with its units, inside the caller's transaction
/// (adding an account, or moving a database); `Conflict` if the name is taken.
pub(super) async fn insert_account(
    conn: &mut sqlx::SqliteConnection,
    account: &Account,
) -> Result<()> {
    let added = sqlx::query(
        "INSERT INTO users (name, role, password_hash, generation, created_on)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(&account.name)
    .bind(account.role.key())
    .bind(&account.password_hash)
    .bind(account.generation)
    .bind(today())
    .execute(&mut *conn)
    .await?;
    if added.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "brukeren «{}» finnes allerede",
            account.name
        )));
    }
    for unit in &account.units {
        sqlx::query(
            "INSERT INTO user_units (user_name, unit) VALUES (?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(&account.name)
        .bind(unit)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl Accounts for SqliteStore {
    // Accounts are read from the writer: a login just after `user add` or a
    // password change must see it, and the reader pool may lag a commit.
    async fn account(&self, name: &str) -> Result<Option<Account>> {
        let Some(row) =
            sqlx::query("SELECT name, role, password_hash, generation FROM users WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.writer)
                .await?
        else {
            return Ok(None);
        };
        let mut account = self.account_from(&row)?;
        account.units = self.units_of(name).await?;
        Ok(Some(account))
    }

    async fn accounts(&self) -> Result<Vec<Account>> {
        let rows =
            sqlx::query("SELECT name, role, password_hash, generation FROM users ORDER BY name")
                .fetch_all(&self.writer)
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut account = self.account_from(row)?;
            account.units = self.units_of(&account.name).await?;
            out.push(account);
        }
        Ok(out)
    }

    async fn add_account(&self, account: &Account) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        insert_account(&mut tx, account).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_password(&self, name: &str, password_hash: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = ?, generation = generation + 1 WHERE name = ?",
        )
        .bind(password_hash)
        .bind(name)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(no_account(name));
        }
        Ok(())
    }

    async fn remove_account(&self, name: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM users WHERE name = ?")
            .bind(name)
            .execute(&self.writer)
            .await?;
        if done.rows_affected() == 0 {
            return Err(no_account(name));
        }
        Ok(())
    }

    async fn failures_since(&self, key: &str, since: i64) -> Result<u64> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?")
                .bind(key)
                .bind(since)
                .fetch_one(&self.writer)
                .await?;
        Ok(n as u64)
    }

    async fn note_failure(&self, keys: &[String], at: i64, forget_before: i64) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < ?")
            .bind(forget_before)
            .execute(&mut *tx)
            .await?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES (?, ?)")
                .bind(key)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn login_succeeded(&self, account_key: &str, address_key: &str, at: i64) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE key = ?")
            .bind(account_key)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM login_failures WHERE rowid =
             (SELECT rowid FROM login_failures WHERE key = ? AND at = ? LIMIT 1)",
        )
        .bind(address_key)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    fn sessions(&self) -> Sessions {
        Sessions(Arc::new(self.sessions.clone()))
    }
}

#[async_trait]
impl Invitations for SqliteStore {
    async fn add_codes(&self, round_id: &str, unit: &str, hashes: &[String]) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        let known = sqlx::query("SELECT 1 FROM units WHERE round_id = ? AND name = ?")
            .bind(round_id)
            .bind(unit)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!(
                "runde «{round_id}» har ingen enhet som heter «{unit}»"
            )));
        }
        for hash in hashes {
            sqlx::query(
                "INSERT INTO invitation_codes (code_hash, round_id, unit) VALUES (?, ?, ?)",
            )
            .bind(hash)
            .bind(round_id)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO code_tallies (round_id, unit, made) VALUES (?, ?, ?)
             ON CONFLICT (round_id, unit) DO UPDATE SET made = code_tallies.made + excluded.made",
        )
        .bind(round_id)
        .bind(unit)
        .bind(hashes.len() as i64)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE rounds SET requires_code = 1, version = version + 1 WHERE id = ?")
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_requires_code(&self, round_id: &str, required: bool) -> Result<()> {
        let done =
            sqlx::query("UPDATE rounds SET requires_code = ?, version = version + 1 WHERE id = ?")
                .bind(required)
                .bind(round_id)
                .execute(&self.writer)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "runden «{round_id}» finnes ikke"
            )));
        }
        Ok(())
    }

    async fn code(&self, round_id: &str, hash: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT unit FROM invitation_codes WHERE code_hash = ? AND round_id = ?",
        )
        .bind(hash)
        .bind(round_id)
        .fetch_optional(&self.reader)
        .await?)
    }

    async fn codes(&self, round_id: &str) -> Result<Vec<StoredCode>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT code_hash, unit FROM invitation_codes WHERE round_id = ? ORDER BY code_hash",
        )
        .bind(round_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(hash, unit)| StoredCode { hash, unit })
            .collect())
    }

    async fn code_counts(&self, round_id: &str) -> Result<Vec<CodeCount>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT unit, made, used FROM code_tallies WHERE round_id = ? ORDER BY unit",
        )
        .bind(round_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(unit, made, used)| CodeCount {
                unit,
                made: made as u64,
                used: used as u64,
            })
            .collect())
    }
}
