"""Vietnamese text the post generator combines: titles, summaries, sentences, list items and tags
about public-administration reform (CCHC) in a fictional ward, grouped by area (topic id).

Slots in braces are filled by generate.py: {phuong} the ward, {nam} the post's year, {thang}
a month, {ngay} a day/month, {n} a small count, {so} a large count, {pct} a percentage,
{tdp} a residential group number, {nguoi} a named official, {van_ban} a document number,
{nguoi_dan} a resident's name.
"""

from __future__ import annotations

WARD = "phường Hoa Mai"

OFFICIALS = (
    "ông Trần Minh Khôi, Chủ tịch UBND phường",
    "bà Nguyễn Thị Thu Hà, Phó Chủ tịch UBND phường",
    "ông Lê Quang Vinh, Chánh Văn phòng HĐND và UBND phường",
    "bà Vũ Thị Ngọc Anh, công chức bộ phận một cửa",
    "Thiếu tá Phạm Quốc Bảo, Trưởng Công an phường",
    "ông Bùi Quang Huy, Trưởng Phòng Kinh tế, Hạ tầng và Đô thị",
    "bà Đặng Thị Mai Phương, Trưởng Phòng Văn hóa - Xã hội",
    "ông Hoàng Đức Thắng, Giám đốc Trung tâm Phục vụ hành chính công phường",
    "bà Đỗ Thị Lan, công chức Tư pháp - Hộ tịch",
    "ông Ngô Văn Tuấn, công chức Tài chính - Kế toán",
)

RESIDENTS = (
    "bà Nguyễn Thị Hồng", "ông Lê Văn Tâm", "chị Phạm Thu Trang", "anh Trịnh Văn Đức",
    "cụ Hoàng Văn Sửu", "chị Lò Thị Mến", "anh Đinh Công Thành", "bà Tạ Thị Nhung",
    "anh Vương Quốc Hưng", "chị Kiều Thị Yến", "ông Mạc Văn Chiến", "chị Dương Ngọc Ánh",
)

DOCUMENTS = (
    "Kế hoạch số {n}/KH-UBND", "Quyết định số {n}/QĐ-UBND", "Thông báo số {n}/TB-UBND",
    "Công văn số {n}/UBND-VP", "Báo cáo số {n}/BC-UBND",
)

# ---------------------------------------------------------------------------
# Titles and summaries, by area

