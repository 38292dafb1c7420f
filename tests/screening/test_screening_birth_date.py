"""A differing date of birth lowers a strong name match but cannot hide it; it still sinks
weak name matches (the product decision in docs/screening.md)."""

from __future__ import annotations

from borderflow.screening import BirthDate, Entry, EntryKind, EntryName, NameIndex, Screener

_KEPT = "alert kept because the name matches exactly"


def test_a_listed_trafficker_giving_another_date_of_birth_still_alerts(
    sdn_index: NameIndex,
) -> None:
    """OFAC ent 6861, ``GUZMAN LOERA, Joaquin``, listed DOB 25 Dec 1954."""
    screener = Screener(sdn_index)
    honest = screener.screen("Joaquin Guzman Loera", dob=BirthDate(1954, 12, 25))
    lying = screener.screen("Joaquin Guzman Loera", dob=BirthDate(1957, 4, 4))
    assert honest[0].entry.entry_id == lying[0].entry.entry_id == "6861"
    kept = lying[0]
    assert kept.alert and kept.score == screener.threshold
    assert kept.score < honest[0].score  # lower priority, not suppressed
    assert any(
        line.startswith("date of birth 1957-04-04 differs from 1954-12-25") and _KEPT in line
        for line in kept.explain()
    )


def test_a_weak_name_match_with_another_date_of_birth_is_still_suppressed(
    sdn_index: NameIndex,
) -> None:
    """Two misspelt parts: a good name match (an alert without a date of birth) that the
    differing date sinks below the threshold, with the full penalty."""
    screener = Screener(sdn_index)
    no_dob = screener.screen("Joaquin Guzmen Loerra", threshold=0.01)[0]
    other = screener.screen("Joaquin Guzmen Loerra", dob=BirthDate(1957, 4, 4), threshold=0.01)
    assert no_dob.entry.entry_id == other[0].entry.entry_id == "6861"
    assert no_dob.alert
    assert not other[0].alert
    assert [a.delta for a in other[0].adjustments if "birth" in a.reason] == [-0.30]
    assert not any(_KEPT in line for line in other[0].explain())


def _person(entry_id: str, name: str, born: BirthDate) -> Entry:
    return Entry("t", entry_id, EntryKind.PERSON, (EntryName(name),), birth_dates=(born,))


def test_the_exact_name_rule_needs_every_part_matched_and_respects_the_threshold() -> None:
    index = NameIndex(
        [
            _person("1", "ROSALES MENDOZA, Carlos", BirthDate(1963, 1, 12)),
            _person("2", "VILLANUEVA, Teodoro", BirthDate(1970)),
        ]
    )
    other_day = BirthDate(1980, 6, 1)
    strict = Screener(index, threshold=0.9)
    kept = strict.screen("Carlos Rosales Mendoza", dob=other_day)
    assert [m.entry.entry_id for m in kept] == ["1"] and kept[0].score == 0.9
    # the listed name has a part more (a relative's name holds his father's): not exact
    shorter = strict.screen("Carlos Rosales", dob=other_day, threshold=0.01)
    assert shorter[0].entry.entry_id == "1" and not shorter[0].alert
    assert not any(_KEPT in line for line in shorter[0].explain())
    # a query part not on the entry: not an exact name, the date of birth decides
    extra = strict.screen("Carlos Alberto Rosales Mendoza", dob=other_day, threshold=0.01)
    assert extra[0].score < 0.9 and not extra[0].alert
    # a single part is never an exact name
    single = strict.screen("Villanueva", dob=other_day, threshold=0.01)
    assert all(not m.alert for m in single)


def test_other_evidence_that_sinks_the_match_on_its_own_is_not_overridden() -> None:
    """Only the date of birth is capped: a nationality and gender that disagree too take an
    exact name below the threshold, and the explanation does not claim the alert was kept."""
    index = NameIndex(
        [
            Entry(
                "t",
                "1",
                EntryKind.PERSON,
                (EntryName("ROSALES MENDOZA, Carlos"),),
                birth_dates=(BirthDate(1963, 1, 12),),
                nationalities=frozenset({"MX"}),
                gender="male",
            )
        ]
    )
    screener = Screener(index, threshold=0.9)
    found = screener.screen(
        "Carlos Rosales Mendoza",
        dob=BirthDate(1980, 6, 1),
        nationality="GT",
        gender="female",
        threshold=0.01,
    )
    assert found[0].score < 0.9 and not found[0].alert
    assert not any(_KEPT in line for line in found[0].explain())
