"""The 11-proef, property-based: for every number, not for a handful of examples."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from schakel.persons.bsn import is_valid_bsn, normalise_bsn, validate_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


def check_digit(prefix: str) -> int | None:
    """The ninth digit that makes the weighted sum divisible by 11, if one exists."""
    remainder = sum(int(d) * w for d, w in zip(prefix, WEIGHTS, strict=True)) % 11
    return remainder if remainder < 10 else None


def valid_bsns():
    return (
        eight_digits.map(lambda p: (p, check_digit(p)))
        .filter(lambda pair: pair[1] is not None and pair[0] != "00000000")
        .map(lambda pair: f"{pair[0]}{pair[1]}")
    )


@given(eight_digits)
def test_every_prefix_with_its_check_digit_is_valid(prefix):
    digit = check_digit(prefix)
    assume(digit is not None and prefix != "00000000")
    assert is_valid_bsn(f"{prefix}{digit}")


def prefixes_without_check_digit():
    """Seven digits and the eighth that leaves remainder 10, which no ninth digit can cancel."""

    def complete(seven: str) -> str | None:
        partial = sum(int(d) * w for d, w in zip(seven, WEIGHTS[:7], strict=True))
        eighth = ((10 - partial) * 6) % 11  # 6 is the inverse of the weight 2 modulo 11
        return f"{seven}{eighth}" if eighth < 10 else None

    seven_digits = st.text(alphabet="0123456789", min_size=7, max_size=7)
    return seven_digits.map(complete).filter(lambda prefix: prefix is not None)


@given(prefixes_without_check_digit())
def test_a_prefix_without_check_digit_has_no_valid_ninth_digit(prefix):
    assert check_digit(prefix) is None
    assert not any(is_valid_bsn(f"{prefix}{d}") for d in range(10))


@given(valid_bsns(), st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_changing_any_single_digit_makes_it_invalid(bsn, position, shift):
    changed_digit = (int(bsn[position]) + shift) % 10
    changed = f"{bsn[:position]}{changed_digit}{bsn[position + 1 :]}"
    assert changed != bsn
    assert not is_valid_bsn(changed)


@given(
    valid_bsns(),
    st.integers(min_value=0, max_value=8),
    st.characters(exclude_characters="0123456789"),
)
def test_a_non_digit_anywhere_is_refused(bsn, position, character):
    assert not is_valid_bsn(f"{bsn[:position]}{character}{bsn[position + 1 :]}")


@given(st.text(alphabet="0123456789", max_size=20).filter(lambda s: len(s) != 9))
def test_wrong_lengths_are_refused(digits):
    assert not is_valid_bsn(digits)


@given(valid_bsns())
def test_normalising_a_formatted_bsn_gives_it_back(bsn):
    assert normalise_bsn(f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}") == bsn
    assert normalise_bsn(f" {bsn[:3]} {bsn[3:6]}-{bsn[6:]} ") == bsn
    if bsn.startswith("0"):
        assert normalise_bsn(bsn[1:]) == bsn


def test_unicode_digits_are_not_digits_here():
    assert not is_valid_bsn("١١١٢٢٢٣٣٣")  # Arabic-Indic digits of 111222333
    assert is_valid_bsn("111222333")
    assert not is_valid_bsn("000000000")


def test_validate_bsn_speaks_dutch_and_allows_empty():
    validate_bsn("")
    validate_bsn("123456782")
    with pytest.raises(ValidationError) as error:
        validate_bsn("123456789")
    assert "11-proef" in error.value.messages[0]
