"""Texts of the demo agency: the fictional province of Sông Lam, its 20 units and its annual
administrative-reform plan of 77 tasks over the seven reform areas (docs/DOMAIN.md,
"Vocabulary" and "Reform areas").

Plain data only; demo/services.py loads it. Deadlines are written as plans write them and
carry no year, because the demo plan's year follows the date the demo is loaded.
"""

from __future__ import annotations

AGENCY_CODE = "UBND-TINH"
PLAN_NUMBER = "125/KH-UBND"
PLAN_TITLE = "Kế hoạch cải cách hành chính năm {year} của Ủy ban nhân dân tỉnh Sông Lam"

# (code, name, kind, parent code) — parents before children; kind is a units.models.UnitKind value.
UNITS: list[tuple[str, str, str, str | None]] = [
    ("UBND-TINH", "Ủy ban nhân dân tỉnh Sông Lam", "ministry", None),
    ("VP-UBND", "Văn phòng UBND tỉnh", "office", "UBND-TINH"),
    ("SNV", "Sở Nội vụ", "department", "UBND-TINH"),
    ("STP", "Sở Tư pháp", "department", "UBND-TINH"),
    ("STC", "Sở Tài chính", "department", "UBND-TINH"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "department", "UBND-TINH"),
    ("STTTT", "Sở Thông tin và Truyền thông", "department", "UBND-TINH"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department", "UBND-TINH"),
    ("SYT", "Sở Y tế", "department", "UBND-TINH"),
    ("SXD", "Sở Xây dựng", "department", "UBND-TINH"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "department", "UBND-TINH"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "department", "UBND-TINH"),
    ("SCT", "Sở Công Thương", "department", "UBND-TINH"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "department", "UBND-TINH"),
    ("UBND-TPSL", "UBND thành phố Sông Lam", "district", "UBND-TINH"),
    ("UBND-TXBS", "UBND thị xã Bến Sơn", "district", "UBND-TINH"),
    ("UBND-HTD", "UBND huyện Thạch Đồng", "district", "UBND-TINH"),
    ("UBND-HNT", "UBND huyện Nghi Tân", "district", "UBND-TINH"),
    ("UBND-PLH", "UBND phường Lam Hồng", "commune", "UBND-TPSL"),
    ("UBND-XDT", "UBND xã Đồng Tiến", "commune", "UBND-HTD"),
]

# (slug, name as plans write it, unit codes)
UNIT_GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "so-ban-nganh",
        "Các sở, ban, ngành",
        [code for code, _, kind, _ in UNITS if kind == "department"],
    ),
    (
        "ubnd-cap-huyen",
        "UBND các huyện, thị xã, thành phố",
        [code for code, _, kind, _ in UNITS if kind == "district"],
    ),
    (
        "ubnd-cap-xa",
        "UBND các xã, phường, thị trấn",
        [code for code, _, kind, _ in UNITS if kind == "commune"],
    ),
]

_SBN = "so-ban-nganh"
_HUYEN = "ubnd-cap-huyen"
_XA = "ubnd-cap-xa"

