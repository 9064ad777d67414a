from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.formatting import DATE_FORMAT

from .channels import registry
from .models import NotificationKind


class PreferencesForm(forms.Form):
    """One multiple choice of channels per kind (the app itself is always on), and quiet mode."""

    quiet_until = forms.DateField(
        label=_("Tạm dừng gửi thư đến hết ngày"),
        required=False,
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Trong thời gian này chỉ nhận thông báo trong ứng dụng. Để trống: không tạm dừng."),
    )

    def __init__(self, *args, current: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(name, channel.label) for name, channel in registry().items()]
        for kind, label in NotificationKind.choices:
            self.fields[f"kind_{kind}"] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=current.get(kind, []),
                widget=forms.CheckboxSelectMultiple,
            )

    def kind_fields(self):
        return [self[f"kind_{kind}"] for kind in NotificationKind.values]

    def channels(self) -> dict[str, list[str]]:
        return {kind: list(self.cleaned_data.get(f"kind_{kind}", [])) for kind in NotificationKind.values}
