"""The withdrawal (撤回) page of any retained record: a reason, then ``core.retention.withdraw``.

Records of work are never deleted (``RetainedModel``); this is the page that replaces a delete
page. It needs the role's ``change`` permission on the model and the record to be the user's
agency's (else 404), like an edit page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.views import generic

from core.retention import withdraw
from core.views import ScopedMixin


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="必填。记录不会删除：撤回后仍可查阅，并记入审计日志。",
        error_messages={"required": "撤回理由：必填，须说明撤回原因。"},
    )


class ScopedWithdrawView(ScopedMixin, generic.detail.SingleObjectMixin, generic.FormView):
    """撤回 one record of the user's agency, with a reason."""

    action = "change"
    write = True
    form_class = WithdrawForm
    template_name = "core/object_withdraw.html"

    def get_queryset(self):
        return super().get_queryset().active()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def form_valid(self, form):
        try:
            withdraw(self.object, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error("reason", msg)
            return self.form_invalid(form)
        messages.success(self.request, f"已撤回：{self.object}。")
        return HttpResponseRedirect(self.get_success_url())
