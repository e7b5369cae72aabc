"""Words of names (and any other words): the name-word tables, the trigram index, and their intersections."""

from __future__ import annotations

import json
import time
from itertools import combinations

from sqlalchemy.engine import Connection

from counter_app.storage.search import tuning
from counter_app.storage.search.receipts import (
    RECEIPT_MIDDLE,
    SUFFIXES,
    pg_buckets_down_from,
    probe_cte,
    receipt_middle_below,
)
from counter_app.storage.search.schema import (
    COMMON_DIGITS_FUNCTION,
    DIGITS_TABLE,
    EARLIER_PARTS,
    FTS_TABLE,
    MIN_CHARACTERS,
    NAME_VOCABULARY,
    NAME_WORD_TABLE,
    SEARCH_TEXT,
    SUFFIX_BUCKET,
    VOCABULARY_SEARCH,
    anywhere_query,
    bucket_key,
    digit_grams,
    digit_grams_sql,
    digit_grams_words,
    digits_text,
)
from counter_app.storage.search.sql import _after, _ids, _int_array, _like, _newest, _p

# PostgreSQL: the suffix table's buckets, the newest first (``probe_cte``), from the newest application's
EVERY_BUCKET = pg_buckets_down_from(f"(SELECT max(id) FROM applications) / {SUFFIX_BUCKET}")


def text_ids(connection: Connection, words: list[str], limit: int) -> list[int]:
    """Applications whose search text holds every folded word (those of 3+ characters through the trigram
    index; shorter ones only in the name), the newest first."""
    dialect = connection.dialect.name
    found = _name_word_ids(connection, list(dict.fromkeys(words)), limit)
    if found is not None:
        return found
    indexed = [w for w in words if len(w) >= MIN_CHARACTERS]
    short = [w for w in words if len(w) < MIN_CHARACTERS]
    params: dict[str, str] = {}
    names = []
    for index, word in enumerate(short):
        params[f"s{index}"] = _like(word)
        names.append(f"a.applicant_name_folded LIKE {_p(dialect, f's{index}')} ESCAPE '\\'")
    if dialect == "sqlite":
        params["phrase"] = " ".join('"' + w.replace('"', '""') + '"' for w in indexed)  # all, as substrings
        if not names:  # FTS5 alone: its matches come newest first and it stops at the page
            return _ids(
                connection,
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :phrase ORDER BY rowid DESC "
                f"LIMIT {int(limit)}",
                params,
            )
        return _ids(
            connection,
            f"SELECT s.rowid FROM {FTS_TABLE} AS s CROSS JOIN applications AS a ON a.id = s.rowid "
            f"WHERE s.{FTS_TABLE} MATCH :phrase AND {' AND '.join(names)} ORDER BY s.rowid DESC LIMIT {int(limit)}",
            params,
        )
    conditions = [c.replace("a.applicant_name_folded", "applicant_name_folded") for c in names]
    by_part = list(conditions)
    for index, word in enumerate(indexed):
        params[f"w{index}"] = _like(word)
        conditions.append(f"({SEARCH_TEXT}) LIKE %(w{index})s")
        by_part.append(_pg_on_row(word, f"w{index}"))
    return _pg_text_ids(connection, " AND ".join(conditions), " AND ".join(by_part), params, limit)


def _pg_on_row(word: str, name: str) -> str:
    """PostgreSQL: the search text holds ``word`` (the parameter ``name``), tested part by part (a word has no
    space, so it cannot span two parts): no text is built, and the IIN (digits only) is looked at only for a word
    of digits."""
    in_iin = f" OR applicant_iin LIKE %({name})s" if word.isdigit() else ""
    return f"(applicant_name_folded LIKE %({name})s{in_iin} OR lower(receipt_number) LIKE %({name})s)"


def _pg_text_ids(connection: Connection, where: str, on_row: str, params: dict, limit: int) -> list[int]:
    """PostgreSQL: a GIN index finds every match of a word before the newest can be chosen, and rechecks each
    in the table (a word of ten thousand rows costs ten thousand row reads). So the newest rows are read first,
    by the primary key, in windows that grow with how rare the matches are; the GIN index answers once the
    matches prove rare (few left to find among many rows)."""
    found: list[int] = []
    floor = None
    window = tuning.PG_NEWEST_WINDOW
    scanned = 0
    while True:
        below = "" if floor is None else "WHERE id < %(floor)s "
        # The window's rows come newest first and the outer LIMIT stops reading them once the page is full.
        found += _ids(
            connection,
            f"SELECT id FROM (SELECT id, applicant_name_folded, applicant_iin, receipt_number FROM applications "
            f"{below}ORDER BY id DESC LIMIT {window}) AS newest WHERE {on_row} "
            f"ORDER BY id DESC LIMIT {int(limit - len(found))}",
            {**params, "floor": floor},
        )
        if len(found) >= limit:
            return found
        lowest, read = connection.exec_driver_sql(  # the whole window was read: where it ended
            f"SELECT min(id), count(*) FROM (SELECT id FROM applications {below}ORDER BY id DESC LIMIT {window}) "
            f"AS newest",
            {"floor": floor},
        ).one()
        if read < window:
            return found
        floor = lowest
        scanned += window
        # Rows still to read at the rate seen so far: beyond PG_SCAN_BUDGET (or with none seen) the index is
        # cheaper, its matches being few.
        expected = (limit - len(found)) * scanned / max(len(found), 1)
        if not found or scanned + expected > tuning.PG_SCAN_BUDGET:
            break
        window = int(min(max(expected * 1.5, tuning.PG_NEWEST_WINDOW), tuning.PG_SCAN_BUDGET - scanned))
    # The older rows through the GIN index; OFFSET 0 keeps the planner from walking the primary key backwards,
    # and "id + 0" from reading the primary key's range instead of the index.
    older = "" if floor is None else " AND id + 0 < %(floor)s"
    return found + _ids(
        connection,
        f"SELECT id FROM (SELECT id FROM applications WHERE {where}{older} OFFSET 0) AS found "
        f"ORDER BY id DESC LIMIT {int(limit - len(found))}",
        {**params, "floor": floor},
    )


