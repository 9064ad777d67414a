"""The seven reform areas of Quyết định 876/QĐ-BNV, in their official order."""

from django.db import migrations

AREAS = [
    ("I", "Công tác chỉ đạo, điều hành cải cách hành chính", "Chỉ đạo, điều hành", 1),
    ("II", "Cải cách thể chế", "Thể chế", 2),
    ("III", "Cải cách thủ tục hành chính", "TTHC", 3),
    ("IV", "Cải cách tổ chức bộ máy hành chính nhà nước", "Tổ chức bộ máy", 4),
    ("V", "Cải cách chế độ công vụ", "Chế độ công vụ", 5),
    ("VI", "Cải cách tài chính công", "Tài chính công", 6),
    ("VII", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "CPĐT, CPS", 7),
]


def seed(apps, schema_editor):
    ReformArea = apps.get_model("plans", "ReformArea")
    for code, name, short_name, order in AREAS:
        ReformArea.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "order": order}
        )


def unseed(apps, schema_editor):
    ReformArea = apps.get_model("plans", "ReformArea")
    ReformArea.objects.filter(code__in=[a[0] for a in AREAS], tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
