"""Common appendix figures of CCHC reports (docs/DOMAIN.md, "Reporting periods and
cut-offs"). The secretariat may rename, reorder, retire or add indicators afterwards."""

from django.db import migrations

# code, name, unit of measure, group, order, aggregation
INDICATORS = [
    ("vbqppl-ban-hanh", "Số văn bản quy phạm pháp luật được ban hành", "văn bản", "institutions", 10, "sum"),
    ("vbqppl-ra-soat", "Số văn bản quy phạm pháp luật được rà soát", "văn bản", "institutions", 20, "sum"),
    ("tthc-cong-bo", "Số thủ tục hành chính được công bố", "thủ tục", "tthc", 10, "sum"),
    ("tthc-sua-doi", "Số thủ tục hành chính được sửa đổi, bổ sung", "thủ tục", "tthc", 20, "sum"),
    ("tthc-bai-bo", "Số thủ tục hành chính bị bãi bỏ", "thủ tục", "tthc", 30, "sum"),
    ("tthc-don-gian-hoa", "Số thủ tục hành chính được đơn giản hóa", "thủ tục", "tthc", 40, "sum"),
    ("ho-so-tiep-nhan", "Số hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ", "tthc", 50, "sum"),
    ("ho-so-dung-han", "Số hồ sơ giải quyết đúng hạn", "hồ sơ", "tthc", 60, "sum"),
    ("ho-so-qua-han", "Số hồ sơ giải quyết quá hạn", "hồ sơ", "tthc", 70, "sum"),
    ("dvc-toan-trinh", "Số dịch vụ công trực tuyến toàn trình", "dịch vụ", "online_services", 10, "sum"),
    ("dvc-mot-phan", "Số dịch vụ công trực tuyến một phần", "dịch vụ", "online_services", 20, "sum"),
    ("ty-le-ho-so-truc-tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "online_services", 30, "avg"),
    ("van-ban-ky-so", "Số văn bản điện tử được ký số", "văn bản", "digital_signature", 10, "sum"),
    ("kiem-tra-cchc", "Số cuộc kiểm tra công tác cải cách hành chính", "cuộc", "inspection", 10, "sum"),
    ("don-vi-duoc-kiem-tra", "Số đơn vị được kiểm tra", "đơn vị", "inspection", 20, "sum"),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("figures", "Indicator")
    for code, name, unit_of_measure, group, order, aggregate in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": unit_of_measure,
                "group": group,
                "order": order,
                "aggregate": aggregate,
            },
        )


def unseed(apps, schema_editor):
    # Only the seeded indicators nobody has entered a value for.
    Indicator = apps.get_model("figures", "Indicator")
    Indicator.objects.filter(code__in=[row[0] for row in INDICATORS], values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("figures", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
