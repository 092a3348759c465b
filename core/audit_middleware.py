"""Permission denials (拒绝访问) in the audit chain: every 403 of a page or the API.

A refusal is checked in many places (role permissions, shared data, workflow rules, CSRF);
recording it where the response leaves, once, catches them all — including refusals added
later. Another agency's record is a 404, not a 403 (it must look missing), so those are not
denials and are not recorded.
"""

from __future__ import annotations

from core import audit
from core.models import AuditAction, user_agency


class DenialAuditMiddleware:
    """Record each 403 response: who, which method and path, and the API's stated reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            data = {"method": request.method, "path": request.path[:300]}
            detail = getattr(response, "data", None)
            if isinstance(detail, dict) and detail.get("detail"):
                data["detail"] = str(detail["detail"])[:300]
            audit.record(
                AuditAction.DENIED,
                None,
                actor=user if getattr(user, "is_authenticated", False) else None,
                agency=user_agency(user),
                data=data,
            )
        return response
