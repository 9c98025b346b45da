"""Attributes a question asks about, found by their phrases."""

from advisor.nlu.attributes import Attribute, AttributeIndex

ACCREDITATION = Attribute("accreditation", "school", "whether {subject} is accredited", ("accredited", "accreditation"))
EXAM_FEE = Attribute("exam fee", "certification", "the exam fee", ("exam + cost", "exam fee"))
PAY_BY_PLACE = Attribute("pay by place", "occupation", "pay in {subject}", ("salary + STATE",))
INDEX = AttributeIndex(
    [ACCREDITATION, EXAM_FEE, PAY_BY_PLACE], lambda phrases: [tuple(phrase.lower().split()) for phrase in phrases]
)


def found(text: str):
    match = INDEX.find(tuple(text.split()))
    return match.attribute.name if match else None


def test_a_word_or_phrase_asks_its_attribute():
    assert found("is SCHOOL accredited") == "accreditation"
    assert found("what is the exam fee") == "exam fee"


def test_parts_joined_by_plus_may_come_in_any_order():
    assert found("how much does the exam cost") == "exam fee"
    assert found("what does it cost to sit the exam") == "exam fee"
    assert found("what does the course cost") is None


def test_a_slot_word_stands_for_any_entity_of_its_kind():
    assert found("what is the salary in STATE") == "pay by place"
    assert found("what is the salary") is None


def test_nothing_asked():
    assert found("how much do they earn") is None
    assert found("") is None