TITLES = {
    "chi-dao-dieu-hanh": (
        "UBND {phuong} ban hành kế hoạch cải cách hành chính năm {nam}",
        "{Phuong} sơ kết công tác cải cách hành chính quý {quy}/{nam}",
        "Hội nghị đối thoại với người dân về cải cách hành chính tại tổ dân phố số {tdp}",
        "{Phuong} kiểm tra công tác cải cách hành chính tại bộ phận một cửa tháng {thang}/{nam}",
        "Chủ tịch UBND {phuong} chỉ đạo khắc phục các tiêu chí CCHC còn thấp điểm năm {nam}",
        "{Phuong} tự đánh giá, chấm điểm chỉ số cải cách hành chính năm {nam}",
        "Tuyên truyền cải cách hành chính tháng {thang}/{nam}: {n} tin, bài trên các kênh",
        "{Phuong} công bố kết quả khảo sát sự hài lòng của người dân đợt {dot} năm {nam}",
        "Ban Chỉ đạo cải cách hành chính {phuong} họp phiên thường kỳ tháng {thang}/{nam}",
    ),
    "the-che": (
        "Phổ biến những điểm mới của văn bản pháp luật có hiệu lực từ tháng {thang}/{nam}",
        "{Phuong} rà soát {n} văn bản quy phạm pháp luật liên quan đến thủ tục hành chính",
        "Hội nghị tuyên truyền pháp luật về đất đai cho {n} hộ dân tổ dân phố số {tdp}",
        "Lấy ý kiến người dân {phuong} về dự thảo quy chế dân chủ ở cơ sở năm {nam}",
        "Tủ sách pháp luật tại nhà văn hóa tổ dân phố số {tdp} được bổ sung {n} đầu sách",
        "{Phuong} kiểm tra việc thực hiện quy định về trật tự xây dựng tháng {thang}/{nam}",
        "Giải đáp thắc mắc của người dân về thủ tục chứng thực theo quy định mới năm {nam}",
        "Ngày Pháp luật năm {nam}: {phuong} tổ chức cuộc thi tìm hiểu pháp luật trực tuyến",
    ),
    "tthc": (
        "Bộ phận một cửa {phuong} giải quyết đúng hạn {pct}% hồ sơ trong quý {quy}/{nam}",
        "{Phuong} niêm yết công khai {n} thủ tục hành chính thuộc thẩm quyền giải quyết",
        "Hướng dẫn đăng ký khai sinh, thường trú, thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi qua liên thông",
        "Người dân tổ dân phố số {tdp} được hỗ trợ làm thủ tục hành chính tại nhà",
        "Bộ phận một cửa {phuong} tiếp nhận {so} hồ sơ trong {ky} tháng đầu năm {nam}",
        "{Phuong} cắt giảm thời gian giải quyết {n} thủ tục hành chính lĩnh vực hộ tịch",
        "Thủ tục chứng thực bản sao tại {phuong}: những điều người dân cần biết",
        "Trả kết quả thủ tục hành chính qua dịch vụ bưu chính công ích tại {phuong} tháng {thang}/{nam}",
        "Mô hình \"Chủ nhật không hẹn\" tại bộ phận một cửa {phuong} đợt {dot} năm {nam}",
    ),
    "bo-may": (
        "{Phuong} sắp xếp lại tổ dân phố, giảm từ {tdp_cu} xuống {tdp} tổ năm {nam}",
        "UBND {phuong} kiện toàn Ban Chỉ đạo cải cách hành chính năm {nam}",
        "{Phuong} công khai chức năng, nhiệm vụ của các phòng chuyên môn sau sắp xếp",
        "Điều chỉnh quy chế làm việc của UBND {phuong} nhiệm kỳ {nhiem_ky}",
        "{Phuong} rà soát vị trí việc làm của {n} cán bộ, công chức năm {nam}",
        "Bàn giao nhiệm vụ giữa các bộ phận của {phuong} sau khi sắp xếp tổ chức bộ máy tháng {thang}/{nam}",
        "{Phuong} phân công lại người phụ trách {n} tổ dân phố từ tháng {thang}/{nam}",
    ),
    "cong-vu": (
        "Cán bộ, công chức {phuong} ký cam kết thực hiện văn hóa công vụ năm {nam}",
        "{Phuong} kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính tháng {thang}/{nam}",
        "{N} công chức {phuong} hoàn thành bồi dưỡng kỹ năng giao tiếp với người dân",
        "{Phuong} lấy ý kiến người dân về thái độ phục vụ của công chức quý {quy}/{nam}",
        "Biểu dương {n} cán bộ, công chức tận tụy phục vụ nhân dân năm {nam}",
        "{Phuong} tổ chức thi tuyển công chức địa chính - xây dựng đợt {dot} năm {nam}",
        "Phong trào \"4 xin, 4 luôn\" tại bộ phận một cửa {phuong} sau {n} tháng triển khai",
    ),
    "tai-chinh-cong": (
        "{Phuong} công khai dự toán ngân sách năm {nam} trên Trang thông tin điện tử",
        "Thanh toán phí, lệ phí không dùng tiền mặt đạt {pct}% tại {phuong} quý {quy}/{nam}",
        "{Phuong} thực hiện cơ chế tự chủ kinh phí quản lý hành chính năm {nam}",
        "Công khai quyết toán ngân sách {phuong} năm {nam_truoc}",
        "{Phuong} tiết kiệm {n} triệu đồng chi thường xuyên trong {ky} tháng đầu năm {nam}",
        "Hội nghị dự toán ngân sách với đại diện {n} tổ dân phố {phuong} năm {nam}",
        "Người dân tổ dân phố số {tdp} góp ý công khai các khoản đóng góp tự nguyện năm {nam}",
    ),
    "chinh-quyen-so": (
        "{Phuong} đạt {pct}% hồ sơ nộp trực tuyến trong tháng {thang}/{nam}",
        "Tổ công nghệ số cộng đồng tổ dân phố số {tdp} hỗ trợ {n} lượt người dân dùng dịch vụ công",
        "Công an {phuong} kích hoạt {so} tài khoản định danh điện tử mức độ 2 năm {nam}",
        "{Phuong} số hóa {so} trang sổ hộ tịch, phục vụ cấp bản sao trực tuyến",
        "Hướng dẫn người dân {phuong} nộp hồ sơ trên Cổng Dịch vụ công quốc gia bằng tài khoản VNeID",
        "{Phuong} triển khai phần mềm quản lý văn bản và hồ sơ công việc đợt {dot} năm {nam}",
        "Ngày Chuyển đổi số năm {nam} tại {phuong}: {n} hoạt động hướng về người dân",
        "Đề án 06 ở {phuong}: kết quả {ky} tháng năm {nam}",
        "{Phuong} mở nhóm Zalo tư vấn thủ tục hành chính cho tổ dân phố số {tdp}",
    ),
}

