from rest_framework import serializers

from core.api.base import ScopedModelSerializer, ScopedSerializer, ValidatedModelSerializer
from core.models import Agency, Attachment, Department, Person, Region


class AgencySerializer(ScopedModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "document_prefix",
            "level",
            "parent",
            "division_code",
            "is_active",
        ]


class DepartmentSerializer(ValidatedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "agency", "name", "kind"]
        read_only_fields = ["agency"]


class RegionSerializer(ValidatedModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "agency", "name", "code", "parent", "inspectors"]
        read_only_fields = ["agency"]


class PersonSerializer(ValidatedModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "agency",
            "name",
            "department",
            "position",
            "phone",
            "certificate_number",
            "certificate_issuer",
            "certificate_valid_until",
            "certificate_review",
            "has_legal_qualification",
            "specialties",
            "is_active",
        ]
        read_only_fields = ["agency"]


class AttachmentSerializer(ScopedModelSerializer):
    """附件：上传时登记 SM3 摘要。

    ``target`` 为 “应用.模型:编号”，如 ``supervision.inspection:12``。
    """

    target = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "target",
            "original_name",
            "media_type",
            "size",
            "sm3",
            "captured_at",
            "uploaded_at",
            "device_number",
            "description",
            "withdrawn",
            "withdrawn_at",
            "withdrawal_reason",
            "download",
        ]
        read_only_fields = fields

    def get_target(self, obj) -> str:
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}:{obj.object_id}"

    def get_download(self, obj) -> str:
        from django.urls import reverse

        return reverse("core-api:attachment-download", args=[obj.pk])


class AttachmentUploadSerializer(ScopedSerializer):
    target = serializers.RegexField(
        r"^[a-z_]+\.[a-z_]+:\d+$",
        label="对象",
        help_text="应用.模型:编号，如 supervision.inspection:12",
        error_messages={"invalid": "对象：须写成“应用.模型:编号”，如 supervision.inspection:12。"},
    )
    file = serializers.FileField(label="文件")
    captured_at = serializers.DateTimeField(label="形成时间", required=False, allow_null=True)
    device_number = serializers.CharField(
        label="设备编号", required=False, allow_blank=True, max_length=60
    )
    description = serializers.CharField(
        label="说明", required=False, allow_blank=True, max_length=200
    )


class WithdrawSerializer(ScopedSerializer):
    reason = serializers.CharField(label="撤回理由", allow_blank=True)