def is_name_word(word: str) -> bool:
    """A search word the name-word table answers: three characters or more, no digit (so neither in an IIN nor
    in the digits of a receipt number) and not only dashes."""
    return len(word) >= MIN_CHARACTERS and not any("0" <= c <= "9" for c in word) and word.strip("-") != ""


def _vocabulary(connection: Connection, words: list[str], most: int | None = None) -> list[list[str]]:
    """For each word, the whole words holding it (at most ``most`` + 1, WORD_KEYS + 1 unless told: more means
    too many). SQLite: through the vocabulary's FTS5 trigram table, which matches as the search text's does (case
    folded by FTS5). A word under three characters (which a name must hold) is looked for in every word of the
    vocabulary (no trigram to look up; SQLite's LIKE folds ASCII letters only, so the words found hold it or its
    ASCII capitals — the rows are then tested on their names)."""
    dialect = connection.dialect.name
    most = tuning.WORD_KEYS if most is None else most
    parts = []
    params = {}
    for i, word in enumerate(words):
        if dialect == "sqlite" and len(word) >= MIN_CHARACTERS:
            parts.append(
                f"SELECT {i} AS i, word FROM (SELECT word FROM {VOCABULARY_SEARCH} WHERE {VOCABULARY_SEARCH} "
                f"MATCH :v{i} LIMIT {int(most) + 1})"
            )
            params[f"v{i}"] = '"' + word.replace('"', '""') + '"'
        elif dialect == "sqlite":
            parts.append(
                f"SELECT {i} AS i, word FROM (SELECT word FROM {NAME_VOCABULARY} WHERE word LIKE :v{i} "
                f"ESCAPE '\\' LIMIT {int(most) + 1})"
            )
            params[f"v{i}"] = _like(word)
        else:
            parts.append(
                f"(SELECT DISTINCT {i} AS i, word FROM {NAME_VOCABULARY} WHERE word LIKE %(v{i})s ESCAPE '\\' "
                f"LIMIT {int(most) + 1})"
            )
            params[f"v{i}"] = _like(word)
    holding: list[list[str]] = [[] for _ in words]
    rows = connection.exec_driver_sql(" UNION ALL ".join(parts), params)
    for i, word in rows:
        holding[i].append(word)
    return holding


def _pair_keys(first: list[str], second: list[str]) -> list[str]:
    """The keys of the applications holding a word of ``first`` and one of ``second``: each pair of two words
    ("a b", a before b in binary order: the "C" collation, SQLite's own), and each word in both (it holds both
    typed words alone)."""
    pairs = {f"{min(x, y)} {max(x, y)}" for x in first for y in second if x != y}
    return sorted(pairs | (set(first) & set(second)))


def _name_word_ids(connection: Connection, words: list[str], limit: int) -> list[int] | None:
    """The newest ids through ``application_name_word``, or None when it cannot answer (then the trigram index
    does, as before): one or two words without digits typed alone are each backend's quickest reading; other
    searches holding such a word, or a word under three characters, are an intersection (``_intersected_ids``).
    One or two such words with a part held by too many words go as before (FTS5 reads the part's matches newest
    first at once, where the intersection would read them a chunk at a time)."""
    indexed = [w for w in words if len(w) >= MIN_CHARACTERS]
    if 1 <= len(words) <= 2 and len(indexed) == len(words) and all(is_name_word(w) for w in words):
        if connection.dialect.name == "sqlite":
            return _sqlite_name_word_ids(connection, words, limit)
        return _pg_words_at_once(connection, words, limit)
    return _intersected_ids(connection, words, limit)


def _sqlite_name_word_ids(connection: Connection, indexed: list[str], limit: int) -> list[int] | None:
    """SQLite, one or two words without digits: the words holding each (the vocabulary), their keys (the words,
    or the pairs of them), and each key's ids read backwards from the b-tree of ``application_name_word``, merged
    newest first (a compound SELECT's merge, which stops at the page). None for a part held by too many words."""
    holding = _vocabulary(connection, indexed)
    if any(not words for words in holding):
        return []  # a word no application holds
    if len(indexed) == 1:
        keys = holding[0] if len(holding[0]) <= tuning.WORD_KEYS else None
    else:
        keys = _pair_keys(*holding) if len(holding[0]) * len(holding[1]) <= tuning.WORD_KEYS else None
    if keys is None:
        return None
    params = {f"k{i}": key for i, key in enumerate(keys)}
    merged = " UNION ".join(
        f"SELECT w.application_id FROM {NAME_WORD_TABLE} AS w WHERE w.word = :k{i}" for i in range(len(keys))
    )
    return _ids(connection, f"{merged} ORDER BY 1 DESC LIMIT {int(limit)}", params)


def _pg_words_at_once(connection: Connection, indexed: list[str], limit: int) -> list[int] | None:
    """One or two words and nothing else typed (the usual search): the vocabulary, the words' (or pairs') keys
    and their newest ids in one statement — one round trip, which on a busy machine is most of the time. Each
    key's newest ``limit`` ids are read backwards from the b-tree (a LATERAL join), then the newest of them are
    kept. None when a part stands for too many words (the caller plans it instead)."""
    first = f"SELECT DISTINCT word FROM {NAME_VOCABULARY} WHERE word LIKE %(v0)s ESCAPE '\\' LIMIT {tuning.WORD_KEYS + 1}"
    params = {"v0": _like(indexed[0])}
    if len(indexed) == 1:
        words = f"WITH v0 AS MATERIALIZED ({first}), v1 AS (SELECT 1) "
        keys = f"SELECT word AS k FROM v0 WHERE (SELECT count(*) FROM v0) <= {tuning.WORD_KEYS}"
    else:
        params["v1"] = _like(indexed[1])
        words = (
            f"WITH v0 AS MATERIALIZED ({first}), v1 AS MATERIALIZED ({first.replace('%(v0)s', '%(v1)s')}) "
        )
        keys = (  # a pair "a b" (a before b in "C" order), or one word holding both typed words
            "SELECT CASE WHEN a.word < b.word THEN a.word || ' ' || b.word ELSE b.word || ' ' || a.word END AS k "
            "FROM v0 AS a, v1 AS b WHERE a.word <> b.word "
            f"AND (SELECT count(*) FROM v0) * (SELECT count(*) FROM v1) <= {tuning.WORD_KEYS} "
            "UNION SELECT a.word FROM v0 AS a JOIN v1 AS b ON a.word = b.word "
            f"WHERE (SELECT count(*) FROM v0) * (SELECT count(*) FROM v1) <= {tuning.WORD_KEYS}"
        )
    counts, ids = connection.exec_driver_sql(
        f"{words}, keys AS ({keys}) "
        "SELECT ARRAY[(SELECT count(*) FROM v0), (SELECT count(*) FROM v1)], "
        "ARRAY(SELECT DISTINCT x.application_id FROM keys CROSS JOIN LATERAL "
        f"(SELECT application_id FROM {NAME_WORD_TABLE} AS t WHERE t.word = keys.k "
        f"ORDER BY application_id DESC LIMIT {int(limit)}) AS x ORDER BY x.application_id DESC LIMIT {int(limit)})",
        params,
    ).one()
    if not all(counts):
        return []  # a word no application holds
    return list(ids) if counts[0] * counts[1] <= tuning.WORD_KEYS else None


