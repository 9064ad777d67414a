"""The demo plan's appendix, areas I–IV: the task rows as the plan writes them, area by area.
Each row: (STT, nội dung nhiệm vụ, sản phẩm, chủ trì, phối hợp (unit codes or group slugs of
demo/data.py UNIT_GROUPS), thời hạn as written). Plain data; demo/data.py makes TASKS of it.
"""

from __future__ import annotations

AREAS_I_TO_IV: list[tuple[str, list[tuple[str, str, str, str, tuple[str, ...], str]]]] = [
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
                ("SKHCN", "VP-UBND"),
                "Quý I",
            ),
            (
                "3",
                "Hướng dẫn, đôn đốc các sở, ban, ngành, UBND cấp xã xây dựng, ban hành kế hoạch cải cách "
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
                ("VP-UBND", "STC"),
                "Tháng 3",
            ),
            (
                "5",
                "Kiểm tra công tác cải cách hành chính tại các sở, ban, ngành, UBND cấp xã theo Kế hoạch kiểm tra",
                "Thông báo kết quả kiểm tra",
                "SNV",
                ("VP-UBND", "STP", "SKHCN"),
                "Quý III",
            ),
            (
                "6",
                "Xây dựng Báo cáo cải cách hành chính quý I gửi Bộ Nội vụ",
                "Báo cáo của UBND tỉnh",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Tháng 3",
            ),
            (
                "7",
                "Xây dựng Báo cáo cải cách hành chính 6 tháng đầu năm gửi Bộ Nội vụ",
                "Báo cáo của UBND tỉnh",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Tháng 6",
            ),
            (
                "8",
                "Xây dựng Báo cáo cải cách hành chính năm gửi Bộ Nội vụ",
                "Báo cáo của UBND tỉnh",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Trước ngày 15/12",
            ),
            (
                "9",
                "Đánh giá, xác định Chỉ số cải cách hành chính của các sở, ban, ngành và UBND cấp xã",
                "Quyết định phê duyệt và công bố Chỉ số CCHC",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Quý II",
            ),
            (
                "10",
                "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính của tỉnh năm trước theo hướng dẫn của Bộ Nội vụ",
                "Báo cáo tự đánh giá kèm tài liệu kiểm chứng",
                "SNV",
                ("so-ban-nganh",),
                "Tháng 2",
            ),
            (
                "11",
                "Tổ chức điều tra xã hội học phục vụ xác định Chỉ số cải cách hành chính của các sở, ban, ngành "
                "và UBND cấp xã",
                "Báo cáo kết quả điều tra xã hội học",
                "SNV",
                ("ubnd-cap-xa",),
                "Quý I",
            ),
            (
                "12",
                "Tuyên truyền về cải cách hành chính trên Báo Sông Lam, Đài Phát thanh và Truyền hình tỉnh, "
                "Cổng thông tin điện tử tỉnh",
                "Tin, bài, chuyên mục",
                "SKHCN",
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
                ("so-ban-nganh",),
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
                ("so-ban-nganh",),
                "Tháng 1",
            ),
            (
                "3.2",
                "Rà soát văn bản quy phạm pháp luật theo chuyên đề, lĩnh vực, bảo đảm tính thống nhất với văn "
                "bản của cấp trên",
                "Báo cáo kết quả rà soát",
                "STP",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Quý III",
            ),
            (
                "4",
                "Kiểm tra, xử lý văn bản quy phạm pháp luật theo thẩm quyền",
                "Báo cáo kết quả kiểm tra",
                "STP",
                ("ubnd-cap-xa",),
                "Quý IV",
            ),
            (
                "5",
                "Xây dựng, ban hành Kế hoạch theo dõi tình hình thi hành pháp luật trên địa bàn tỉnh",
                "Kế hoạch của UBND tỉnh",
                "STP",
                ("so-ban-nganh",),
                "Tháng 2",
            ),
            (
                "6",
                "Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức, viên chức và Nhân dân; hưởng ứng "
                "Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam",
                "Báo cáo kết quả",
                "STP",
                ("so-ban-nganh", "ubnd-cap-xa"),
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
                "với các sở, ban, ngành và UBND cấp xã",
                "Quyết định của UBND tỉnh",
                "SNV",
                ("STP", "so-ban-nganh"),
                "Quý III",
            ),
            (
                "9",
                "Đăng tải dự thảo văn bản quy phạm pháp luật có tác động đến người dân, doanh nghiệp trên Cổng "
                "thông tin điện tử tỉnh để lấy ý kiến",
                "Dự thảo được đăng tải; báo cáo tiếp thu, giải trình",
                "VP-UBND",
                ("STP", "so-ban-nganh"),
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
                ("so-ban-nganh",),
                "Thường xuyên",
            ),
            (
                "2",
                "Xây dựng, ban hành Kế hoạch rà soát, đánh giá thủ tục hành chính trên địa bàn tỉnh",
                "Kế hoạch của UBND tỉnh",
                "VP-UBND",
                ("so-ban-nganh",),
                "Quý I",
            ),
            (
                "3",
                "Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước trên địa "
                "bàn tỉnh",
                "Quyết định phê duyệt phương án đơn giản hóa",
                "VP-UBND",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Quý II",
            ),
            (
                "4",
                "Rà soát, cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh thuộc phạm vi quản "
                "lý của tỉnh",
                "Báo cáo; phương án cắt giảm, đơn giản hóa",
                "STC",
                ("so-ban-nganh",),
                "Tháng 5",
            ),
            (
                "5",
                "Xây dựng, cập nhật quy trình nội bộ giải quyết thủ tục hành chính trên Hệ thống thông tin giải "
                "quyết thủ tục hành chính của tỉnh",
                "Quyết định phê duyệt quy trình nội bộ",
                "VP-UBND",
                ("SKHCN", "so-ban-nganh"),
                "Quý II",
            ),
            (
                "6",
                "Triển khai số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
                "Báo cáo tỷ lệ hồ sơ được số hóa",
                "VP-UBND",
                ("SKHCN", "ubnd-cap-xa"),
                "6 tháng đầu năm",
            ),
            (
                "7",
                "Kiện toàn tổ chức, hoạt động của Trung tâm Phục vụ hành chính công tỉnh và Bộ phận Một cửa cấp xã",
                "Quyết định kiện toàn",
                "VP-UBND",
                ("SNV", "ubnd-cap-xa"),
                "Quý I",
            ),
            (
                "8",
                "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
                "Báo cáo kết quả xử lý",
                "VP-UBND",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Thường xuyên",
            ),
            (
                "9",
                "Thực hiện liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo "
                "hiểm y tế cho trẻ em dưới 6 tuổi",
                "Báo cáo kết quả thực hiện",
                "STP",
                ("ubnd-cap-xa",),
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
                ("SKHCN",),
                "Tháng 4",
            ),
            (
                "12.1",
                "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai",
                "Quyết định phê duyệt phương án đơn giản hóa",
                "SNNMT",
                ("VP-UBND", "ubnd-cap-xa"),
                "Quý II",
            ),
            (
                "12.2",
                "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực xây dựng, quy hoạch",
                "Quyết định phê duyệt phương án đơn giản hóa",
                "SXD",
                ("VP-UBND", "ubnd-cap-xa"),
                "Quý II",
            ),
            (
                "13",
                "Công bố danh mục thủ tục hành chính tiếp nhận không phụ thuộc vào địa giới hành chính trong "
                "phạm vi tỉnh",
                "Quyết định công bố của Chủ tịch UBND tỉnh",
                "VP-UBND",
                ("so-ban-nganh", "ubnd-cap-xa"),
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
                ("so-ban-nganh",),
                "Quý II",
            ),
            (
                "2",
                "Ban hành quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các cơ quan chuyên môn "
                "thuộc UBND tỉnh",
                "Quyết định của UBND tỉnh",
                "SNV",
                ("STP", "so-ban-nganh"),
                "Quý I",
            ),
            (
                "3",
                "Giao biên chế công chức, số lượng người làm việc trong cơ quan, tổ chức hành chính và đơn vị "
                "sự nghiệp công lập",
                "Quyết định giao biên chế của UBND tỉnh",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Tháng 1",
            ),
            (
                "4",
                "Thực hiện tinh giản biên chế đối với cán bộ, công chức, viên chức và người lao động theo quy định",
                "Quyết định tinh giản biên chế",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
                "Tháng 6",
            ),
            (
                "5",
                "Rà soát, điều chỉnh danh mục vị trí việc làm, cơ cấu ngạch công chức, cơ cấu viên chức theo "
                "chức danh nghề nghiệp",
                "Quyết định phê duyệt vị trí việc làm",
                "SNV",
                ("so-ban-nganh", "ubnd-cap-xa"),
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
                "ngành, UBND cấp xã",
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
                ("SNV", "ubnd-cap-xa"),
                "Tháng 7",
            ),
        ],
    ),
]
