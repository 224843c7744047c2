"""The clients' search text: one column the search reads, written by the database itself.

`clients.search_text` holds a client's name, email, key and phone digits, folded (case and
accents), in that order: `"jose nunez | jose@example.com | jnunez | 15551234567"`. An erased
client's is empty: nothing of it may be found but its new key, typed whole
(docs/clients.md, Search). Triggers keep it (migration 0012), so every writer is covered: the
desk, the command line, a clinic file's import, a merge or an erasure, a hand-made SQL fix.
`fold` folds what the receptionist types exactly as the triggers fold what is stored.

Folding maps each character on its own: upper case to lower case; Latin letters with accents,
and a few that are letters of their own (ß, æ, ø, ł, þ...), to plain ASCII; Greek and Cyrillic
capitals to small letters, without accents; apostrophes are dropped (`O'Brien` is `obrien`),
hyphens become spaces (`Smith-Jones` has the words `smith` and `jones`); runs of spaces
shrink. Characters outside the table stay as they are, on both databases alike (neither
database's own `lower()` is used: PostgreSQL's depends on the server's locale, SQLite's only
knows ASCII).

- PostgreSQL: a `BEFORE INSERT OR UPDATE` row trigger sets the column: `translate()` for the
  one-to-one folds, `replace()` for the wider ones. A trigram index (`pg_trgm`) answers
  `LIKE '%...%'`.
- SQLite has neither `translate()` nor functions of our own in a trigger (a connection
  without them could not write). An `AFTER INSERT` and an `AFTER UPDATE OF` trigger set the
  column with `lower()` when the text is plain ASCII, else character by character in a
  recursive query that looks each one up in the table below (`instr`/`substr`); the search
  scans the one short column.

A migration calls these functions with alembic's `op` in scope. Their SQL is part of the
migration that called them: change the table or the layout only with a new migration that
puts new triggers in place and rewrites the column.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Text

SEPARATOR = " | "
# Compared byte by byte on both databases (SQLite's BINARY, PostgreSQL's "C" whatever the
# server's locale): one order, and a B-tree that answers "starts with" and sorts.
SEARCH_TEXT_TYPE = Text().with_variant(Text(collation="C"), "postgresql")

# One-to-one folds: each key is what the characters of its value become.
_NARROW = {
    "a": "AÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẚẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ",
    "b": "BḂḃḄḅḆḇ",
    "c": "CÇçĆćĈĉĊċČčḈḉ",
    "d": "DÐðĎďĐđḊḋḌḍḎḏḐḑḒḓ",
    "e": "EÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ",
    "f": "FḞḟ",
    "g": "GĜĝĞğĠġĢģǦǧǴǵḠḡ",
    "h": "HĤĥĦħȞȟḢḣḤḥḦḧḨḩḪḫẖ",
    "i": "IÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐȈȉȊȋḬḭḮḯỈỉỊị",
    "j": "JĴĵǰ",
    "k": "KĶķǨǩḰḱḲḳḴḵ",
    "l": "LĹĺĻļĽľĿŀŁłḶḷḸḹḺḻḼḽ",
    "m": "MḾḿṀṁṂṃ",
    "n": "NÑñŃńŅņŇňŉŊŋǸǹṄṅṆṇṈṉṊṋ",
    "o": "OÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơǑǒǪǫǬǭǾǿȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ",
    "p": "PṔṕṖṗ",
    "q": "Q",
    "r": "RŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ",
    "s": "SŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩẛ",
    "t": "TŢţŤťŦŧȚțṪṫṬṭṮṯṰṱẗ",
    "u": "UÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự",
    "v": "VṼṽṾṿ",
    "w": "WŴŵẀẁẂẃẄẅẆẇẈẉẘ",
    "x": "XẊẋẌẍ",
    "y": "YÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ",
    "z": "ZŹźŻżŽžẐẑẒẓẔẕ",
    "α": "ΆΑά",
    "β": "Βϐ",
    "γ": "Γ",
    "δ": "Δ",
    "ε": "ΈΕέϵ",
    "ζ": "Ζ",
    "η": "ΉΗή",
    "θ": "Θϑϴ",
    "ι": "ΊΐΙΪίϊ",
    "κ": "Κϰ",
    "λ": "Λ",
    "μ": "Μ",
    "ν": "Ν",
    "ξ": "Ξ",
    "ο": "ΌΟό",
    "π": "Πϖ",
    "ρ": "Ρϱ",
    "σ": "ΣςϲϹ",
    "τ": "Τ",
    "υ": "ΎΥΫΰϋύϒϓϔ",
    "φ": "Φϕ",
    "χ": "Χ",
    "ψ": "Ψ",
    "ω": "ΏΩώ",
    "а": "А",
    "б": "Б",
    "в": "В",
    "г": "ЃГѓ",
    "д": "Д",
    "е": "ЀЁЕѐё",
    "ж": "Ж",
    "з": "З",
    "и": "ЍИЙйѝ",
    "к": "ЌКќ",
    "л": "Л",
    "м": "М",
    "н": "Н",
    "о": "О",
    "п": "П",
    "р": "Р",
    "с": "С",
    "т": "Т",
    "у": "ЎУў",
    "ф": "Ф",
    "х": "Х",
    "ц": "Ц",
    "ч": "Ч",
    "ш": "Ш",
    "щ": "Щ",
    "ъ": "Ъ",
    "ы": "Ы",
    "ь": "Ь",
    "э": "Э",
    "ю": "Ю",
    "я": "Я",
    "ђ": "Ђ",
    "є": "Є",
    "ѕ": "Ѕ",
    "і": "ІЇї",
    "ј": "Ј",
    "љ": "Љ",
    "њ": "Њ",
    "ћ": "Ћ",
    "џ": "Џ",
}

# Folds to more (or fewer) than one character.
_WIDE = {
    "Æ": "ae",
    "Þ": "th",
    "ß": "ss",
    "æ": "ae",
    "þ": "th",
    "Ĳ": "ij",
    "ĳ": "ij",
    "Œ": "oe",
    "œ": "oe",
    "Ǆ": "dz",
    "ǅ": "dz",
    "ǆ": "dz",
    "Ǉ": "lj",
    "ǈ": "lj",
    "ǉ": "lj",
    "Ǌ": "nj",
    "ǋ": "nj",
    "ǌ": "nj",
    "Ǣ": "ae",
    "ǣ": "ae",
    "Ǳ": "dz",
    "ǲ": "dz",
    "ǳ": "dz",
    "Ǽ": "ae",
    "ǽ": "ae",
    "ẞ": "ss",
    # apostrophes are dropped, hyphens are word breaks, other white space a plain space
    "'": "",
    "`": "",
    "\u2018": "",
    "\u2019": "",
    "\u02bc": "",
    "-": " ",
    "\u2010": " ",
    "\u2011": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\u00a0": " ",
}

_TABLE: dict[int, str] = {
    **{ord(source): plain for plain, sources in _NARROW.items() for source in sources},
    **{ord(source): plain for source, plain in _WIDE.items()},
}
FOLDED = "".join(chr(code) for code in _TABLE)  # every character the table folds
# What the table does to printable ASCII, which SQLite's fast path does with lower() and
# three replace() calls; every other character takes the table's path.
_ASCII_FOLDS = {"'": "", "`": "", "-": " "}
_RUNS_OF_SPACES = 3  # passes that each halve a run of spaces: up to 8 become one


def fold(text: str) -> str:
    """`text` as the triggers fold a client's search text: what the receptionist types is
    matched against the stored column with LIKE, both folded alike."""
    folded = text.translate(_TABLE)
    for _ in range(_RUNS_OF_SPACES):
        folded = folded.replace("  ", " ")
    return folded.strip(" ")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parts(row: str) -> list[str]:
    """What is folded, in SQL, from the columns of `row` (`NEW.`): the search text is the
    fold of these joined by SEPARATOR."""
    return [
        f"{row}name",
        f"coalesce({row}email, '')",
        f"{row}key",
        f"coalesce(replace({row}phone, '+', ''), '')",
    ]


def _search_text(row: str, fold_sql: Callable[[str], str]) -> str:
    """The search text of `row` in SQL, each part folded by `fold_sql`; an erased client's
    is empty."""
    name, email, key, phone = (fold_sql(part) for part in _parts(row))
    joined = f" || {_literal(SEPARATOR)} || ".join((name, email, key, phone))
    return f"CASE WHEN {row}erased_at IS NOT NULL THEN '' ELSE {_tidy(joined)} END"


def _tidy(sql: str) -> str:
    """Runs of spaces shrunk and the ends trimmed, as `fold` does."""
    for _ in range(_RUNS_OF_SPACES):
        sql = f"replace({sql}, '  ', ' ')"
    return f"trim({sql}, ' ')"


# SQLite: a character's fold is found by its place in _SOURCES (instr) and read from a slot
# of two characters in _SLOTS, padded with a character no fold yields.
_PAD = "\ue000"
_SOURCES = FOLDED
_SLOTS = "".join(plain.ljust(2, _PAD) for plain in _TABLE.values())


def _sqlite_fold(part: str) -> str:
    """`part` folded: printable ASCII by lower() and replace(); when there is anything else,
    the rest character by character in a recursive query (SQLite has no translate())."""
    plain = f"lower({part})"
    for source, target in _ASCII_FOLDS.items():
        plain = f"replace({plain}, {_literal(source)}, {_literal(target)})"
    char = "substr(rest, n + 1, 1)"
    place = f"instr({_literal(_SOURCES)}, {char})"
    looked_up = (
        f"CASE {place} WHEN 0 THEN {char}"
        f" ELSE replace(substr({_literal(_SLOTS)}, 2 * {place} - 1, 2), {_literal(_PAD)}, '')"
        " END"
    )
    by_table = (
        f"(WITH RECURSIVE folding(n, size, rest, out) AS (SELECT 0, length(rest), rest, ''"
        f" FROM (SELECT {plain} AS rest)"
        f" UNION ALL SELECT n + 1, size, rest, out || CASE WHEN unicode({char}) BETWEEN 32 AND"
        f" 126 THEN {char} ELSE {looked_up} END FROM folding WHERE n < size)"
        " SELECT out FROM folding WHERE n = size)"
    )
    # GLOB's class: any character outside printable ASCII
    return f"CASE WHEN {part} GLOB '*[^ -~]*' THEN {by_table} ELSE {plain} END"


def _translate(part: str, table: dict[str, str]) -> str:
    """translate() with `table`'s one-to-one folds and deletions (translate() drops the
    characters of its second argument that the third lacks)."""
    one_to_one = {source: plain for source, plain in table.items() if len(plain) == 1}
    dropped = "".join(source for source, plain in table.items() if not plain)
    sources, targets = "".join(one_to_one) + dropped, "".join(one_to_one.values())
    return f"translate({part}, {_literal(sources)}, {_literal(targets)})"


def _postgres_fold(part: str) -> str:
    """`part` folded: printable ASCII by a short translate(); when there is anything else,
    replace() for the wider folds that occur and a translate() of the whole table."""
    table = {chr(source): plain for source, plain in _TABLE.items()}
    ascii_table = {source: plain for source, plain in table.items() if " " <= source <= "~"}
    wide = {source: plain for source, plain in table.items() if len(plain) > 1}
    widened = part
    for source, plain in wide.items():
        widened = f"replace({widened}, {_literal(source)}, {_literal(plain)})"
    widened = (
        f"CASE WHEN {part} ~ {_literal('[' + ''.join(wide) + ']')} THEN {widened} ELSE {part} END"
    )
    # translate() looks each character up from the start of its list: printable ASCII
    # first, mapped to itself, so the common characters are found at once
    kept = {chr(code): chr(code) for code in range(32, 127) if chr(code) not in table}
    return (
        f"CASE WHEN {part} ~ '[^ -~]' THEN {_translate(widened, kept | table)}"
        f" ELSE {_translate(part, ascii_table)} END"
    )


def _dialect() -> str:
    from alembic import op

    return str(op.get_bind().dialect.name)


def install() -> None:
    """The triggers that keep `clients.search_text`, then the column rewritten for every
    client. SQLite loses a table's triggers when a migration copies it (batch mode): such
    a migration calls this again afterwards."""
    from alembic import op

    if _dialect() == "postgresql":
        op.execute(
            "CREATE FUNCTION clients_search_text() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN NEW.search_text := {_search_text('NEW.', _postgres_fold)}; RETURN NEW;"
            " END $$"
        )
        op.execute(
            "CREATE TRIGGER trg_clients_search_text BEFORE INSERT OR UPDATE ON clients"
            " FOR EACH ROW EXECUTE FUNCTION clients_search_text()"
        )
    else:
        # Set after the row is written (a SQLite trigger cannot change NEW); the update
        # names no column the trigger watches, so it does not fire it again.
        update = (
            f"UPDATE clients SET search_text = {_search_text('NEW.', _sqlite_fold)}"
            " WHERE id = NEW.id"
        )
        op.execute(
            f"CREATE TRIGGER trg_clients_search_text_insert AFTER INSERT ON clients"
            f" BEGIN {update}; END"
        )
        op.execute(
            "CREATE TRIGGER trg_clients_search_text_update"
            " AFTER UPDATE OF name, email, key, phone, erased_at ON clients"
            f" BEGIN {update}; END"
        )
    op.execute("UPDATE clients SET name = name")


def uninstall() -> None:
    from alembic import op

    if _dialect() == "postgresql":
        op.execute("DROP TRIGGER trg_clients_search_text ON clients")
        op.execute("DROP FUNCTION clients_search_text()")
    else:
        op.execute("DROP TRIGGER trg_clients_search_text_insert")
        op.execute("DROP TRIGGER trg_clients_search_text_update")