def _intersected_ids(connection: Connection, words: list[str], limit: int) -> list[int] | None:
    """The newest ids holding every word, as an intersection of id lists each read newest first (None when no
    word without digits has few enough words holding it: then as before).

    Each word without digits (or under three characters: a name must hold it) stands for the vocabulary's words
    holding it; a word no vocabulary word holds is in no application (nothing found at once). The rows holding two
    typed words are those of their pairs' keys (``_pair_keys``, as for two words alone); the cheapest pairs covering
    the words (and a few more: one of them is often empty) are read side by side, each key's ids backwards from the
    b-tree and merged, a chunk at a time, leapfrogging: a chunk starts at the newest id that can still be in every
    list, so ids between two that are found together are skipped when one list has none there. A word that no pair
    covers: a list of its own words when few. A receipt number's middle (digits and a dash, which no name holds):
    the ids of its receipts below the chunk's start (``receipt_middle_below``), until it proves denser than the name
    lists where it starts, or turns dense in a bucket (a year, a day: then tested on their rows within that bucket,
    at most MIDDLE_ROWS_TESTED in all, else None); where it is far sparser than the lists (a serial), its ids are
    the candidates and the lists' words are tested on their rows. Digits typed beside the words (one word of them)
    are answered by the digits' index alone when that is quick (``_digits_first``); else they are such a middle for
    a number's parts before its last dash, and the rows whose IIN or number's last part holds them are added
    (``_digits_beside``). Other words (with digits, or held by too many words): tested on the rows
    (at most ROWS_TESTED, else None), or on SQLite, when not ASCII (FTS5 folds the case of any letter, LIKE of ASCII
    ones), read from FTS5 newest first. Words under three characters are tested on the rows' names (a vocabulary
    word holding one may be a department's); one held by more than SHORT_KEYS words (a common letter) is not read as
    a list at first, but once it proves rare among the rows tested (more rows still to test than keys to read), as a
    list of the pairs of its words (at most WIDE_KEYS) and those of another typed word, read by one index scan of
    them all (a rare pair's keys hold few ids)."""
    dialect = connection.dialect.name
    units = [w for w in words if len(w) < MIN_CHARACTERS or is_name_word(w)]
    if not any(len(w) >= MIN_CHARACTERS for w in words) or not units:
        return None
    # digits and a dash: in a receipt number (an IIN has no dash) or in a name, when a word of the vocabulary holds
    # it; else its applications are those of the suffix table (``receipt_middle_ids``), a list like the others
    middles = [w for w in words if w not in units and len(w) >= MIN_CHARACTERS and RECEIPT_MIDDLE.match(w)]
    holding = _vocabulary(connection, units + middles)
    middles = [w for w, found in zip(middles, holding[len(units) :], strict=True) if not found]
    holding = holding[: len(units)]
    # digits typed beside words (a year, a day, an IIN's digits): in a receipt number's part before its last dash
    # (read as a middle, from the suffix table) or in the IIN or the number's last part (``_digits_beside``)
    digits = [w for w in words if len(w) >= MIN_CHARACTERS and w.isascii() and w.isdigit()]
    if len(digits) == 1:
        middles.append(digits[0])
    if any(not found for found in holding):
        return []  # a word no application holds
    holders = dict(zip(units, holding, strict=True))  # each word's vocabulary words
    others = [w for w in words if w not in digits]
    if len(digits) == 1:
        first = _digits_first(connection, digits[0], others, holders, limit)
        if first is not None:
            return first
    # a word under three characters held by many words (a common letter) is in most names: tested on the rows
    listed = [
        i for i, w in enumerate(units) if len(w) >= MIN_CHARACTERS or len(holding[i]) <= tuning.SHORT_KEYS
    ]
    pairs = [
        (_pair_keys(holding[a], holding[b]), {a, b})
        for a, b in combinations(listed, 2)
        if len(holding[a]) * len(holding[b]) <= tuning.WORD_KEYS
    ]
    pairs.sort(key=lambda pair: len(pair[0]))  # the fewest keys first
    lists: list[list[str]] = []  # each list's keys
    covered: set[int] = set()
    for keys, typed in pairs:
        if len(lists) < tuning.NAME_STREAMS or not typed <= covered:
            lists.append(keys)
            covered |= typed
    for i in listed:
        if i not in covered and len(holding[i]) <= tuning.WORD_KEYS:
            lists.append(holding[i])
            covered.add(i)
    if not lists:
        return None
    # the words under three characters tested on the rows, which could be read as a list instead
    unlisted = [i for i in range(len(units)) if i not in covered]
    rest = [w for i, w in enumerate(units) if i not in covered and len(w) >= MIN_CHARACTERS]
    rest += [w for w in words if w not in units and w not in middles]
    params: dict[str, object] = {}
    tests = []  # conditions on the rows
    for index, word in enumerate(w for w in units if len(w) < MIN_CHARACTERS):
        params[f"s{index}"] = _like(word)
        tests.append(f"applicant_name_folded LIKE {_p(dialect, f's{index}')} ESCAPE '\\'")
    # SQLite: FTS5 folds the case of every letter, LIKE of ASCII ones only: other words are read from FTS5
    fts_words = [w for w in rest if not w.isascii()] if dialect == "sqlite" else []
    row_words = [w for w in rest if w not in fts_words]
    for index, word in enumerate(row_words):
        params[f"r{index}"] = _like(word)
        if dialect == "sqlite":
            parts = ("applicant_name_folded", "applicant_iin", "receipt_number")
            tests.append("(" + " OR ".join(f"{part} LIKE :r{index} ESCAPE '\\'" for part in parts) + ")")
        else:
            tests.append(_pg_on_row(word, f"r{index}"))
    tested = 0
    short_tested, short_passed = 0, 0  # rows tested for the words under three characters alone, and passing
    wide_keys: dict[int, list[str]] = {}  # the keys such a word would be read by (none: too many)

    def read(top: int, size: int) -> list[tuple[list[int], int]]:
        """Each list's ids below ``top``, at most ``size`` (the newest first), and the id down to which they are
        all of them (0: all there are). The middles first: the other lists are read below the newest id a middle
        has (a year's receipts start far below the newest names)."""
        middle_chunks = []
        for word in [w for w in middles if w not in tested_middles]:
            ids, known = receipt_chunk(word, top, size)
            top = min(top, ids[0] + 1 if ids else known)
            if ids or word not in tested_middles:  # else turned dense at once: tested on the rows from top on
                middle_chunks.append((ids, known))
            elif dialect == "postgresql":
                # its rows may start below its bucket's top: more at once (a test of the rows reads the primary
                # key backwards and stops at the page)
                size = max(size, 4 * tuning.NAME_CHUNK)
        chunks: list[list[int]] = []
        keyed: dict[str, object] = {
            f"k{n}_{i}": key
            for n, keys in enumerate(lists)
            if len(keys) <= tuning.WORD_KEYS
            for i, key in enumerate(keys)
        }
        keyed.update({f"wide{n}": keys for n, keys in enumerate(lists) if len(keys) > tuning.WORD_KEYS})
        if dialect == "sqlite":
            for n, keys in enumerate(lists):
                merged = " UNION ALL ".join(
                    f"SELECT application_id FROM {NAME_WORD_TABLE} WHERE word = :k{n}_{i} "
                    f"AND application_id < :top"
                    for i in range(len(keys))
                )
                # many keys, few ids each (a rare pair): all read, then sorted
                if len(keys) > tuning.WORD_KEYS:
                    keyed[f"wide{n}"] = json.dumps(keys)
                    merged = (
                        f"SELECT application_id FROM {NAME_WORD_TABLE} WHERE word IN "
                        f"(SELECT value FROM json_each(:wide{n})) AND application_id < :top"
                    )
                chunks.append(
                    _ids(connection, f"{merged} ORDER BY 1 DESC LIMIT {int(size)}", {**keyed, "top": top})
                )
            for word in fts_words:
                chunks.append(
                    _ids(
                        connection,
                        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :phrase AND rowid < :top "
                        f"ORDER BY rowid DESC LIMIT {int(size)}",
                        {"phrase": '"' + word.replace('"', '""') + '"', "top": top},
                    )
                )
        else:  # every list's chunk in one statement: a merge of the keys' backward reads each
            arrays = []
            for n, keys in enumerate(lists):
                merged = " UNION ALL ".join(
                    f"(SELECT application_id FROM {NAME_WORD_TABLE} WHERE word = %(k{n}_{i})s "
                    f"AND application_id < %(top)s ORDER BY application_id DESC LIMIT {int(size)})"
                    for i in range(len(keys))
                )
                # many keys, few ids each (a rare pair): each key's newest, sorted
                if len(keys) > tuning.WORD_KEYS:
                    merged = (
                        f"SELECT x.application_id FROM unnest(%(wide{n})s::text[]) AS k (word) CROSS JOIN LATERAL "
                        f'(SELECT application_id FROM {NAME_WORD_TABLE} AS t WHERE t.word = k.word COLLATE "C" '
                        f"AND application_id < %(top)s ORDER BY application_id DESC LIMIT {int(size)}) AS x"
                    )
                arrays.append(
                    f"ARRAY(SELECT application_id FROM ({merged}) AS l ORDER BY application_id DESC "
                    f"LIMIT {int(size)})"
                )
            chunks = [
                list(ids)
                for ids in connection.exec_driver_sql(
                    f"SELECT {', '.join(arrays)}", {**keyed, "top": top}
                ).one()
            ]
        listed = []  # each list's ids, and the id down to which they are all of them (0: all there are)
        for read_ids in chunks:
            ids = sorted(set(read_ids), reverse=True)
            listed.append((ids, ids[-1] if len(read_ids) >= size else 0))
        return listed + middle_chunks

    def receipt_chunk(middle: str, top: int, size: int) -> tuple[list[int], int]:
        """The ids of ``middle``'s receipt numbers below ``top`` (at most ``size``) and the id down to which
        they are all of them; where it turns dense (more than half of ``size`` in a bucket) its ids are known down
        to that bucket, and from that bucket's top on it is tested on the rows down to its bottom."""
        ids, dense = receipt_middle_below(connection, middle, top, size)
        if dense is not None:
            if not ids:  # else its ids above that bucket first (the next read starts there)
                test_on_rows(middle, dense * SUFFIX_BUCKET)
            return ids, (dense + 1) * SUFFIX_BUCKET
        return ids, ids[-1] if len(ids) >= size else 0

    # the lists' words tested on the rows while a sparse middle gives the candidates, and those lists
    name_tests: list[str] = []
    dropped: list[list[str]] = []

    def test_on_rows(middle: str, bottom: int = 0) -> None:
        """``middle`` tested on the rows the lists give, down to ``bottom`` (the bottom of the bucket it is dense
        in: read as a list again below it), and the lists read again if a sparse middle stood for them."""
        if dropped:
            for test in name_tests:
                tests.remove(test)
            lists.extend(dropped)
            dropped.clear()
            name_tests.clear()
        name = f"m{len(params)}"
        params[name] = _like(middle)
        test = f"receipt_number LIKE {_p(dialect, name)} ESCAPE '\\'"
        tested_middles[middle] = (test, bottom)
        tests.append(test)

    def passing(candidates: list[int], needed: int) -> list[int] | None:
        """The newest ``needed`` of ``candidates`` (the newest first) whose rows pass the tests: the newest
        2 × ``needed`` first (they mostly do), then the others; all at once for a middle tested on the rows (its
        first rows often fail: the newest of a dense bucket above the middle's; the primary key is read backwards
        and stops at ``needed``). None beyond ROWS_TESTED rows tested for words the lists do not answer (each row
        read from the table), or MIDDLE_ROWS_TESTED for middles."""
        nonlocal tested
        if not tests or not candidates:
            return candidates
        found: list[int] = []
        at_once = tested_middles and not row_words
        for batch in [candidates] if at_once else [candidates[: 2 * needed], candidates[2 * needed :]]:
            if row_words or tested_middles:
                tested += len(batch)
                if tested > (tuning.ROWS_TESTED if row_words else tuning.MIDDLE_ROWS_TESTED):
                    return None
            if dialect == "sqlite":
                among = f"id IN ({', '.join(map(str, batch))})"
            else:  # the array as one text (psycopg adapts a list of ints element by element: 1 ms for 500)
                among = "id = ANY(%(candidates)s::integer[])"
            if batch:
                found += _ids(
                    connection,
                    f"SELECT id FROM applications WHERE {among} AND {' AND '.join(tests)} ORDER BY id DESC "
                    f"LIMIT {int(needed - len(found))}",
                    {**params, "candidates": _int_array(batch)},
                )
            if len(found) >= needed:
                break
        return found

    # the middles tested on the rows instead of read: their test, and the id down to which they are
    tested_middles: dict[str, tuple[str, int]] = {}
    found: list[int] = []
    result: list[int] | None = found
    top, size = 2**31, tuning.NAME_CHUNK
    while top > 0:
        for middle, (test, bottom) in list(tested_middles.items()):
            if top <= bottom:  # below the bucket it was dense in: read as a list again
                tests.remove(test)
                del tested_middles[middle]
        chunks = read(top, size)
        low = max(known for _ids, known in chunks)  # every list is known from low to top
        common = sorted(
            set.intersection(*({i for i in ids if i >= low} for ids, _known in chunks)), reverse=True
        )
        spans = [ids[0] - ids[-1] for ids, known in chunks[: len(lists)] if known]
        middle_chunks = chunks[len(chunks) - len(middles) :] if not tested_middles and spans else []
        for word, (ids, known) in zip(middles, middle_chunks, strict=False):
            # a middle denser than the name lists where it starts (a year, a day): tested on their rows from then
            # on (its list would be read again from the newest, for more ids)
            if known and ids and word not in tested_middles and ids[0] - ids[-1] < min(spans):
                test_on_rows(word)
            # a middle far sparser than the name lists (a serial, a day's end): its ids are the candidates from
            # then on, and the lists' words are tested on their rows (a round of the lists would find one or two);
            # digits so sparse go as before (the trigram index answers them sooner: 9-14 ms against 16-21 for
            # `ерлан 1123` on SQLite, 24-27 against 32-50 on PostgreSQL, 30.11.2026)
            elif (
                ids
                and not unlisted
                and all(len(keys) <= tuning.WORD_KEYS for keys in lists)
                and ids[0] - (ids[-1] if known else 0) > tuning.SPARSE_MIDDLE * max(spans)
            ):
                if word in digits:
                    return None
                name_tests.extend(
                    _in_name_words(dialect, params, f"l{n}", keys, "applications.id")
                    for n, keys in enumerate(lists)
                )
                tests.extend(name_tests)
                dropped.extend(lists)
                lists.clear()
        passed = passing(common, limit - len(found))
        if passed is None:
            result = None  # too many rows to test for the words no list answers: as before
            break
        found += passed
        if unlisted and not row_words and not tested_middles:
            short_tested, short_passed = short_tested + len(common), short_passed + len(passed)
            # rows still to test for the page at the rate seen: a word under three characters rare in these rows
            # is read as a list from then on when it has fewer keys (the pairs of its words and those of the typed
            # word with the fewest, or its words alone; at most WIDE_KEYS)
            still = (limit - len(found)) * short_tested / max(short_passed, 1)
            partner = min(covered, key=lambda j: len(holding[j]))
            for i in list(unlisted) if short_tested > 2 * limit else []:
                if i not in wide_keys and still > max(len(holding[i]), tuning.SHORT_ROWS):
                    wide = _vocabulary(connection, [units[i]], tuning.WIDE_KEYS)[0]
                    if len(wide) * len(holding[partner]) <= tuning.WIDE_KEYS:
                        wide_keys[i] = _pair_keys(holding[partner], wide)
                    elif len(wide) <= tuning.WIDE_KEYS:
                        wide_keys[i] = wide
                if i in wide_keys and len(wide_keys[i]) < still:
                    lists.append(wide_keys[i])
                    unlisted.remove(i)
        if len(found) >= limit or low == 0:
            result = found[:limit]
            break
        # the next id that can be in every list: in each list read past low, its newest id there
        top = low
        for ids, known in chunks:
            below = next((i for i in ids if i < low), None)
            if below is not None:
                top = min(top, below + 1)
            elif not known:
                top = 0  # a list with nothing left
            else:  # none from low down to where the list is known (a dense middle's bucket): below that
                top = min(top, known)
        size = min(size * 2, tuning.NAME_CHUNK_MAX)
    if result is None or len(digits) != 1:
        return result
    floor = result[-1] if len(result) >= limit else 0  # older ones than the page's would not show
    beside = _digits_beside(connection, digits[0], others, holders, floor, limit)
    return None if beside is None else _newest(result + beside, limit)


