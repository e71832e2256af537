import pyarrow as pa
import pytest

from tradeviz import schema
from tradeviz.schema import Column, Problem, Table

THINGS = Table(
    name="things",
    key="thing_id",
    columns=(
        Column("thing_id", pa.string()),
        Column("colour", pa.string(), allowed=("red", "blue")),
        Column("size", pa.float64(), required=False),
        Column("tags", schema.LIST_OF_STRINGS, allowed=("a", "b")),
        Column("note", pa.string(), required=False, allowed=("x",)),
    ),
)


def things(**columns):
    base = {"thing_id": ["t1"], "colour": ["red"], "size": [1.0], "tags": [["a"]], "note": [None]}
    base.update(columns)
    return pa.table(base, schema=pa.schema([pa.field(f.name, f.type) for f in THINGS.arrow_schema]))


def test_arrow_schema_nullability_follows_required():
    assert [(f.name, f.nullable) for f in THINGS.arrow_schema] == [
        ("thing_id", False), ("colour", False), ("size", True), ("tags", False), ("note", True)]


def test_schema_problems_none_for_the_definition_itself():
    assert schema.schema_problems(THINGS, THINGS.arrow_schema, "f.parquet") == []
    # Nullability is not part of the comparison: a Parquet file read back has nullable fields.
    assert schema.schema_problems(THINGS, things().schema, "f.parquet") == []


def test_schema_problems_missing_wrong_type_and_extra():
    actual = pa.schema([
        ("thing_id", pa.string()),
        ("colour", pa.large_string()),         # wrong string type
        ("size", pa.string()),                 # wrong type
        ("tags", pa.list_(pa.large_string())), # list of the wrong item type
        ("weight", pa.float64()),              # not a column
    ])                                         # note: missing
    assert [str(p) for p in schema.schema_problems(THINGS, actual, "f.parquet")] == [
        "f.parquet, column colour: has type large_string, expected string",
        "f.parquet, column size: has type string, expected double",
        "f.parquet, column tags: has type list<item: large_string>, expected list<item: string>",
        "f.parquet, column note: column is missing",
        "f.parquet, column weight: is not a column of this table",
    ]


def test_value_problems_none_for_valid_rows():
    assert schema.value_problems(THINGS, things(), "t.csv", first_row=2) == []


def test_value_problems_required_allowed_and_lists():
    data = things(
        thing_id=["t1", None, "t3", "t4"],
        colour=["red", "green", None, "blue"],
        size=[None, 2.0, 3.0, 4.0],          # optional: empty is fine
        tags=[["a", "c", "z", "c"], [], ["b"], ["a"]],
        note=[None, "x", "y", None],         # optional but, when given, must be allowed
    )
    assert [str(p) for p in schema.value_problems(THINGS, data, "t.csv", first_row=2)] == [
        "t.csv, row 3, column thing_id: is empty but required",
        "t.csv, row 3, column colour: 'green' is not one of red, blue",
        "t.csv, row 4, column colour: is empty but required",
        # Each bad list item named once, sorted.
        "t.csv, row 2, column tags: 'c', 'z' is not one of a, b",
        "t.csv, row 3, column tags: is empty but required",
        "t.csv, row 4, column note: 'y' is not one of x",
    ]


def test_value_problems_duplicate_keys_point_at_the_first():
    data = things(thing_id=["t1", "t2", "t1", "t1"], colour=["red"] * 4, size=[1.0] * 4, tags=[["a"]] * 4,
                  note=[None] * 4)
    assert schema.value_problems(THINGS, data, "t.parquet", first_row=0) == [
        Problem("t.parquet", "'t1' repeats row 0", 2, "thing_id"),
        Problem("t.parquet", "'t1' repeats row 0", 3, "thing_id"),
    ]


def test_value_problems_skip_columns_the_data_lacks():
    data = pa.table({"thing_id": ["t1", "t1"]})
    assert [str(p) for p in schema.value_problems(THINGS, data, "t.csv", first_row=2)] == [
        "t.csv, row 3, column thing_id: 't1' repeats row 2",
    ]


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("a.csv", "bad"), "a.csv: bad"),
        (Problem("a.csv", "bad", row=4), "a.csv, row 4: bad"),
        (Problem("a.csv", "bad", column="c"), "a.csv, column c: bad"),
        (Problem("a.csv", "bad", 0, "c"), "a.csv, row 0, column c: bad"),
    ],
)
def test_problem_text(problem, text):
    assert str(problem) == text


def test_every_table_key_and_foreign_key_is_a_column():
    for table in schema.TABLES.values():
        assert table.key in table.column_names
        assert table.column(table.key).required
        for column, target in table.foreign_keys.items():
            assert column in table.column_names and target in schema.TABLES
