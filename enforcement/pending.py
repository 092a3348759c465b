"""待办 from enforcement: a case's clocks go to its investigators and to the agency's 负责人 and
法规科 (who approve and watch them); a 法制审核's clock goes to its reviewer."""

from __future__ import annotations

from typing import Any

from core.models import Role, user_agency
from core.pending import route_deadlines
from enforcement.models import Case, LegalReview


def _cases_for(user: Any):
    if getattr(user, "role", None) in (Role.LEADER, Role.LEGAL_OFFICE):
        agency = user_agency(user)
        return None if agency is None else Case.objects.filter(agency=agency)
    person_id = getattr(user, "person_id", None)
    return None if person_id is None else Case.objects.filter(team__person=person_id)


def _reviews_for(user: Any):
    person_id = getattr(user, "person_id", None)
    return None if person_id is None else LegalReview.objects.filter(reviewer=person_id)


route_deadlines(Case, _cases_for)
route_deadlines(LegalReview, _reviews_for)