def _in_name_words(dialect: str, params: dict, name: str, keys: list[str], id_sql: str) -> str:
    """The application ``id_sql`` has one of ``keys`` in the name-word table (a word tested on a row, its keys
    added to ``params`` as ``name``_0, _1, …)."""
    params.update({f"{name}_{i}": key for i, key in enumerate(keys)})
    held = ", ".join(_p(dialect, f"{name}_{i}") for i in range(len(keys)))
    return f"EXISTS (SELECT 1 FROM {NAME_WORD_TABLE} AS w WHERE w.word IN ({held}) AND w.application_id = {id_sql})"


def _digits_first(
    connection: Connection, digits: str, others: list[str], keys: dict[str, list[str]], limit: int
) -> list[int] | None:
    """Digits typed beside other words answered by the digits' index alone (it holds the IIN and the whole receipt
    number: every row holding the digits is there), or None when that would not be quick (then the receipt's middle
    is read beside the name lists, ``_intersected_ids``).

    SQLite: the rows holding the rarest of the digits' pieces (the one whose newest ``DIGITS_ROWS`` rows reach down
    furthest, or are all it has), down to the last of those, newest first (FTS5 reads them so and stops at the
    page): the answer when they fill the page or are all there are. (An AND of every piece read all the rows of a
    common one: 15 ms for a day, ``20251123``, at a million.) Not for two words of names: together they are in few
    of the digits' rows (``омаров динара 2025``: 3.7 ms to test 3,000 of them, then as before), and their pairs'
    list is read newest first.

    PostgreSQL (a GIN index gives its rows in no order; which pieces are common, ``_common_digit_grams``): when
    some of the pieces are not common, the rows holding those and a word of each name, found in the index, at most
    ``DIGITS_ROWS`` of them: the answer when they are all there are (a common piece would build a bitmap of half
    the table first: 22 ms for ``омаров 2025``); when those are mostly before the number's last dash (a month), a
    bucket of ids at a time (``_digits_by_bucket``: the rows of a month and a common name are thousands). Digits in
    nearly every application, or common before the number's last dash (a year): a name's newest rows tested
    (``_names_tested_for_digits``)."""
    if connection.dialect.name == "sqlite":
        if sum(w in keys for w in others) > 1:
            return None  # two names together are rare among the digits' rows: their pairs' list is read
        # each piece's DIGITS_ROWS-th newest row (one statement): the rarest piece is read, down to that row
        pieces = digit_grams_words(digits)
        probe = (
            f"(SELECT rowid FROM {DIGITS_TABLE} WHERE {DIGITS_TABLE} MATCH ? ORDER BY rowid DESC LIMIT 1 "
            f"OFFSET {int(tuning.DIGITS_ROWS) - 1})"
        )
        floors = connection.exec_driver_sql(
            f"SELECT {', '.join([probe] * len(pieces))}", tuple(anywhere_query([piece]) for piece in pieces)
        ).one()
        floor, piece = min(
            zip(floors, pieces, strict=True), key=lambda pair: -1 if pair[0] is None else pair[0]
        )
        found = _digits_beside(connection, digits, others, keys, floor or 0, limit, [piece])
        return found if found is None or floor is None or len(found) >= limit else None
    common = _common_digit_grams(connection)
    frequency = {g: common.get(g, 0.0) + common.get(g + EARLIER_PARTS, 0.0) for g in digit_grams(digits)}
    rare = [[g, g + EARLIER_PARTS] for g, share in frequency.items() if share <= tuning.COMMON_DIGITS]
    # those rare in the IIN and the number's last part (the rows holding them there are read apart)
    in_iin = [[g] for g in digit_grams(digits) if common.get(g, 0.0) <= tuning.COMMON_DIGITS]
    rarest = min(frequency, key=frequency.__getitem__)
    if rare:
        dated = common.get(rarest + EARLIER_PARTS, 0.0) > max(tuning.DATED_DIGITS, common.get(rarest, 0.0))
        if in_iin and dated:  # in many numbers before their last dash (a month): a bucket at a time
            found = _digits_by_bucket(connection, digits, others, keys, limit, in_iin, rarest)
            if found is not None:
                return found
        return _digits_beside(connection, digits, others, keys, 0, limit, rare)
    if frequency[rarest] > tuning.EVERYWHERE_DIGITS:
        return _names_tested_for_digits(connection, digits, others, keys, limit)
    if not in_iin:
        return None
    # common before the number's last dash (a year): a name's rows below the newest number holding them there, and
    # the rows holding them in the IIN or last part; when the newest bucket holding them is mostly the next year's
    # (its name rows not all tested), a bucket at a time
    found = _names_tested_for_digits(connection, digits, others, keys, limit, in_iin)
    return (
        found
        if found is not None
        else _digits_by_bucket(connection, digits, others, keys, limit, in_iin, rarest)
    )