SUMMARIES = {
    "chi-dao-dieu-hanh": (
        "UBND {phuong} đề ra {n} nhiệm vụ trọng tâm, giao rõ người, rõ việc, rõ thời hạn cho từng bộ phận.",
        "Hội nghị đánh giá kết quả thực hiện kế hoạch cải cách hành chính và chỉ ra những tiêu chí cần khắc phục.",
        "Người dân được trực tiếp hỏi, góp ý và nghe lãnh đạo phường trả lời về việc giải quyết thủ tục hành chính.",
    ),
    "the-che": (
        "{Phuong} thông tin một số điểm mới của văn bản pháp luật gần gũi với đời sống hằng ngày của người dân.",
        "Qua rà soát, phường kiến nghị cấp trên sửa đổi, bổ sung các quy định còn chồng chéo, khó thực hiện.",
        "Hoạt động tuyên truyền giúp người dân hiểu quyền, nghĩa vụ của mình khi làm thủ tục hành chính.",
    ),
    "tthc": (
        "Bộ phận một cửa {phuong} tiếp nhận {so} hồ sơ, giải quyết đúng và trước hạn {pct}%, không có hồ sơ quá hạn.",
        "Người dân được hướng dẫn đầy đủ một lần, có thể nộp hồ sơ trực tuyến và nhận kết quả tại nhà.",
        "Các thủ tục được niêm yết công khai kèm mã QR để người dân tra cứu thành phần hồ sơ, thời hạn và lệ phí.",
    ),
    "bo-may": (
        "Việc sắp xếp nhằm tinh gọn bộ máy, làm rõ trách nhiệm của từng bộ phận và từng cán bộ, công chức.",
        "UBND {phuong} công khai đầu mối liên hệ mới để người dân biết nơi đến liên hệ công việc.",
        "Sau khi sắp xếp, các bộ phận tiếp tục bảo đảm việc giải quyết thủ tục hành chính không bị gián đoạn.",
    ),
    "cong-vu": (
        "Cán bộ, công chức {phuong} cam kết không gây phiền hà, sách nhiễu người dân khi giải quyết công việc.",
        "Kết quả kiểm tra là căn cứ đánh giá, xếp loại chất lượng cán bộ, công chức cuối năm.",
        "Người dân được mời đánh giá thái độ phục vụ của công chức qua thiết bị tại quầy và phiếu khảo sát.",
    ),
    "tai-chinh-cong": (
        "Các số liệu thu, chi ngân sách được công khai tại trụ sở và trên Trang thông tin điện tử của phường.",
        "Tỷ lệ giao dịch thanh toán không dùng tiền mặt tại bộ phận một cửa đạt {pct}%, tăng so với cùng kỳ.",
        "{Phuong} rà soát, cắt giảm các khoản chi chưa cần thiết, dành kinh phí cho cải cách hành chính.",
    ),
    "chinh-quyen-so": (
        "Tỷ lệ hồ sơ nộp trực tuyến của {phuong} đạt {pct}%, người dân ngày càng quen với dịch vụ công trực tuyến.",
        "Các tổ công nghệ số cộng đồng đến từng tổ dân phố hướng dẫn người dân cài đặt và dùng VNeID.",
        "Hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa, người dân không phải nộp lại giấy tờ đã có.",
    ),
}

# ---------------------------------------------------------------------------
# Body sentences, by area, then shared ones

