from rest_framework import serializers

from core.api.base import ScopedModelSerializer, ScopedSerializer, ValidatedModelSerializer
from core.models import Agency, Attachment, Department, DocumentTemplate, Person, Region


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


class DocumentTemplateSerializer(ScopedModelSerializer):
    """文书模板：机构上传的执法文书 Word 模板（SM3 摘要；启用中的替代上级或默认模板）。"""

    document_title = serializers.CharField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentTemplate
        fields = [
            "id",
            "agency",
            "document",
            "document_title",
            "file_name",
            "digest",
            "active",
            "created_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, obj) -> str:
        return f"/api/core/document-templates/{obj.pk}/download/"


class DocumentTemplateUploadSerializer(ScopedSerializer):
    document = serializers.ChoiceField(label="文书种类", choices=[])
    file = serializers.FileField(label="模板文件（.docx）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from core import documents

        self.fields["document"].choices = documents.choices()