def _digits_by_bucket(
    connection: Connection,
    digits: str,
    others: list[str],
    keys: dict[str, list[str]],
    limit: int,
    in_iin: list[list[int]],
    rarest: int,
) -> list[int] | None:
    """PostgreSQL, digits in many receipt numbers before their last dash (a month, a year): the rows holding them and
    a word of each name, read from the digits' index a bucket of ids at a time (``bucket_key``; in the index the
    rarest of their pieces, ``rarest``, anywhere; the rows found there then read, tested and sorted), down from the
    newest bucket whose numbers hold them (the suffix table's probe) until the page is full; beside them the rows
    holding them in the IIN or last part, where they are rare, in any bucket (``_pg_held``). ``омаров 202511`` at a
    million: 170 rows of one bucket read, not the month's 2,331. None when no typed word is a name's word (a
    bucket would give every row holding the digits), or the rows holding them in the IIN are too many."""
    params: dict[str, object] = {"digits": _like(digits), "low": digits, "high": _after(digits)}
    tests, in_index = _pg_word_tests(others, keys, params, "o")
    if not in_index:
        return None
    tests.append(f"({digits_text('a.')}) LIKE %(digits)s")  # every piece, in a row (the index: the rarest)
    grams = digit_grams_sql("a.")
    params["rarest"] = _int_array([rarest, rarest + EARLIER_PARTS])
    bucket = f"{grams} && ARRAY[{bucket_key('w.bucket')}]"
    in_bucket = " AND ".join([f"{grams} && %(rarest)s::integer[]", *in_index, bucket, *tests])
    page = int(limit)
    count, held, walked = connection.exec_driver_sql(
        f"WITH RECURSIVE {_pg_held(params, in_iin, in_index)}, "
        f"{probe_cte('postgresql', SUFFIXES, EVERY_BUCKET, 0)}, "
        # (the next bucket, the ids of the one just read, how many are found): the walk stops at a full page
        f"walk (bucket, ids, found) AS (SELECT (SELECT max(bucket) FROM probe), ARRAY[]::integer[], 0 UNION ALL "
        f"SELECT w.bucket - 1, f.ids, w.found + cardinality(f.ids) FROM walk AS w CROSS JOIN LATERAL (SELECT "
        f"ARRAY(SELECT a.id FROM applications AS a WHERE {in_bucket} ORDER BY a.id DESC LIMIT {page}) AS ids "
        "OFFSET 0) AS f "  # (read once: not once for each use of its ids)
        f"WHERE w.bucket >= 0 AND w.found < {page}) "
        f"SELECT {_pg_held_page(tests, limit)}, ARRAY(SELECT unnest(ids) FROM walk)",
        params,
    ).one()
    if count > tuning.DIGITS_ROWS:
        return None
    return _newest(list(held) + list(walked), limit)


