"""The store's SQL as PostgreSQL reads it (sitreps/store/dialect.py): no server needed."""

from __future__ import annotations

from sitreps.store import describe, exists, is_postgres
from sitreps.store.dialect import postgres_sql


def test_sql_is_rewritten_for_postgres_outside_quotes_only() -> None:
    assert postgres_sql("SELECT x FROM t WHERE a = ? AND b = '?' AND \"c?\" IN (?, ?)") == \
        "SELECT x FROM t WHERE a = $1 AND b = '?' AND \"c?\" IN ($2, $3)"
    assert postgres_sql("CREATE TABLE t (x DOUBLE, y DOUBLE PRECISION, z VARCHAR DEFAULT 'DOUBLE')") == \
        "CREATE TABLE t (x DOUBLE PRECISION, y DOUBLE PRECISION, z VARCHAR DEFAULT 'DOUBLE')"
    assert postgres_sql("SELECT unnest($1::DOUBLE[])") == "SELECT unnest($1::DOUBLE PRECISION[])"


def test_a_postgres_url_is_told_from_a_file_and_its_password_kept_out_of_messages() -> None:
    url = "postgresql://analyst:hunter2@db.example.org:5432/sitreps"
    assert is_postgres(url) and is_postgres("postgres://db/x") and not is_postgres("sitreps.duckdb")
    assert describe(url) == "postgresql://analyst:***@db.example.org:5432/sitreps"
    assert describe("postgresql://db.example.org/sitreps") == "postgresql://db.example.org/sitreps"
    assert exists(url) and not exists("no-such-folder/no.duckdb")
