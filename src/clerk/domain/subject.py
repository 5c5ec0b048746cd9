"""The matter or bundle an application is for, as the catalogue lists it, and its checklist.

A ``Subject`` is what a case records: name, department(s), legal basis, conditions and
fees, the checklist the window asks for (the agent's authorisation letter added when
the applicant comes through an agent), and whether it is done on the spot (即办).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from clerk.domain.catalogue import Catalogue, Checklist
from clerk.domain.errors import NotFound
from clerk.domain.intake import Decision, with_agent_letter


@dataclass(frozen=True)
class Subject:
    """A matter or a bundle as a case records it, with its checklist."""

    kind: str
    code: str
    name: str
    department: str
    listed: Checklist  # as the catalogue lists it
    matter_names: tuple[str, ...]
    on_the_spot: bool
    legal_basis: str
    conditions: str
    fee: str
    agent: bool = False  # through an agent (代办人): the authorisation letter is asked for

    @cached_property
    def checklist(self) -> Checklist:
        """What the window asks for: the catalogue's list, and the agent's letter."""
        return with_agent_letter(self.listed) if self.agent else self.listed

    def through_agent(self, agent: bool) -> Subject:
        return self if agent == self.agent else replace(self, agent=agent)

    def decision_for(self, asked: Decision) -> Decision:
        """The decision a press means here: 受理 of an on-the-spot (即办) matter completes it."""
        if asked is Decision.ACCEPTED and self.on_the_spot:
            return Decision.COMPLETED_ON_THE_SPOT
        return asked


def subject_of(catalogue: Catalogue, kind: str, code: str, agent: bool = False) -> Subject:
    """The matter (``kind`` "matter") or bundle ("bundle") ``code`` of the catalogue."""
    return _listed_subject(catalogue, kind, code).through_agent(agent)


def _listed_subject(catalogue: Catalogue, kind: str, code: str) -> Subject:
    if kind == "matter" and code in catalogue.matters:
        m = catalogue.matters[code]
        return Subject(
            kind,
            code,
            m.name,
            m.department,
            catalogue.checklist_for_matter(code),
            (m.name,),
            m.on_the_spot,
            m.legal_basis,
            m.conditions,
            m.fee,
        )
    if kind == "bundle" and code in catalogue.bundles:
        b = catalogue.bundles[code]
        members = [catalogue.matters[c] for c in b.matter_codes]
        departments = dict.fromkeys(m.department for m in members)
        return Subject(
            kind,
            code,
            b.name,
            "、".join(departments),
            catalogue.checklist_for_bundle(code),
            tuple(m.name for m in members),
            all(m.on_the_spot for m in members),
            "\n".join(m.legal_basis for m in members if m.legal_basis),
            "\n".join(m.conditions for m in members if m.conditions),
            "；".join(dict.fromkeys(m.fee for m in members)),
        )
    raise NotFound("目录中没有该事项或一件事，请重新选择。", f"{kind} {code}")
