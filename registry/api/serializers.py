from rest_framework import serializers

from core.api.base import ScopedSerializer, ValidatedModelSerializer
from registry.models import Licence, SupervisedEntity


class EntitySerializer(ValidatedModelSerializer):
    class Meta:
        model = SupervisedEntity
        fields = [
            "id",
            "agency",
            "name",
            "uscc",
            "address",
            "region",
            "category",
            "subcategory",
            "risk_grade",
            "credit_grade",
            "status",
            "opened_on",
            "legal_representative",
            "phone",
        ]
        read_only_fields = ["agency"]


class LicenceSerializer(ValidatedModelSerializer):
    class Meta:
        model = Licence
        fields = [
            "id",
            "agency",
            "entity",
            "kind",
            "number",
            "valid_from",
            "valid_until",
            "withdrawn_at",
            "withdrawal_reason",
        ]
        read_only_fields = ["agency", "withdrawn_at", "withdrawal_reason"]
        # No DRF unique-together validator for ``licence_number_unique``: it would answer a taken
        # number in ``non_field_errors`` before ``Licence.clean()`` reports it on ``number``.
        validators = []


class ImportUploadSerializer(ScopedSerializer):
    file = serializers.FileField(
        error_messages={
            "required": "请上传 .xlsx 文件（表单字段 file）。",
            "invalid": "请上传 .xlsx 文件（表单字段 file）。",
            "empty": "上传的文件为空。",
        }
    )


class ImportErrorSerializer(ScopedSerializer):
    sheet = serializers.CharField(help_text="工作表名；整个文件的错误为空")
    row = serializers.IntegerField(help_text="Excel 行号（第1行为表头）；整个文件的错误为0")
    column = serializers.CharField(help_text="列名（表头）；整行或整个文件的错误为空")
    message = serializers.CharField()
    text = serializers.CharField(help_text="完整的中文说明，如“工作表“许可证”第3行“有效期至”：…”")


class ImportReportSerializer(ScopedSerializer):
    ok = serializers.BooleanField()
    created = serializers.IntegerField(help_text="导入的监管对象数")
    licences_created = serializers.IntegerField(help_text="导入的许可证数")
    errors = ImportErrorSerializer(many=True)


def import_report(result) -> dict:
    """An import result as the API returns it (``ImportReportSerializer``)."""
    return {
        "ok": result.ok,
        "created": result.created,
        "licences_created": result.licences_created,
        "errors": [
            {
                "sheet": e.sheet,
                "row": e.row,
                "column": e.column,
                "message": e.message,
                "text": str(e),
            }
            for e in result.errors
        ],
    }