SENTENCES = {
    "chi-dao-dieu-hanh": (
        "Ngày {ngay}/{nam}, UBND {phuong} ban hành {van_ban} về cải cách hành chính, xác định rõ nhiệm vụ, "
        "thời hạn hoàn thành và bộ phận chủ trì thực hiện.",
        "Kế hoạch gồm {n} nhiệm vụ, tập trung vào cải cách thủ tục hành chính, nâng cao chất lượng phục vụ và "
        "đẩy mạnh chuyển đổi số.",
        "Chủ tịch UBND phường yêu cầu người đứng đầu từng bộ phận chịu trách nhiệm trước UBND phường về kết quả "
        "cải cách hành chính trong lĩnh vực được giao.",
        "Công tác kiểm tra được thực hiện định kỳ hằng quý và đột xuất, kết quả được thông báo công khai tại "
        "cuộc họp giao ban của UBND phường.",
        "Qua tự đánh giá, phường đạt {diem} điểm trên tổng số 100 điểm, tăng so với năm trước nhưng vẫn còn "
        "một số tiêu chí bị trừ điểm.",
        "Tiêu chí về tỷ lệ hồ sơ trực tuyến toàn trình và tiêu chí về số hóa kết quả giải quyết còn thấp, cần "
        "có giải pháp khắc phục ngay trong quý tới.",
        "Tại hội nghị, {n} ý kiến của người dân đã được lãnh đạo phường trả lời trực tiếp; các ý kiến còn lại "
        "được giao cho bộ phận chuyên môn trả lời bằng văn bản.",
        "Kết quả khảo sát cho thấy {pct}% người dân hài lòng với việc giải quyết thủ tục hành chính tại bộ phận "
        "một cửa của phường.",
        "Ban Chỉ đạo cải cách hành chính phường đề nghị các tổ dân phố tiếp tục phản ánh kịp thời những khó "
        "khăn, vướng mắc của người dân.",
        "Việc tuyên truyền cải cách hành chính được giao cho Phòng Văn hóa - Xã hội chủ trì, phối hợp với các "
        "bộ phận và tổ dân phố thực hiện thường xuyên.",
        "Theo kế hoạch, mỗi tháng phường đăng ít nhất {n_nho} tin, bài về cải cách hành chính trên Trang thông tin "
        "điện tử và phát trên hệ thống truyền thanh cơ sở.",
        "Những nhiệm vụ chậm tiến độ được lập danh sách riêng, theo dõi hằng tuần cho đến khi hoàn thành.",
        "Chủ tịch UBND phường nhấn mạnh cải cách hành chính phải lấy sự hài lòng của người dân làm thước đo, "
        "tránh hình thức, chạy theo thành tích.",
    ),
    "the-che": (
        "Văn bản có hiệu lực từ ngày {ngay}/{nam}, có nhiều nội dung liên quan trực tiếp đến quyền và nghĩa vụ "
        "của người dân khi làm thủ tục hành chính.",
        "Qua rà soát {n} văn bản, phường phát hiện một số quy định không còn phù hợp và đã kiến nghị cơ quan "
        "có thẩm quyền sửa đổi, bổ sung.",
        "Hội nghị phổ biến pháp luật được tổ chức tại nhà văn hóa tổ dân phố số {tdp}, thu hút {n} người dân "
        "tham dự.",
        "Báo cáo viên pháp luật của phường giải thích cụ thể các trường hợp được cấp Giấy chứng nhận quyền sử "
        "dụng đất lần đầu.",
        "Người dân có thể tra cứu toàn văn các văn bản mới tại tủ sách pháp luật của phường hoặc trên Cơ sở dữ "
        "liệu quốc gia về văn bản pháp luật.",
        "Dự thảo được niêm yết công khai tại trụ sở UBND phường và nhà văn hóa các tổ dân phố trong thời hạn "
        "{n} ngày để người dân góp ý.",
        "Công chức Tư pháp - Hộ tịch tổng hợp các ý kiến góp ý, báo cáo UBND phường trước khi trình cấp có "
        "thẩm quyền xem xét.",
        "Những điểm mới của luật được tóm tắt thành tờ gấp, phát đến từng hộ gia đình qua tổ trưởng tổ dân phố.",
        "Phường cũng lồng ghép tuyên truyền pháp luật vào các buổi sinh hoạt của Hội Phụ nữ, Hội Cựu chiến "
        "binh và Đoàn Thanh niên.",
        "Các câu hỏi thường gặp của người dân được tổng hợp và giải đáp trên hệ thống truyền thanh cơ sở vào "
        "buổi sáng thứ Hai hằng tuần.",
        "Việc kiểm tra, xử lý văn bản được thực hiện đúng quy định, bảo đảm tính hợp hiến, hợp pháp và thống "
        "nhất của hệ thống pháp luật.",
        "Cuộc thi tìm hiểu pháp luật trực tuyến thu hút {so} lượt người dự thi, nhiều nhất là học sinh và "
        "đoàn viên thanh niên.",
    ),
    "tthc": (
        "Từ đầu năm đến ngày {ngay}/{nam}, bộ phận một cửa phường tiếp nhận {so} hồ sơ, trong đó {pct}% hồ sơ "
        "được nộp trực tuyến.",
        "Các hồ sơ đều được giải quyết đúng và trước hạn, không có hồ sơ quá hạn, không có phản ánh, kiến "
        "nghị về thái độ phục vụ.",
        "Mỗi thủ tục được niêm yết rõ thành phần hồ sơ, thời hạn giải quyết, mức phí, lệ phí và có mã QR để "
        "người dân quét bằng điện thoại.",
        "Người dân đến làm thủ tục được công chức hướng dẫn đầy đủ một lần, không phải đi lại nhiều lần để "
        "bổ sung giấy tờ.",
        "Các giấy tờ đã có trong Cơ sở dữ liệu quốc gia về dân cư như giấy tờ nhân thân, thông tin cư trú "
        "không phải nộp bản sao.",
        "Hồ sơ khai sinh, đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi được giải quyết "
        "liên thông, trả kết quả trong ngày.",
        "Với người cao tuổi, người khuyết tật, người ốm đau không thể đi lại, công chức một cửa đến tận nhà "
        "tiếp nhận hồ sơ.",
        "Thủ tục chứng thực bản sao từ bản chính được giải quyết ngay trong buổi làm việc, lệ phí {le_phi} đồng "
        "mỗi trang.",
        "Người dân có thể theo dõi tình trạng giải quyết hồ sơ bằng mã hồ sơ in trên phiếu tiếp nhận hoặc qua "
        "tin nhắn gửi về điện thoại.",
        "Kết quả giải quyết có thể trả qua dịch vụ bưu chính công ích theo yêu cầu, người dân không phải đến "
        "trụ sở để nhận.",
        "Trong tháng {thang}, lĩnh vực có nhiều hồ sơ nhất là hộ tịch với {so_nho} hồ sơ, tiếp theo là chứng "
        "thực và đất đai.",
        "Bộ phận một cửa bố trí một máy tính và một công chức thường trực tại khu vực hướng dẫn để giúp người "
        "dân nộp hồ sơ trực tuyến.",
        "Mỗi quầy đều có thiết bị đánh giá mức độ hài lòng để người dân chấm điểm ngay sau khi giao dịch.",
        "Thời gian chờ trung bình tại bộ phận một cửa giảm còn khoảng {n_nho} phút nhờ hệ thống xếp hàng tự động.",
    ),
    "bo-may": (
        "Sau khi sắp xếp, phường có {tdp} tổ dân phố, quy mô mỗi tổ từ {so_nho} đến {so} hộ gia đình.",
        "Các phòng chuyên môn được kiện toàn theo hướng tinh gọn, một việc chỉ giao cho một bộ phận chủ trì.",
        "Quy chế làm việc mới quy định rõ trách nhiệm của Chủ tịch, các Phó Chủ tịch và từng cán bộ, công chức.",
        "Danh sách cán bộ, công chức kèm số điện thoại liên hệ được niêm yết tại trụ sở và đăng trên Trang "
        "thông tin điện tử của phường.",
        "Việc bàn giao hồ sơ, tài liệu giữa các bộ phận được thực hiện có biên bản, bảo đảm không thất lạc.",
        "Phường rà soát {n} vị trí việc làm, xác định khung năng lực cho từng vị trí để làm căn cứ tuyển dụng "
        "và đào tạo.",
        "Các tổ trưởng tổ dân phố mới được tập huấn về nhiệm vụ, quyền hạn và cách phối hợp với UBND phường.",
        "Ban Chỉ đạo cải cách hành chính được kiện toàn với {n_nho} thành viên do Chủ tịch UBND phường làm "
        "Trưởng ban.",
        "Người dân cần liên hệ công việc có thể xem sơ đồ bố trí các phòng làm việc đặt tại sảnh trụ sở.",
        "Việc sắp xếp bảo đảm ổn định tư tưởng của cán bộ, công chức và không làm gián đoạn việc phục vụ "
        "người dân.",
        "UBND phường giao Văn phòng HĐND và UBND phường theo dõi, tổng hợp khó khăn phát sinh sau sắp xếp để "
        "kịp thời điều chỉnh.",
    ),
    "cong-vu": (
        "Toàn bộ {n} cán bộ, công chức của phường đã ký cam kết thực hiện quy tắc ứng xử và văn hóa công vụ.",
        "Theo cam kết, mỗi cán bộ, công chức phải đeo thẻ trong giờ làm việc, bảo đảm giờ giấc và trang phục "
        "gọn gàng.",
        "Phường tiếp tục thực hiện phương châm \"4 xin, 4 luôn\": xin chào, xin lỗi, xin cảm ơn, xin phép; luôn "
        "mỉm cười, luôn nhẹ nhàng, luôn thấu hiểu, luôn giúp đỡ.",
        "Đoàn kiểm tra của phường đã kiểm tra đột xuất {n_nho} lượt, chưa phát hiện trường hợp vi phạm giờ "
        "giấc làm việc.",
        "Việc chấp hành kỷ luật, kỷ cương được giám sát qua camera tại bộ phận một cửa, hòm thư góp ý và đường "
        "dây nóng của Chủ tịch UBND phường.",
        "Khóa bồi dưỡng kỹ năng giao tiếp kéo dài {n_nho} ngày, tập trung vào cách lắng nghe và giải thích "
        "quy định cho người dân dễ hiểu.",
        "Kết quả thực hiện cam kết là một căn cứ quan trọng để đánh giá, xếp loại chất lượng cán bộ, công "
        "chức cuối năm.",
        "Trường hợp để người dân phản ánh đúng về thái độ phục vụ sẽ bị xem xét trách nhiệm và không được xếp "
        "loại hoàn thành xuất sắc nhiệm vụ.",
        "Nhiều người dân bày tỏ sự hài lòng khi được công chức tận tình hướng dẫn, giải quyết hồ sơ nhanh chóng.",
        "Phường khen thưởng kịp thời những cán bộ, công chức có sáng kiến giúp rút ngắn thời gian giải quyết "
        "hồ sơ.",
        "Kỳ thi tuyển được tổ chức công khai, minh bạch; danh sách thí sinh và kết quả được niêm yết tại trụ sở.",
    ),
    "tai-chinh-cong": (
        "Tổng thu ngân sách trên địa bàn năm {nam} ước đạt {so} triệu đồng, bằng {pct}% dự toán được giao.",
        "Dự toán và quyết toán ngân sách được công khai tại trụ sở UBND phường trong thời hạn {n} ngày theo "
        "quy định.",
        "Phường thực hiện khoán kinh phí quản lý hành chính, tiết kiệm chi văn phòng phẩm, điện, nước và "
        "hội nghị.",
        "Khoản tiết kiệm được ưu tiên dành cho việc mua sắm thiết bị phục vụ bộ phận một cửa và số hóa hồ sơ.",
        "Mỗi quầy của bộ phận một cửa đều có bảng mã QR để người dân thanh toán phí, lệ phí bằng ứng dụng "
        "ngân hàng.",
        "Hệ thống tự động gửi biên lai điện tử vào số điện thoại hoặc thư điện tử của người nộp tiền.",
        "Thanh toán không dùng tiền mặt giúp việc thu nộp minh bạch, số liệu được đối soát tự động cuối ngày.",
        "Bộ phận một cửa vẫn nhận tiền mặt đối với người dân chưa có tài khoản ngân hàng và sẵn sàng hướng "
        "dẫn bà con cài đặt ứng dụng.",
        "Các khoản đóng góp tự nguyện của người dân được công khai theo từng tổ dân phố, ghi rõ mục đích sử dụng.",
        "Ban Thanh tra nhân dân phường giám sát việc thu, chi và công khai tài chính theo quy định.",
        "Thu nhập tăng thêm từ kinh phí tiết kiệm được chi trả cho cán bộ, công chức theo quy chế chi tiêu nội bộ.",
    ),
    "chinh-quyen-so": (
        "Trong tháng {thang}, tỷ lệ hồ sơ nộp trực tuyến của phường đạt {pct}%, cao hơn mức bình quân chung "
        "của thành phố.",
        "Công an phường đã kích hoạt {so} tài khoản định danh điện tử mức độ 2, đạt {pct}% số công dân thuộc "
        "diện cấp.",
        "{N_nho} tổ công nghệ số cộng đồng được thành lập ở các tổ dân phố, thành viên là đoàn viên thanh niên "
        "và tổ trưởng tổ dân phố.",
        "Tổ công nghệ số hướng dẫn người dân cài đặt VNeID, đăng nhập Cổng Dịch vụ công quốc gia và thanh toán "
        "trực tuyến.",
        "Hơn {so} trang sổ hộ tịch đã được số hóa, phục vụ việc cấp bản sao trích lục hộ tịch trên môi "
        "trường điện tử.",
        "Khi có tài khoản VNeID mức độ 2, công dân có thể xuất trình các giấy tờ đã tích hợp mà không cần mang "
        "bản giấy.",
        "Phần mềm quản lý văn bản giúp việc trình, ký và gửi văn bản điện tử thực hiện hoàn toàn trên máy tính.",
        "Công an phường khuyến cáo người dân không cung cấp mã OTP, mật khẩu tài khoản cho bất kỳ ai và chỉ "
        "tải ứng dụng từ kho ứng dụng chính thức.",
        "Nhóm Zalo của tổ dân phố được dùng để thông báo lịch làm việc, giải đáp nhanh các thắc mắc về thủ tục.",
        "Hồ sơ nộp trực tuyến được tiếp nhận ngay trong giờ hành chính, người dân nhận thông báo qua tin nhắn "
        "khi có kết quả.",
        "Tại sảnh bộ phận một cửa, phường bố trí {n_nho} máy tính có kết nối mạng để người dân tự nộp hồ sơ "
        "trực tuyến.",
        "Việc liên thông thủ tục khai sinh, khai tử trên môi trường điện tử giúp người dân tiết kiệm thời gian "
        "và chi phí đi lại.",
    ),
}

