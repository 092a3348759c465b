"""Core models, re-exported so that ``from core.models import Agency`` works."""

from core.models.attachments import Attachment
from core.models.audit import AuditAction, AuditChainHead, AuditEvent
from core.models.base import (
    RetainedModel,
    RetainedQuerySet,
    RetentionError,
    ScopedModel,
    ScopedQuerySet,
    SharedModel,
    changeable_pks,
    user_agency,
)
from core.models.calendar import CalendarDay, CalendarYear, DayKind
from core.models.deadlines import Deadline, DeadlineStatus, DeadlineUnit
from core.models.documents import DocumentTemplate
from core.models.jobs import Job, JobStatus
from core.models.numbering import DocumentSequence
from core.models.org import (
    Agency,
    AgencyLevel,
    CertificateReview,
    Department,
    Person,
    Region,
    Role,
    User,
)
from core.models.publication import PublicationCorrection
from core.models.tallies import STANDING, Tally

__all__ = [
    "STANDING",
    "Agency",
    "AgencyLevel",
    "Attachment",
    "AuditAction",
    "AuditChainHead",
    "AuditEvent",
    "CalendarDay",
    "CalendarYear",
    "CertificateReview",
    "DayKind",
    "Deadline",
    "DeadlineStatus",
    "DeadlineUnit",
    "Department",
    "DocumentSequence",
    "DocumentTemplate",
    "Job",
    "JobStatus",
    "Person",
    "PublicationCorrection",
    "Region",
    "RetainedModel",
    "RetainedQuerySet",
    "RetentionError",
    "Role",
    "ScopedModel",
    "ScopedQuerySet",
    "SharedModel",
    "Tally",
    "User",
    "changeable_pks",
    "user_agency",
]
