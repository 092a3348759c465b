"""How an audit event's content (``AuditEvent.changes``) reads on the 审计日志 page.

The stored content is the event's raw data (field attnames and stored values), kept as written
because the hash chain covers it. This turns it into short Chinese text for people: the event
model's field verbose names, choice labels instead of stored values, （空） for None, 是/否 for
booleans, and a state transition as “状态：已提交 → 已公布”.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

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
    "published_on": "公示日期",
    "seed": "随机种子",
    "algorithm": "抽取算法版本",
    "witness": "见证人",
    "targets": "抽中对象数",
    "inspections": "检查记录",
    "entity_code": "企业码",
    "person_code": "执法证号",
    "rectified": "整改是否到位",
    "expected_sm3": "登记的SM3摘要",
    "to": "变更为",
    "from": "原状态",
}

#: Related names of one page of events: ``(related model, str(pk)) → str(object)``.
Names = dict[tuple[type, str], str]
EMPTY = "（空）"


def related_names(events: Iterable[Any]) -> Names:
    """The names of the records the events' foreign-key values point at, one query per model,
    so a page of events reads “检查对象：东湖宾馆” rather than “编号3”."""
    wanted: dict[type, set[str]] = defaultdict(set)
    for event in events:
        model = event.content_type.model_class() if event.content_type_id else None
        changes = event.changes if isinstance(event.changes, dict) else {}
        for values in (changes.get("before"), changes.get("after")):
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                field = _field(model, key)
                if field is not None and field.many_to_one and value not in (None, ""):
                    wanted[field.related_model].add(str(value))
    names: Names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, str(obj.pk))] = str(obj)
    return names


def describe(
    changes: Any, model: type[models.Model] | None, names: Names | None = None
) -> list[str]:
    """The content of one event as lines like “经营状态：营业 → 停业”."""
    names = names or {}
    if not isinstance(changes, dict):
        return [_value(changes)]
    data = dict(changes)
    lines = []
    if "from" in data or "to" in data:
        field = _field(model, "status")
        label = str(field.verbose_name) if field is not None else "状态"
        frm, to = data.pop("from", None), data.pop("to", None)
        lines.append(f"{label}：{_value(frm, field, names)} → {_value(to, field, names)}")
    before, after = data.pop("before", None), data.pop("after", None)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in after:
            field = _field(model, key)
            old, new = _value(before.get(key), field, names), _value(after[key], field, names)
            lines.append(f"{_label(key, field)}：{old} → {new}")
    else:
        for values in (after, before):  # a creation has only after, a deletion only before
            if isinstance(values, dict):
                for key, value in values.items():
                    field = _field(model, key)
                    lines.append(f"{_label(key, field)}：{_value(value, field, names)}")
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


def _value(value: Any, field: models.Field | None = None, names: Names | None = None) -> str:
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
        name = (names or {}).get((field.related_model, str(value)))
        return name if name is not None else f"编号{value}（已不存在）"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{moment:%Y-%m-%d %H:%M:%S}"
    return str(value)