GENERIC = (
    "Thời gian tới, UBND {phuong} tiếp tục chỉ đạo các bộ phận thực hiện nghiêm các nhiệm vụ cải cách hành "
    "chính đã đề ra.",
    "Theo {nguoi}, kết quả đạt được là nhờ sự vào cuộc của cả hệ thống chính trị và sự đồng tình của người dân.",
    "{Nguoi}, cho biết phường sẽ tiếp tục lắng nghe ý kiến của người dân để cải tiến cách làm.",
    "Người dân có thể phản ánh, kiến nghị qua hòm thư góp ý đặt tại sảnh, qua đường dây nóng hoặc trực tiếp "
    "với tổ trưởng tổ dân phố.",
    "Mọi thông tin chi tiết, người dân liên hệ bộ phận một cửa phường trong giờ hành chính từ thứ Hai đến "
    "sáng thứ Bảy.",
    "{Nguoi_dan} ở tổ dân phố số {tdp} chia sẻ: \"Trước đây tôi phải đi lại mấy lần, giờ chỉ một lần là xong, "
    "cán bộ hướng dẫn rất tận tình\".",
    "{Nguoi_dan}, người dân tổ dân phố số {tdp}, cho biết thủ tục bây giờ đơn giản hơn nhiều so với trước.",
    "Đây là một trong những nhiệm vụ trọng tâm của phường trong năm {nam}, gắn với việc thực hiện Chỉ số cải "
    "cách hành chính và Chỉ số hài lòng của người dân.",
    "Kết quả này được báo cáo UBND thành phố và đăng tải công khai để người dân cùng theo dõi, giám sát.",
    "Các tổ dân phố có trách nhiệm thông tin rộng rãi nội dung này đến từng hộ gia đình trên địa bàn.",
    "Phường đề nghị người dân tiếp tục đồng hành, góp ý để công tác cải cách hành chính ngày càng thực chất "
    "và hiệu quả hơn.",
    "Sau buổi làm việc, các ý kiến của người dân được tổng hợp đầy đủ và gửi đến bộ phận có trách nhiệm giải "
    "quyết.",
    "Phường sẽ sơ kết, đánh giá việc thực hiện vào cuối quý để có điều chỉnh phù hợp với thực tế.",
    "Công tác tuyên truyền được thực hiện đồng thời trên Trang thông tin điện tử, hệ thống truyền thanh và "
    "nhóm Zalo của các tổ dân phố.",
    "Mặt trận Tổ quốc và các đoàn thể phường phối hợp vận động hội viên, đoàn viên tích cực hưởng ứng.",
    "Những khó khăn, vướng mắc vượt thẩm quyền được phường tổng hợp, báo cáo cấp trên xem xét, giải quyết.",
    "Trước đó, trong tháng {thang_truoc}, phường đã tổ chức {n_nho} đợt kiểm tra tại các bộ phận chuyên môn.",
    "Theo số liệu của Văn phòng HĐND và UBND phường, chỉ tiêu này đã hoàn thành sớm hơn kế hoạch {n_nho} tháng.",
    "Nhiều hộ gia đình ở các tổ dân phố xa trụ sở đánh giá cao cách làm chủ động, gần dân của phường.",
    "Việc thực hiện được giám sát bởi Ban Thanh tra nhân dân và Ban Công tác Mặt trận các tổ dân phố.",
    "Phường cũng công khai số điện thoại của lãnh đạo phụ trách để người dân liên hệ khi cần.",
    "UBND {phuong} yêu cầu các bộ phận báo cáo kết quả trước ngày {ngay} để tổng hợp, báo cáo UBND thành phố.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách phường và nguồn xã hội hóa theo quy định.",
    "Cuối buổi, đại diện lãnh đạo phường cảm ơn người dân đã dành thời gian tham dự và đóng góp nhiều ý kiến "
    "tâm huyết.",
)