# The plan's appendix, area by area. Each row:
# (STT, nội dung nhiệm vụ, sản phẩm, chủ trì, phối hợp (unit codes or group slugs), thời hạn as written)
_PLAN: list[tuple[str, list[tuple[str, str, str, str, tuple[str, ...], str]]]] = [
    (
        "I",
        [
            (
                "1",
                "Xây dựng, ban hành Kế hoạch kiểm tra công tác cải cách hành chính của tỉnh",
                "Kế hoạch của UBND tỉnh",
                "SNV",
                ("VP-UBND",),
                "Quý I",
            ),
            (
                "2",
                "Xây dựng, ban hành Kế hoạch tuyên truyền cải cách hành chính của tỉnh",
                "Kế hoạch của UBND tỉnh",
                "SNV",
                ("STTTT", "VP-UBND"),
                "Quý I",
            ),
            (
                "3",
                "Hướng dẫn, đôn đốc các sở, ban, ngành, UBND cấp huyện xây dựng, ban hành kế hoạch cải cách "
                "hành chính của cơ quan, đơn vị",
                "Văn bản hướng dẫn",
                "SNV",
                (),
                "Tháng 1",
            ),
            (
                "4",
                "Tổ chức Hội nghị triển khai nhiệm vụ cải cách hành chính; phân tích, đánh giá kết quả Chỉ số "
                "CCHC, SIPAS, PAPI, PCI của tỉnh năm trước",
                "Hội nghị; Thông báo kết luận của Chủ tịch UBND tỉnh",
                "SNV",
                ("VP-UBND", "SKHDT"),
                "Tháng 3",
            ),
            (
                "5",
                "Kiểm tra công tác cải cách hành chính tại các sở, ban, ngành, UBND cấp huyện, cấp xã theo Kế "
                "hoạch kiểm tra",
                "Thông báo kết quả kiểm tra",
                "SNV",
                ("VP-UBND", "STP", "STTTT"),
                "Quý III",
            ),
            (
                "6",
                "Xây dựng Báo cáo cải cách hành chính quý I gửi Bộ Nội vụ",
                "Báo cáo của UBND tỉnh",
                "SNV",
                (_SBN, _HUYEN),
                "Tháng 3",
            ),
            (
                "7",
                "Xây dựng Báo cáo cải cách hành chính 6 tháng đầu năm gửi Bộ Nội vụ",
                "Báo cáo của UBND tỉnh",
                "SNV",
                (_SBN, _HUYEN),
                "Tháng 6",
            ),
            (
                "8",
                "Xây dựng Báo cáo cải cách hành chính năm gửi Bộ Nội vụ",
                "Báo cáo của UBND tỉnh",
                "SNV",
                (_SBN, _HUYEN),
                "Trước ngày 15/12",
            ),
            (
                "9",
                "Đánh giá, xác định Chỉ số cải cách hành chính của các sở, ban, ngành và UBND cấp huyện",
                "Quyết định phê duyệt và công bố Chỉ số CCHC",
                "SNV",
                (_SBN, _HUYEN),
                "Quý II",
            ),
            (
                "10",
                "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính của tỉnh năm trước theo hướng dẫn của Bộ Nội vụ",
                "Báo cáo tự đánh giá kèm tài liệu kiểm chứng",
                "SNV",
                (_SBN,),
                "Tháng 2",
            ),
            (
                "11",
                "Tổ chức điều tra xã hội học phục vụ xác định Chỉ số cải cách hành chính của các sở, ban, ngành "
                "và UBND cấp huyện",
                "Báo cáo kết quả điều tra xã hội học",
                "SNV",
                (_HUYEN,),
                "Quý I",
            ),
            (
                "12",
                "Tuyên truyền về cải cách hành chính trên Báo Sông Lam, Đài Phát thanh và Truyền hình tỉnh, "
                "Cổng thông tin điện tử tỉnh",
                "Tin, bài, chuyên mục",
                "STTTT",
                ("SNV", "VP-UBND"),
                "Thường xuyên",
            ),
        ],
    ),
    (
        "II",
        [
            (
                "1",
                "Tham mưu ban hành danh mục văn bản quy định chi tiết thi hành luật, nghị quyết thuộc thẩm "
                "quyền của HĐND, UBND tỉnh",
                "Quyết định của UBND tỉnh",
                "STP",
                (_SBN,),
                "Quý I",
            ),
            (
                "2",
                "Thẩm định dự thảo văn bản quy phạm pháp luật của HĐND, UBND tỉnh bảo đảm đúng thời hạn, chất lượng",
                "Báo cáo thẩm định",
                "STP",
                (),
                "Thường xuyên",
            ),
            (
                "3.1",
                "Công bố Danh mục văn bản quy phạm pháp luật của HĐND, UBND tỉnh hết hiệu lực toàn bộ hoặc một "
                "phần năm trước",
                "Quyết định công bố của Chủ tịch UBND tỉnh",
                "STP",
                (_SBN,),
                "Tháng 1",
            ),
            (
                "3.2",
                "Rà soát văn bản quy phạm pháp luật theo chuyên đề, lĩnh vực, bảo đảm tính thống nhất với văn "
                "bản của cấp trên",
                "Báo cáo kết quả rà soát",
                "STP",
                (_SBN, _HUYEN),
                "Quý III",
            ),
            (
                "4",
                "Kiểm tra, xử lý văn bản quy phạm pháp luật theo thẩm quyền",
                "Báo cáo kết quả kiểm tra",
                "STP",
                (_HUYEN,),
                "Quý IV",
            ),
            (
                "5",
                "Xây dựng, ban hành Kế hoạch theo dõi tình hình thi hành pháp luật trên địa bàn tỉnh",
                "Kế hoạch của UBND tỉnh",
                "STP",
                (_SBN,),
                "Tháng 2",
            ),
            (
                "6",
                "Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức, viên chức và Nhân dân; hưởng ứng "
                "Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam",
                "Báo cáo kết quả",
                "STP",
                (_SBN, _HUYEN),
                "Tháng 11",
            ),
            (
                "7",
                "Tham mưu HĐND tỉnh ban hành nghị quyết quy định mức thu, chế độ thu, nộp, quản lý và sử dụng "
                "phí, lệ phí thuộc thẩm quyền",
                "Nghị quyết của HĐND tỉnh",
                "STC",
                ("STP",),
                "Tháng 7",
            ),
            (
                "8",
                "Rà soát, sửa đổi, bổ sung quy định về phân cấp, ủy quyền trong quản lý nhà nước giữa UBND tỉnh "
                "với các sở, ban, ngành và UBND cấp huyện",
                "Quyết định của UBND tỉnh",
                "SNV",
                ("STP", _SBN),
                "Quý III",
            ),
            (
                "9",
                "Đăng tải dự thảo văn bản quy phạm pháp luật có tác động đến người dân, doanh nghiệp trên Cổng "
                "thông tin điện tử tỉnh để lấy ý kiến",
                "Dự thảo được đăng tải; báo cáo tiếp thu, giải trình",
                "VP-UBND",
                ("STP", _SBN),
                "Thường xuyên",
            ),
        ],
    ),
    (
        "III",
        [
            (
                "1",
                "Công bố danh mục thủ tục hành chính mới ban hành, sửa đổi, bổ sung, bãi bỏ thuộc thẩm quyền "
                "giải quyết của các cấp chính quyền trên địa bàn tỉnh",
                "Quyết định công bố của Chủ tịch UBND tỉnh",
                "VP-UBND",
                (_SBN,),
                "Thường xuyên",
            ),
            (
                "2",
                "Xây dựng, ban hành Kế hoạch rà soát, đánh giá thủ tục hành chính trên địa bàn tỉnh",
                "Kế hoạch của UBND tỉnh",
                "VP-UBND",
                (_SBN,),
                "Quý I",
            ),
            (
                "3",
                "Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước trên địa "
                "bàn tỉnh",
                "Quyết định phê duyệt phương án đơn giản hóa",
                "VP-UBND",
                (_SBN, _HUYEN),
                "Quý II",
            ),
            (
                "4",
                "Rà soát, cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh thuộc phạm vi quản "
                "lý của tỉnh",
                "Báo cáo; phương án cắt giảm, đơn giản hóa",
                "SKHDT",
                (_SBN,),
                "Tháng 5",
            ),
            (
                "5",
                "Xây dựng, cập nhật quy trình nội bộ giải quyết thủ tục hành chính trên Hệ thống thông tin giải "
                "quyết thủ tục hành chính của tỉnh",
                "Quyết định phê duyệt quy trình nội bộ",
                "VP-UBND",
                ("STTTT", _SBN),
                "Quý II",
            ),
            (
                "6",
                "Triển khai số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
                "Báo cáo tỷ lệ hồ sơ được số hóa",
                "VP-UBND",
                ("STTTT", _HUYEN, _XA),
                "6 tháng đầu năm",
            ),
            (
                "7",
                "Kiện toàn tổ chức, hoạt động của Trung tâm Phục vụ hành chính công tỉnh và Bộ phận Một cửa "
                "cấp huyện, cấp xã",
                "Quyết định kiện toàn",
                "VP-UBND",
                ("SNV", _HUYEN),
                "Quý I",
            ),
            (
                "8",
                "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
                "Báo cáo kết quả xử lý",
                "VP-UBND",
                (_SBN, _HUYEN),
                "Thường xuyên",
            ),
            (
                "9",
                "Thực hiện liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo "
                "hiểm y tế cho trẻ em dưới 6 tuổi",
                "Báo cáo kết quả thực hiện",
                "STP",
                (_HUYEN, _XA),
                "Tháng 6",
            ),
            (
                "10",
                "Kiểm tra việc thực hiện kiểm soát thủ tục hành chính, cơ chế một cửa, một cửa liên thông tại "
                "các cơ quan, đơn vị",
                "Báo cáo kết quả kiểm tra",
                "VP-UBND",
                ("SNV",),
                "Quý III",
            ),
            (
                "11",
                "Đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ "
                "công theo thời gian thực trên môi trường điện tử",
                "Báo cáo; kết quả công khai trên Cổng Dịch vụ công của tỉnh",
                "VP-UBND",
                ("STTTT",),
                "Tháng 4",
            ),
            (
                "12.1",
                "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai",
                "Quyết định phê duyệt phương án đơn giản hóa",
                "STNMT",
                ("VP-UBND", _HUYEN),
                "Quý II",
            ),
            (
                "12.2",
                "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực xây dựng, quy hoạch",
                "Quyết định phê duyệt phương án đơn giản hóa",
                "SXD",
                ("VP-UBND", _HUYEN),
                "Quý II",
            ),
            (
                "13",
                "Công bố danh mục thủ tục hành chính tiếp nhận không phụ thuộc vào địa giới hành chính trong "
                "phạm vi tỉnh",
                "Quyết định công bố của Chủ tịch UBND tỉnh",
                "VP-UBND",
                (_SBN, _HUYEN),
                "Tháng 3",
            ),
        ],
    ),
    (
        "IV",
        [
            (
                "1",
                "Rà soát, sắp xếp, kiện toàn cơ cấu tổ chức bên trong các sở, ban, ngành theo hướng tinh gọn, "
                "hoạt động hiệu lực, hiệu quả",
                "Quyết định của UBND tỉnh",
                "SNV",
                (_SBN,),
                "Quý II",
            ),
            (
                "2",
                "Ban hành quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các cơ quan chuyên môn "
                "thuộc UBND tỉnh",
                "Quyết định của UBND tỉnh",
                "SNV",
                ("STP", _SBN),
                "Quý I",
            ),
            (
                "3",
                "Giao biên chế công chức, số lượng người làm việc trong cơ quan, tổ chức hành chính và đơn vị "
                "sự nghiệp công lập",
                "Quyết định giao biên chế của UBND tỉnh",
                "SNV",
                ("STC", _SBN, _HUYEN),
                "Tháng 1",
            ),
            (
                "4",
                "Thực hiện tinh giản biên chế đối với cán bộ, công chức, viên chức và người lao động theo quy định",
                "Quyết định tinh giản biên chế",
                "SNV",
                ("STC", _SBN, _HUYEN),
                "Tháng 6",
            ),
            (
                "5",
                "Rà soát, điều chỉnh danh mục vị trí việc làm, cơ cấu ngạch công chức, cơ cấu viên chức theo "
                "chức danh nghề nghiệp",
                "Quyết định phê duyệt vị trí việc làm",
                "SNV",
                (_SBN, _HUYEN),
                "Quý II",
            ),
            (
                "6",
                "Sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập thuộc UBND tỉnh",
                "Đề án; Quyết định của UBND tỉnh",
                "SNV",
                ("STC", "SYT", "SGDDT"),
                "Quý III",
            ),
            (
                "7",
                "Kiểm tra tình hình tổ chức, hoạt động và việc thực hiện phân cấp, ủy quyền tại các sở, ban, "
                "ngành, UBND cấp huyện",
                "Báo cáo kết quả kiểm tra",
                "SNV",
                ("STP",),
                "Tháng 5",
            ),
            (
                "8",
                "Sắp xếp, kiện toàn mạng lưới trường, lớp học, cơ sở giáo dục công lập theo hướng tinh gọn",
                "Quyết định của UBND tỉnh",
                "SGDDT",
                ("SNV", _HUYEN),
                "Tháng 7",
            ),
        ],
    ),
    (
        "V",
        [
            (
                "1",
                "Xây dựng, ban hành Kế hoạch tuyển dụng công chức, viên chức của tỉnh",
                "Kế hoạch của UBND tỉnh",
                "SNV",
                (_SBN, _HUYEN),
                "Quý I",
            ),
            (
                "2",
                "Tổ chức tuyển dụng công chức bảo đảm công khai, minh bạch, cạnh tranh",
                "Quyết định công nhận kết quả tuyển dụng",
                "SNV",
                (_SBN, _HUYEN),
                "Quý III",
            ),
            (
                "3",
                "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm trước",
                "Báo cáo kết quả đánh giá, xếp loại",
                "SNV",
                (_SBN, _HUYEN),
                "Tháng 1",
            ),
            (
                "4",
                "Xây dựng, ban hành Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức của tỉnh",
                "Kế hoạch của UBND tỉnh",
                "SNV",
                ("STC",),
                "Tháng 2",
            ),
            (
                "5",
                "Bồi dưỡng kiến thức, kỹ năng về cải cách hành chính, chuyển đổi số cho công chức làm công tác "
                "cải cách hành chính và công chức Bộ phận Một cửa",
                "Lớp bồi dưỡng; Báo cáo kết quả",
                "SNV",
                ("VP-UBND", "STTTT"),
                "Quý II",
            ),
            (
                "6",
                "Tổ chức thi nâng ngạch công chức, xét thăng hạng chức danh nghề nghiệp viên chức",
                "Quyết định công nhận kết quả",
                "SNV",
                (_SBN, _HUYEN),
                "Quý IV",
            ),
            (
                "7",
                "Kiểm tra công vụ, việc chấp hành kỷ luật, kỷ cương hành chính tại các cơ quan, đơn vị",
                "Thông báo kết quả kiểm tra công vụ",
                "SNV",
                ("VP-UBND",),
                "Thường xuyên",
            ),
            (
                "8",
                "Ban hành văn bản chấn chỉnh, tăng cường kỷ luật, kỷ cương hành chính trong thi hành công vụ",
                "Chỉ thị của Chủ tịch UBND tỉnh",
                "SNV",
                ("VP-UBND",),
                "Tháng 3",
            ),
            (
                "9",
                "Bồi dưỡng, cập nhật kiến thức pháp luật cho công chức làm công tác pháp chế và công chức Tư "
                "pháp - Hộ tịch cấp xã",
                "Lớp bồi dưỡng; Báo cáo kết quả",
                "STP",
                (_HUYEN, _XA),
                "Quý III",
            ),
            (
                "10",
                "Tham mưu ban hành chính sách thu hút, trọng dụng người có tài năng vào làm việc trong cơ quan "
                "hành chính nhà nước của tỉnh",
                "Nghị quyết của HĐND tỉnh",
                "SNV",
                ("STC", "STP"),
                "Tháng 5",
            ),
        ],
    ),
    (
        "VI",
        [
            (
                "1",
                "Giao dự toán thu, chi ngân sách nhà nước cho các cơ quan, đơn vị, địa phương",
                "Quyết định của UBND tỉnh",
                "STC",
                (_SBN, _HUYEN),
                "Tháng 1",
            ),
            (
                "2",
                "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập thuộc tỉnh",
                "Quyết định giao quyền tự chủ",
                "STC",
                ("SNV", _SBN),
                "Quý II",
            ),
            (
                "3",
                "Ban hành định mức kinh tế - kỹ thuật, đơn giá, giá dịch vụ sự nghiệp công sử dụng ngân sách nhà nước",
                "Quyết định của UBND tỉnh",
                "STC",
                (_SBN,),
                "Quý III",
            ),
            (
                "4",
                "Công khai dự toán ngân sách nhà nước đã được HĐND tỉnh quyết định",
                "Quyết định công bố công khai",
                "STC",
                (),
                "Quý I",
            ),
            (
                "5",
                "Rà soát, sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước; quản lý, sử dụng tài sản công theo "
                "quy định",
                "Phương án sắp xếp; Quyết định phê duyệt",
                "STC",
                ("STNMT", _HUYEN),
                "Quý IV",
            ),
            (
                "6",
                "Đẩy nhanh tiến độ giải ngân vốn đầu tư công; báo cáo tình hình thực hiện kế hoạch vốn đầu tư công",
                "Báo cáo của UBND tỉnh",
                "SKHDT",
                ("STC", _SBN, _HUYEN),
                "6 tháng đầu năm",
            ),
            (
                "7",
                "Kiểm tra việc quản lý, sử dụng kinh phí và thực hiện cơ chế tự chủ tài chính tại các cơ quan, đơn vị",
                "Báo cáo kết quả kiểm tra",
                "STC",
                ("SNV",),
                "Quý III",
            ),
            (
                "8",
                "Bố trí kinh phí thực hiện nhiệm vụ cải cách hành chính của tỉnh",
                "Văn bản thẩm định, bố trí kinh phí",
                "STC",
                ("SNV",),
                "Trước ngày 30/4",
            ),
        ],
    ),
    (
        "VII",
        [
            (
                "1",
                "Xây dựng, ban hành Kế hoạch chuyển đổi số, phát triển chính quyền số của tỉnh",
                "Kế hoạch của UBND tỉnh",
                "STTTT",
                (_SBN, _HUYEN),
                "Quý I",
            ),
            (
                "2",
                "Cập nhật Kiến trúc chính quyền điện tử, chính quyền số tỉnh Sông Lam",
                "Quyết định của UBND tỉnh",
                "STTTT",
                (_SBN,),
                "Quý III",
            ),
            (
                "3",
                "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, bảo đảm kết nối, chia sẻ "
                "dữ liệu với Cổng Dịch vụ công quốc gia",
                "Hệ thống được nâng cấp; Báo cáo",
                "STTTT",
                ("VP-UBND",),
                "Quý II",
            ),
            (
                "4",
                "Rà soát, tái cấu trúc quy trình, phê duyệt danh mục dịch vụ công trực tuyến toàn trình, một phần",
                "Quyết định phê duyệt danh mục dịch vụ công trực tuyến",
                "VP-UBND",
                ("STTTT", _SBN),
                "Tháng 4",
            ),
            (
                "5",
                "Quản lý văn bản và điều hành trên môi trường mạng; ký số văn bản điện tử gửi, nhận giữa các "
                "cơ quan hành chính nhà nước",
                "Báo cáo tỷ lệ văn bản điện tử được ký số",
                "STTTT",
                ("VP-UBND", _SBN, _HUYEN),
                "Thường xuyên",
            ),
            (
                "6",
                "Vận hành Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP), kết nối với Nền tảng tích hợp, "
                "chia sẻ dữ liệu quốc gia",
                "Báo cáo kết quả kết nối",
                "STTTT",
                (_SBN,),
                "Tháng 6",
            ),
            (
                "7",
                "Xây dựng, cập nhật cơ sở dữ liệu đất đai của tỉnh",
                "Cơ sở dữ liệu đất đai",
                "STNMT",
                ("STTTT", _HUYEN),
                "Quý IV",
            ),
            (
                "8",
                "Bảo đảm an toàn thông tin mạng cho hệ thống thông tin của các cơ quan nhà nước theo mô hình 4 lớp",
                "Hồ sơ đề xuất cấp độ an toàn hệ thống thông tin; Báo cáo",
                "STTTT",
                (_SBN,),
                "Quý II",
            ),
            (
                "9",
                "Cấp chứng thư số, chữ ký số chuyên dùng cho cán bộ, công chức theo nhu cầu công việc",
                "Chứng thư số được cấp",
                "STTTT",
                ("VP-UBND", "SNV"),
                "Tháng 5",
            ),
            (
                "10",
                "Vận hành Hệ thống thông tin báo cáo của tỉnh, kết nối với Hệ thống thông tin báo cáo Chính phủ",
                "Hệ thống thông tin báo cáo",
                "VP-UBND",
                ("STTTT",),
                "Quý I",
            ),
            (
                "11",
                "Triển khai thanh toán trực tuyến phí, lệ phí và nghĩa vụ tài chính trong giải quyết thủ tục "
                "hành chính trên Cổng Dịch vụ công",
                "Báo cáo kết quả thực hiện",
                "STC",
                ("VP-UBND", "STTTT"),
                "Tháng 6",
            ),
            (
                "12",
                "Số hóa tài liệu lưu trữ lịch sử của tỉnh; xây dựng cơ sở dữ liệu tài liệu lưu trữ",
                "Cơ sở dữ liệu tài liệu lưu trữ",
                "SNV",
                ("STTTT",),
                "Cả năm",
            ),
            (
                "13",
                "Mở rộng hệ thống hội nghị truyền hình trực tuyến từ tỉnh đến cấp xã",
                "Hệ thống hội nghị truyền hình trực tuyến",
                "STTTT",
                ("VP-UBND", _HUYEN, _XA),
                "Tháng 3",
            ),
            (
                "14",
                "Triển khai hồ sơ sức khỏe điện tử, bệnh án điện tử tại các cơ sở khám bệnh, chữa bệnh công lập",
                "Báo cáo kết quả triển khai",
                "SYT",
                ("STTTT",),
                "Trước ngày 30/9",
            ),
            (
                "15",
                "Số hóa sổ gốc cấp văn bằng, chứng chỉ và học bạ; triển khai học bạ số trong các cơ sở giáo dục",
                "Cơ sở dữ liệu văn bằng, chứng chỉ; học bạ số",
                "SGDDT",
                ("STTTT", _HUYEN),
                "",
            ),
        ],
    ),
]

TASKS: list[dict] = [
    {
        "area": area,
        "number": number,
        "content": content,
        "output": output,
        "lead": lead,
        "coord": list(coord),
        "deadline_text": deadline_text,
    }
    for area, rows in _PLAN
    for number, content, output, lead, coord, deadline_text in rows
]

# What units wrote in their reports (demo history).
PROGRESS_NOTES = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan.",
    "Đã tổ chức họp triển khai, phân công cán bộ phụ trách.",
    "Đang tổng hợp số liệu từ các phòng chuyên môn.",
    "Đã hoàn thành rà soát bước 1, đang hoàn thiện báo cáo.",
]
REPORT_NOTES = [
    "Đã ban hành văn bản, gửi kèm tài liệu kiểm chứng.",
    "Đã hoàn thành, báo cáo kết quả kèm quyết định ban hành.",
    "Đã tổ chức thực hiện xong; kết quả tổng hợp tại báo cáo kèm theo.",
]
RETURN_REASONS = [
    "Báo cáo thiếu tài liệu kiểm chứng, đề nghị bổ sung văn bản đã ban hành.",
    "Sản phẩm chưa đúng yêu cầu của kế hoạch (cần Quyết định, không phải Báo cáo); đề nghị hoàn thiện.",
]
