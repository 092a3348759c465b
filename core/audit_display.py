"""How an audit event's content (``AuditEvent.changes``) reads on the 审计日志 page.

The stored content is the event's raw data (field attnames and stored values), kept as written
because the hash chain covers it. This turns it into short Chinese text for people: the event
model's field verbose names, choice labels instead of stored values, （空） for None, 是/否 for
booleans, and a state transition as “状态：已提交 → 已公布”.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

#: Keys that events write explicitly (transitions, exports, logins, …) and what they mean.
KEY_LABELS = {
    "comment": "意见",
    "reason": "理由",
    "username": "账号",
    "model": "对象类型",
    "count": "数量",
    "query": "筛选条件",
    "format": "格式",
    "note": "说明",
    "regenerated": "重新生成年度",
    "remote_addr": "来源地址",
    "ip_address": "来源地址",
    "points": "检查要点数",
    "failed": "不符合项数",
    "results": "检查要点结论",
    "previous": "原结论",
    "point": "检查要点",
    "compliant": "符合",
    "method": "请求方法",
    "path": "地址",
    "status": "状态码",
    "detail": "原因",
}
EMPTY = "（空）"


def describe(changes: Any, model: type[models.Model] | None) -> list[str]:
    """The content of one event as lines like “经营状态：营业 → 停业”."""
    if not isinstance(changes, dict):
        return [_value(changes)]
    data = dict(changes)
    lines = []
    if "from" in data or "to" in data:
        field = _field(model, "status")
        label = str(field.verbose_name) if field is not None else "状态"
        frm, to = data.pop("from", None), data.pop("to", None)
        lines.append(f"{label}：{_value(frm, field)} → {_value(to, field)}")
    before, after = data.pop("before", None), data.pop("after", None)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in after:
            field = _field(model, key)
            old, new = _value(before.get(key), field), _value(after[key], field)
            lines.append(f"{_label(key, field)}：{old} → {new}")
    else:
        for values in (after, before):  # a creation has only after, a deletion only before
            if isinstance(values, dict):
                for key, value in values.items():
                    field = _field(model, key)
                    lines.append(f"{_label(key, field)}：{_value(value, field)}")
    for key, value in data.items():
        if key == "model" and isinstance(value, str):
            value = _model_name(value)
        lines.append(f"{_label(key, _field(model, key))}：{_value(value, _field(model, key))}")
    return lines


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _model_name(label: str) -> str:
    """“registry.supervisedentity” → 监管对象."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if key in (f.name, f.attname):
            return f
    return None


def _label(key: str, field: models.Field | None) -> str:
    if field is not None:
        return str(field.verbose_name)
    return KEY_LABELS.get(key, key)


def _value(value: Any, field: models.Field | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, (list, tuple)):
        return "、".join(_value(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "，".join(f"{KEY_LABELS.get(k, k)}：{_value(v)}" for k, v in value.items())
    if field is not None and field.many_to_one:
        return f"编号{value}"
    return str(value)
