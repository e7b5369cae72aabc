"""How much each search reads at once before it changes its way (tests make these tiny, so that every way runs
at a few hundred rows: patch them here, where the queries read them)."""

# Rows of a range read at once; a bucket holding more: its page read by the primary key when it is among the
# DENSE_ROWS newest ids, else from the bucket's range, sorted.
SUFFIX_PROBE = 2000
DENSE_ROWS = 4096
# PostgreSQL: the newest rows looked at before the GIN index (a common word fills the page)
PG_NEWEST_WINDOW = 1000
PG_SCAN_BUDGET = 30_000  # PostgreSQL: at most this many newest rows read before the GIN index answers
WORD_KEYS = 48  # at most this many words (or pairs) read for a part of a word, else as before
NAME_CHUNK = 256  # ids read at first from each list of an intersection of words (doubled each round)
NAME_CHUNK_MAX = 16384
NAME_STREAMS = 3  # at most this many pairs of typed words read side by side (more when they cover more words)
ROWS_TESTED = 150  # rows tested for words no list answers (digits), the newest first, else as before
MIDDLE_ROWS_TESTED = 4000  # rows tested for a receipt number's middle (or digits) dense where it is
SPARSE_MIDDLE = 8  # a middle whose chunk spans this many times the name lists' drives: the names are tested
SHORT_KEYS = 8  # a word under three characters held by more words is tested on the rows, not read as a list
WIDE_KEYS = 4096  # …and read as a list of at most this many keys once it proves rare among the rows tested:
SHORT_ROWS = 1000  # when more rows than this (and than its keys) are still to test at the rate seen
# Digits typed beside words: the rows of the digits' index read for them before the receipt's middle is read beside
# the name lists instead (SQLite: the newest holding the digits; PostgreSQL: those holding the rare pieces and a name)
DIGITS_ROWS = 3000
# PostgreSQL: a piece of digits in more of the applications than this is common (a year): its rows are not read
# from the GIN index (it would first build a bitmap of them all); in more than EVERYWHERE_DIGITS (202), the digits
# are tested on a name's newest rows
COMMON_DIGITS = 0.05
EVERYWHERE_DIGITS = 0.9
# …and a piece not common but in more than DATED_DIGITS of them before the number's last dash, mostly (a month): its
# rows with a name read from the GIN index a bucket of ids at a time, the newest first
DATED_DIGITS = 0.01
NAME_ROWS_FOR_DIGITS = (
    400  # …or below the newest receipt number holding them: at most this many of a name's rows
)
COMMON_DIGITS_SECONDS = 600.0  # …by the statistics read at most this long ago on the connection
