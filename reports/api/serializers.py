from rest_framework import serializers

from core.api.base import ScopedModelSerializer, ScopedSerializer
from reports.models import AnnualReport, MeetingType, ReportVersion, SubmissionKind


class ReportSerializer(ScopedModelSerializer):
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "agency_code",
            "year",
            "title",
            "template_version",
            "status",
            "status_label",
            "generated_at",
            "report_date",
            "meeting_type",
            "meeting_on",
            "minutes_number",
            "approved_on",
            "published_on",
            "published_url",
        ]
        read_only_fields = [f for f in fields if f != "year"]


class VersionSerializer(ScopedModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["number", "status", "note", "created_at", "text"]


class NarrativeSerializer(ScopedSerializer):
    key = serializers.CharField(max_length=60)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)


class RecipientSerializer(ScopedSerializer):
    recipient = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=SubmissionKind.choices, default=SubmissionKind.SUBMIT)
    submitted_on = serializers.DateField()


class TransitionSerializer(ScopedSerializer):
    to = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300)
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices, required=False)
    meeting_on = serializers.DateField(required=False)
    minutes_number = serializers.CharField(required=False, max_length=60)
    attendees = serializers.CharField(required=False)
    recipients = RecipientSerializer(many=True, required=False)
    published_on = serializers.DateField(required=False)
    published_url = serializers.URLField(required=False)

    def validate(self, data):
        if "recipients" in data:
            data["recipients"] = [
                (r["recipient"], r["kind"], r["submitted_on"]) for r in data["recipients"]
            ]
        return data