OPENERS = (
    "Thực hiện {van_ban} của UBND {phuong},",
    "Nhằm tạo thuận lợi cho người dân và doanh nghiệp,",
    "Trong {ky} tháng đầu năm {nam},",
    "Sáng ngày {ngay}/{nam},",
    "Chiều ngày {ngay}/{nam},",
    "Theo chỉ đạo của UBND thành phố,",
    "Hưởng ứng Ngày Chuyển đổi số quốc gia,",
    "Để chuẩn bị cho đợt đánh giá Chỉ số cải cách hành chính năm {nam},",
)

HEADINGS = {
    "chi-dao-dieu-hanh": ("Những nhiệm vụ trọng tâm", "Kết quả tự đánh giá", "Hạn chế cần khắc phục"),
    "the-che": ("Những điểm mới cần biết", "Ý kiến của người dân", "Cách tra cứu văn bản"),
    "tthc": ("Hồ sơ cần chuẩn bị", "Kết quả giải quyết hồ sơ", "Nộp hồ sơ trực tuyến như thế nào"),
    "bo-may": ("Bộ máy sau sắp xếp", "Đầu mối liên hệ mới", "Bảo đảm phục vụ người dân"),
    "cong-vu": ("Nội dung cam kết", "Kết quả kiểm tra", "Người dân giám sát ra sao"),
    "tai-chinh-cong": ("Số liệu thu, chi", "Thanh toán không dùng tiền mặt", "Công khai, minh bạch"),
    "chinh-quyen-so": ("Kết quả chuyển đổi số", "Hướng dẫn người dân", "Cảnh giác với lừa đảo qua mạng"),
}

