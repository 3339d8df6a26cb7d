"""Who proposes a proposed figure, and whether the proposal is reported as revised or new
(Claim.proposal, issue 15): read from the clause, canonical by the topic's gazetteer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from claimwatch.extractors.pipeline import extract_claims
from claimwatch.extractors.records import Claim, claim_from_data, claim_to_data
from claimwatch.extractors.topic import Topic

ACCESS = "orgs_with_access"
Run = Callable[[str], list[Claim]]


@pytest.fixture(scope="module")
def run(nlp: Language, mythos: Topic) -> Run:
    def _run(text: str) -> list[Claim]:
        return [c for c in extract_claims(text, topic=mythos) if c.measure == ACCESS]

    return _run


def proposals(run: Run, text: str) -> list[tuple[str, str, str | None]]:
    return [(c.value_text, c.modality, c.proposal) for c in run(text)]


def test_the_subject_of_a_proposing_verb_proposes(run: Run) -> None:
    text = "The White House wants to cap the number of organizations with access to Mythos at 80."
    assert proposals(run, text) == [("80", "proposed", "White House")]


def test_a_group_named_by_a_plural_proposes(run: Run) -> None:
    text = "Lawmakers want 200 organizations to have access to Mythos."
    assert proposals(run, text) == [("200", "proposed", "lawmakers")]


def test_the_holder_of_the_plan_proposes(run: Run) -> None:
    assert proposals(run, "Anthropic's plan would allow 120 organizations to use Mythos.") == [
        ("120", "proposed", "Anthropic")
    ]
    text = "Under the White House plan, about 80 organizations would have access to Mythos."
    assert proposals(run, text) == [("about 80", "proposed", "White House")]


def test_the_company_is_the_stories_organization(run: Run) -> None:
    text = (
        "Anthropic has asked the administration to let it widen access to its Mythos model. "
        "The company hopes to let 130 organizations use Mythos."
    )
    assert proposals(run, text) == [("130", "proposed", "Anthropic")]


def test_a_revised_or_new_proposal_is_marked(run: Run) -> None:
    for text in (
        "Under a revised plan, Anthropic would let about 90 organizations use Mythos.",
        "A new proposal from Anthropic would give 150 organizations access to Mythos.",
        "Anthropic now wants to give 90 organizations access to Mythos.",
    ):
        [(_, modality, proposal)] = proposals(run, text)
        assert (modality, proposal) == ("proposed", "Anthropic/revised"), text


def test_new_organizations_do_not_make_a_new_proposal(run: Run) -> None:
    text = "Anthropic wants 120 new organizations to use Mythos."
    assert proposals(run, text) == [("120", "proposed", "Anthropic")]


def test_actual_figures_have_no_proposal(run: Run) -> None:
    assert proposals(run, "About 50 organizations already have access to Mythos.") == [
        ("About 50", "actual", None)
    ]


def test_the_proposal_survives_plain_data(run: Run) -> None:
    [c] = run("Anthropic's plan would allow 120 organizations to use Mythos.")
    assert claim_from_data(claim_to_data(c)) == c
    old = claim_to_data(c)
    del old["proposal"]  # data written before the field existed
    assert claim_from_data(old).proposal is None
