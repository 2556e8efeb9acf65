#include "oex/codecs/deflow/error_codes.hpp"

#include <array>

namespace oex::codecs::deflow {
namespace {

// Copied from the document's table; a test checks each row against the document's text.
constexpr std::array<ErrorCode, 26> kErrorCodes = {{
    {"0", "성공"},
    {"5", "주문 작성 실패"},
    {"6", "수량이 최소값보다 작을때"},
    {"7", "수량이 최대값보다 클때"},
    {"8", "주문 취소 실패"},
    {"9", "거래가 동결됨"},
    {"13", "죄송합니다, 시스템 오류가 발생하였습니다. 시스템 관리자와 연락해주세요."},
    {"19", "사용할수 있는 금액 부족"},
    {"22", "거래 수량 파라미터 부족"},
    {"24", "거래 가격 파라미터 부족"},
    {"100001", "시스템 이상"},
    {"100002", "시스템 업그레이드"},
    {"100004", "요구한 파라미터가 합법적이지 않습니다"},
    {"100005", "파라미터 서명 오류"},
    {"100007", "불법IP"},
    {"110002", "알수없는 화폐번호"},
    {"110003", "자금 비밀번호 오류"},
    {"110004", "출금이 동결되었습니다."},
    {"110005", "사용가능 금액 부족"},
    {"110020", "사용자ID가 존재 하지 않습니다."},
    {"110023", "이미 회원가입된 핸드폰 번호입니다."},
    {"110024", "이미 회원가입된 이메일 주소입니다."},
    {"110025", "관리자가 잠근 계정입니다."},
    {"110032", "사용권한이 없습니다."},
    {"110033", "충전 실패"},
    {"110034", "출금 실패"},
}};

}  // namespace

std::span<const ErrorCode> documented_error_codes() noexcept { return kErrorCodes; }

std::optional<std::string_view> error_description(std::string_view code) noexcept {
  for (const ErrorCode& e : kErrorCodes) {
    if (e.code == code) return e.description;
  }
  return std::nullopt;
}

}  // namespace oex::codecs::deflow
