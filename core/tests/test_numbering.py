"""文书编号: one sequence per agency, kind and year, without gaps or repeats."""

import threading

import pytest
from django.db import connections, transaction

from core.numbering import DocumentKind, format_number, next_number

OPINION = DocumentKind("test.opinion", "卫生监督意见书", "卫监意")
RECORD = DocumentKind("test.record", "现场笔录", "卫监笔")


def test_numbers_run_from_one_per_agency_kind_and_year(world):
    a, b = world.county_a, world.county_b
    assert [next_number(a, OPINION, 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number(a, RECORD, 2026) == 1  # another kind
    assert next_number(a, OPINION, 2027) == 1  # another year
    assert next_number(b, OPINION, 2026) == 1  # another agency
    assert next_number(a, OPINION, 2026) == 4


def test_number_names_the_agency_by_its_prefix_then_short_name_then_name(world):
    a = world.county_a
    assert format_number(a, OPINION, 2026, 7) == "临江市东湖区卫生健康局卫监意〔2026〕7号"
    a.short_name = "东湖区卫健局"
    assert format_number(a, OPINION, 2026, 7) == "东湖区卫健局卫监意〔2026〕7号"
    a.document_prefix = "临东"
    assert format_number(a, OPINION, 2026, 7) == "临东卫监意〔2026〕7号"
    a.save()
    assert OPINION.number(a, 2026) == "临东卫监意〔2026〕1号"


def test_numbers_loaded_elsewhere_move_the_sequence_forward_never_back(world):
    from core.numbering import advance_to

    a = world.county_a
    advance_to(a, OPINION, 2026, 40)  # 40 documents loaded in bulk
    assert next_number(a, OPINION, 2026) == 41
    advance_to(a, OPINION, 2026, 5)  # a smaller load does not move it back
    assert next_number(a, OPINION, 2026) == 42


def test_a_rolled_back_document_gives_its_number_back(world):
    a = world.county_a
    assert next_number(a, OPINION, 2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(a, OPINION, 2026) == 2
        raise RuntimeError("the document was not saved")
    assert next_number(a, OPINION, 2026) == 2  # no gap


@pytest.mark.django_db(transaction=True)
def test_people_numbering_at_the_same_time_get_distinct_consecutive_numbers(world):
    """Overlapping transactions on PostgreSQL; one after the other on SQLite (IMMEDIATE)."""
    start = threading.Barrier(4)
    got, errors = [], []

    def take():
        try:
            start.wait(5)
            for _ in range(5):
                with transaction.atomic():
                    got.append(next_number(world.county_a, OPINION, 2026))
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(got) == list(range(1, 21))