LIST_ITEMS = {
    "chi-dao-dieu-hanh": (
        "rà soát, công khai đầy đủ thủ tục hành chính tại bộ phận một cửa",
        "tổ chức ít nhất một hội nghị đối thoại với người dân mỗi năm",
        "đăng tin, bài về cải cách hành chính hằng tháng trên các kênh của phường",
        "khảo sát sự hài lòng của người dân hằng quý",
        "kiểm tra công tác cải cách hành chính tại các bộ phận chuyên môn",
    ),
    "the-che": (
        "kiểm tra kỹ mẫu đơn, tờ khai theo quy định mới trước khi nộp",
        "mang theo giấy tờ chứng minh thời điểm bắt đầu sử dụng đất",
        "kê khai đầy đủ các thành viên có chung quyền sử dụng đất",
        "tra cứu văn bản trên Cơ sở dữ liệu quốc gia về văn bản pháp luật",
        "liên hệ công chức Tư pháp - Hộ tịch khi cần giải thích quy định",
    ),
    "tthc": (
        "tờ khai theo mẫu, điền đầy đủ thông tin",
        "thẻ căn cước hoặc tài khoản VNeID mức độ 2 của người nộp",
        "giấy tờ chứng minh quan hệ nhân thân nếu làm thủ tục thay người khác",
        "bản chính giấy tờ cần chứng thực và số trang cần sao",
        "số điện thoại để nhận tin nhắn thông báo kết quả",
    ),
    "bo-may": (
        "Văn phòng HĐND và UBND phường: tổng hợp, theo dõi chung",
        "Phòng Kinh tế, Hạ tầng và Đô thị: đất đai, xây dựng, môi trường",
        "Phòng Văn hóa - Xã hội: văn hóa, giáo dục, y tế, chính sách xã hội",
        "Trung tâm Phục vụ hành chính công: tiếp nhận, trả kết quả thủ tục hành chính",
        "Công an phường: cư trú, căn cước, định danh điện tử",
    ),
    "cong-vu": (
        "đeo thẻ công chức trong giờ làm việc",
        "không sử dụng điện thoại vào việc riêng khi đang tiếp công dân",
        "hướng dẫn hồ sơ đầy đủ một lần",
        "không yêu cầu người dân nộp thêm giấy tờ ngoài quy định",
        "trả lời phản ánh của người dân đúng thời hạn",
    ),
    "tai-chinh-cong": (
        "mở ứng dụng ngân hàng và quét mã QR tại quầy",
        "kiểm tra đúng số tiền, nội dung thanh toán rồi xác nhận",
        "nhận biên lai điện tử qua tin nhắn hoặc thư điện tử",
        "giữ lại biên lai để đối chiếu khi cần",
    ),
    "chinh-quyen-so": (
        "cài ứng dụng VNeID từ kho ứng dụng chính thức",
        "đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID",
        "chọn thủ tục, khai thông tin và đính kèm giấy tờ đã số hóa",
        "thanh toán phí, lệ phí trực tuyến nếu có",
        "theo dõi tình trạng hồ sơ và nhận kết quả điện tử",
    ),
}

