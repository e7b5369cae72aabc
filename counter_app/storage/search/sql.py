"""Small pieces of SQL the searches share."""

from __future__ import annotations

from sqlalchemy.engine import Connection


def _after(prefix: str) -> str:
    """The first string after every string starting with ``prefix`` (binary / "C" order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _ids(connection: Connection, sql: str, params: dict) -> list[int]:
    return list(connection.exec_driver_sql(sql, params).scalars().all()) if params is not None else []


def _newest(ids: list[int], limit: int) -> list[int]:
    return sorted(set(ids), reverse=True)[:limit]


def _range_newest(
    dialect: str,
    condition: str,
    limit: int,
    table: str = "applications",
    id_column: str = "id",
    distinct: str = "",
) -> str:
    """The newest ``limit`` ids (``id_column`` of ``table``) of a range of an index: the range is read first, then
    its ids sorted (the subquery's OFFSET 0, LIMIT -1 on SQLite, keeps the planner from walking the primary key
    backwards and testing every row instead); ``distinct`` "DISTINCT " when an id may stand in it twice."""
    fence = "LIMIT -1 OFFSET 0" if dialect == "sqlite" else "OFFSET 0"
    return (
        f"SELECT {distinct}id FROM (SELECT {id_column} AS id FROM {table} WHERE {condition} {fence}) AS found "
        f"ORDER BY id DESC LIMIT {int(limit)}"
    )


def _int_array(ids: list[int]) -> str:
    """PostgreSQL: an integer array as one text parameter (``%(x)s::integer[]``): psycopg adapts a list of ints
    element by element (0.9 ms for 500)."""
    return "{" + ",".join(map(str, ids)) + "}"


def _p(dialect: str, name: str) -> str:
    return f":{name}" if dialect == "sqlite" else f"%({name})s"


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