def _common_digit_grams(connection: Connection) -> dict[int, float]:
    """PostgreSQL: the digits' pieces most common in the applications (a year, a month, three digits), each with
    its share of them, from the statistics ANALYZE keeps of the digits' index (its most common elements, through a
    function run as the index's owner; autovacuum refreshes them as rows go in, migration 0021 ran it); none before
    the first ANALYZE (a new database: every search small). Kept on the connection for ``COMMON_DIGITS_SECONDS``."""
    info = connection.connection.info
    read_at, common = info.get("common_digit_grams", (None, {}))
    if read_at is None or time.monotonic() - read_at > tuning.COMMON_DIGITS_SECONDS:
        rows = connection.exec_driver_sql(
            f"SELECT piece, frequency FROM {COMMON_DIGITS_FUNCTION}(current_schema())"
        )
        common = dict(rows.all())
        info["common_digit_grams"] = (time.monotonic(), common)
    return common


def _names_tested_for_digits(
    connection: Connection,
    digits: str,
    others: list[str],
    keys: dict[str, list[str]],
    limit: int,
    in_iin: list[list[int]] | None = None,
) -> list[int] | None:
    """PostgreSQL, digits common in the applications: the newest ``NAME_ROWS_FOR_DIGITS`` ids of a name's list
    (the pairs of two typed words, else the words holding one), the digits and the other words tested on their
    rows, in one statement. None when they do not fill the page, or the rows holding the pieces are too many (then
    as before).

    For digits in nearly every application (``202``, the years' first three digits) from the newest on. With
    ``in_iin`` (the pieces of digits common before the number's last dash, a year or a month, that are rare in the
    IIN or last part): below the newest number holding them there — the suffix table's probe, as
    ``receipts.receipt_middle_below`` reads it: the newest of its rows when it read their bucket whole, else the top
    of the bucket it stopped in — and the rows above holding them in the IIN or last part (``_pg_held``)."""
    names = [  # words read as a list: few words hold them (under three characters: few enough to pair)
        w
        for w in others
        if w in keys and len(keys[w]) <= (tuning.WORD_KEYS if len(w) >= MIN_CHARACTERS else tuning.SHORT_KEYS)
    ]
    if not any(len(w) >= MIN_CHARACTERS for w in names):
        return None
    names.sort(key=len, reverse=True)  # a whole word alone, when no pair is read
    rows = tuning.NAME_ROWS_FOR_DIGITS
    pairs = [
        (_pair_keys(keys[a], keys[b]), {a, b})
        for a, b in combinations(names, 2)
        if len(keys[a]) * len(keys[b]) <= tuning.WORD_KEYS
    ]
    listed, covered = min(pairs, key=lambda pair: len(pair[0])) if pairs else (keys[names[0]], {names[0]})
    params: dict[str, object] = {
        "keys": listed,
        "digits": _like(digits),
        "low": digits,
        "high": _after(digits),
    }
    # the other words tested on the rows, and those under three characters (a name must hold them, where a pair's
    # key may be a department's word)
    tested = [w for w in others if w not in covered or len(w) < MIN_CHARACTERS]
    tests, _in_index = _pg_word_tests(tested, keys, params, "n")
    tests.append(f"({digits_text('a.')}) LIKE %(digits)s")
    held, held_page, top = "", "", str(2**31 - 1)
    if in_iin is not None:
        probe = max(tuning.NAME_CHUNK // 2, 1)
        top = "(SELECT id FROM top)"
        held_tests, in_index = _pg_word_tests(others, keys, params, "o")
        held = (
            f"{_pg_held(params, in_iin, in_index)}, {probe_cte('postgresql', SUFFIXES, EVERY_BUCKET, probe)}, "
            f"top AS (SELECT CASE WHEN count(*) <= {probe} OR min(bucket) < max(bucket) "
            f"THEN max(id) + 1 ELSE (max(bucket) + 1) * {SUFFIX_BUCKET} END AS id FROM probe), "
        )
        held_page = f", {_pg_held_page([*held_tests, *tests[-1:]], limit)}"
    read, ids, *found = connection.exec_driver_sql(
        # (NOT MATERIALIZED: its rows come newest first, and the test of the rows stops at the page)
        f"WITH {held}listed AS NOT MATERIALIZED (SELECT DISTINCT x.application_id AS id FROM "
        f"unnest(%(keys)s::text[]) AS k (word) CROSS JOIN LATERAL (SELECT application_id FROM {NAME_WORD_TABLE} AS t "
        f'WHERE t.word = k.word COLLATE "C" AND application_id < {top} ORDER BY application_id DESC LIMIT {rows}) '
        f"AS x ORDER BY 1 DESC LIMIT {rows}) "
        # how many of the list there are, up to ``rows`` (an index-only count: an id under two keys counts twice,
        # which only sends a search the middle's way)
        f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {NAME_WORD_TABLE} WHERE word = ANY(%(keys)s::text[]) "
        f"AND application_id < {top} LIMIT {rows}) AS n), ARRAY(SELECT a.id FROM listed JOIN applications AS a ON "
        f"a.id = listed.id WHERE {' AND '.join(tests)} ORDER BY listed.id DESC LIMIT {int(limit)})"
        f"{held_page}",
        params,
    ).one()
    if (len(ids) < limit and read >= rows) or (found and found[0] > tuning.DIGITS_ROWS):
        return None
    return _newest(list(ids) + (list(found[1]) if found else []), limit)


def _pg_word_tests(
    others: list[str], keys: dict[str, list[str]], params: dict[str, object], prefix: str
) -> tuple[list[str], list[str]]:
    """PostgreSQL: the tests on a row of the words typed beside digits (parameters ``prefix`` + their index): a
    word under three characters in the name, another as the trigram index would find it; and the conditions in the
    digits' index of those that name words hold (one of the words holding it: their hashes)."""
    tests, in_index = [], []
    for index, word in enumerate(others):
        name = f"{prefix}{index}"
        params[name] = _like(word)
        tests.append(
            f"applicant_name_folded LIKE %({name})s" if len(word) < MIN_CHARACTERS else _pg_on_row(word, name)
        )
        if word in keys and len(word) >= MIN_CHARACTERS and len(keys[word]) <= tuning.WORD_KEYS:
            params[f"h{name}"] = keys[word]
            in_index.append(
                f"{digit_grams_sql('a.')} && ARRAY(SELECT hashtext(k) FROM unnest(%(h{name})s::text[]) AS k)"
            )
    return tests, in_index


def _pg_held(params: dict[str, object], pieces: list[list[int]], in_index: list[str]) -> str:
    """PostgreSQL: the CTE ``held``, at most ``DIGITS_ROWS`` + 1 rows of the digits' index holding each of
    ``pieces`` in one of its forms (a piece in the IIN or last part, or before the last dash: + EARLIER_PARTS) and
    the conditions ``in_index``, each then read from the table (to be tested after)."""
    for n, forms in enumerate(pieces):
        params[f"p{n}"] = _int_array(forms)
    held = " AND ".join(
        [*(f"{digit_grams_sql('a.')} && %(p{n})s::integer[]" for n in range(len(pieces))), *in_index]
    )
    return (
        f"held AS MATERIALIZED (SELECT a.id, a.applicant_iin, a.receipt_number, a.applicant_name_folded "
        f"FROM applications AS a WHERE {held} LIMIT {int(tuning.DIGITS_ROWS) + 1})"
    )


def _pg_held_page(tests: list[str], limit: int) -> str:
    """PostgreSQL: how many rows ``held`` has (``_pg_held``), and the newest ``limit`` ids of those passing
    ``tests``, as two columns of a SELECT."""
    return (
        f"(SELECT count(*) FROM held), ARRAY(SELECT a.id FROM held AS a WHERE {' AND '.join(tests)} "
        f"ORDER BY a.id DESC LIMIT {int(limit)})"
    )


def _digits_beside(
    connection: Connection,
    digits: str,
    others: list[str],
    keys: dict[str, list[str]],
    floor: int,
    limit: int,
    pieces: list[str] | list[list[int]] | None = None,
) -> list[int] | None:
    """The newest ids above ``floor`` whose IIN or receipt number holds ``digits`` (the digits' index) and whose
    search text holds every other word: a word under three characters the name, another word as the trigram index
    would find it. SQLite's LIKE folds ASCII letters only: there a word of the name words (``keys``: the words
    holding it) is one of the application's words, another word in ASCII is tested on the row, and another word not
    in ASCII is not answered (None: as before). Without ``pieces``, the rows holding every piece of the digits in the
    IIN or the number's last part (the suffix table holds the parts before it); with them (SQLite their words,
    PostgreSQL each piece's numbers anywhere, ``_pg_held``), the rows holding those anywhere, the digits then
    tested on the row; on PostgreSQL at most ``DIGITS_ROWS`` rows holding them and a word of each name are read from
    the index, else None."""
    dialect = connection.dialect.name
    # SQLite: the FTS5 table's rowid (d.rowid); the application's row (a) read only for a test that needs it,
    # after the others (SQLite tests each term as soon as its tables are read)
    row_id = "d.rowid" if dialect == "sqlite" else "a.id"
    params: dict[str, object] = {"digits": _like(digits), "floor": floor}
    tests = [f"{row_id} > {_p(dialect, 'floor')}"]
    on_row = (
        []
        if len(digits) <= 4 and dialect == "sqlite"
        else [f"({digits_text('a.')}) LIKE {_p(dialect, 'digits')}"]
    )
    if dialect == "sqlite":
        for index, word in enumerate(others):
            params[f"o{index}"] = _like(word)
            if word in keys and len(word) >= MIN_CHARACTERS and len(keys[word]) <= tuning.WORD_KEYS:
                tests.append(_in_name_words(dialect, params, f"o{index}", keys[word], "d.rowid"))
            elif len(word) < MIN_CHARACTERS or word.isascii():
                parts = ["applicant_name_folded"]
                parts += ["applicant_iin", "receipt_number"] if len(word) >= MIN_CHARACTERS else []
                on_row.append(
                    "(" + " OR ".join(f"a.{part} LIKE :o{index} ESCAPE '\\'" for part in parts) + ")"
                )
            else:
                return None
        # the rows holding every piece (of four digits or three: exactly the digits), the newest first
        params["grams"] = " ".join(digit_grams_words(digits)) if pieces is None else anywhere_query(pieces)
        rows = " CROSS JOIN applications AS a ON a.id = d.rowid" if on_row else ""
        return _ids(
            connection,
            f"SELECT d.rowid FROM {DIGITS_TABLE} AS d{rows} WHERE d.{DIGITS_TABLE} MATCH :grams AND "
            f"{' AND '.join(tests + on_row)} ORDER BY d.rowid DESC LIMIT {int(limit)}",
            params,
        )
    word_tests, in_index = _pg_word_tests(others, keys, params, "o")
    tests += word_tests
    if pieces is not None:  # at most DIGITS_ROWS rows from the index, tested after
        count, ids = connection.exec_driver_sql(
            f"WITH {_pg_held(params, pieces, in_index)} SELECT {_pg_held_page(tests + on_row, limit)}", params
        ).one()
        return list(ids) if count <= tuning.DIGITS_ROWS else None
    # the GIN index's rows holding every piece of the digits, then sorted (OFFSET 0: not the primary key read
    # backwards, testing every row); the digits in a row tested on the text
    params["grams"] = _int_array(digit_grams(digits))
    held = " AND ".join([f"{digit_grams_sql('a.')} @> %(grams)s::integer[]", *in_index])
    return _ids(
        connection,
        f"SELECT id FROM (SELECT a.id FROM applications AS a WHERE {held} AND {' AND '.join(tests + on_row)} "
        f"OFFSET 0) AS found ORDER BY id DESC LIMIT {int(limit)}",
        params,
    )
