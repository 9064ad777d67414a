import pytest

from plans.models import ReformArea


@pytest.mark.django_db
def test_seven_reform_areas_exist_in_official_order():
    areas = list(ReformArea.objects.values_list("code", "short_name"))
    assert areas == [
        ("I", "Chỉ đạo, điều hành"),
        ("II", "Thể chế"),
        ("III", "TTHC"),
        ("IV", "Tổ chức bộ máy"),
        ("V", "Chế độ công vụ"),
        ("VI", "Tài chính công"),
        ("VII", "CPĐT, CPS"),
    ]
    assert ReformArea.objects.get(code="VII").name == "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"


@pytest.mark.django_db
def test_an_eighth_area_can_be_added_as_data():
    ReformArea.objects.create(
        code="VIII", name="Tác động của CCHC đến người dân và doanh nghiệp", short_name="Tác động", order=8
    )
    assert ReformArea.objects.count() == 8