LINKS = (
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn"),
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn"),
)

TAGS = (
    "một cửa", "thủ tục hành chính", "dịch vụ công trực tuyến", "Đề án 06", "VNeID", "chuyển đổi số",
    "đối thoại", "sáng kiến", "văn hóa công vụ", "đất đai", "hộ tịch", "chứng thực", "văn bản pháp luật",
    "thanh toán không dùng tiền mặt", "ngân sách", "SIPAS", "PAR INDEX", "tổ dân phố", "kiểm tra",
    "số hóa", "tổ công nghệ số", "sắp xếp bộ máy", "khảo sát hài lòng", "người cao tuổi", "tuyên truyền",
    "bưu chính công ích", "liên thông", "kỷ luật, kỷ cương",
)

IMAGE_SUBJECTS = (
    ("quay-mot-cua", "Công chức bộ phận một cửa hướng dẫn người dân điền tờ khai tại quầy tiếp nhận"),
    ("hoi-nghi-doi-thoai", "Hội trường UBND phường trong buổi hội nghị đối thoại với người dân"),
    ("to-cong-nghe-so", "Đoàn viên thanh niên hướng dẫn người cao tuổi cài đặt ứng dụng VNeID trên điện thoại"),
    ("ma-qr-thanh-toan", "Bảng mã QR thanh toán phí, lệ phí đặt trên quầy của bộ phận một cửa"),
    ("so-hoa-ho-so", "Công chức quét, số hóa sổ hộ tịch bằng máy quét tài liệu"),
    ("niem-yet-thu-tuc", "Bảng niêm yết thủ tục hành chính kèm mã QR tại sảnh trụ sở UBND phường"),
)
