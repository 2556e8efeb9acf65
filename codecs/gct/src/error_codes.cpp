#include "oex/codecs/gct/error_codes.hpp"

#include <array>

namespace oex::codecs::gct {
namespace {

// Copied from the document's tables; the test walks this list against the document's text.
constexpr std::array<ErrorCode, 92> kErrorCodes = {{
    {"common_success", "Success!"},
    {"common_failure", "Failed!"},
    {"common_failure_0001", "network exception"},
    {"get_login_failure", "Failed to get licensor information"},
    {"access_key_not_found", "The access key does not exist"},
    {"inconsistent_parameters_and_signatures", "Parameters and signatures are inconsistent"},
    {"access_key_not_found_or_ip_Incorrect", "accessKey does not exist or the ip address is incorrect"},
    {"json_unresolved", "json cannot parse"},
    {"signature_verification_failed", "Signature verification failed, signature could not be parsed"},
    {"user_pay_is_error", "Transaction password error"},
    {"disable_access", "Already prohibited access"},
    {"ip_disable_access", "IP has been banned from access"},
    {"access_IP_not_found", "The accessed IP does not exist"},
    {"excessive_access", "Very too fast"},
    {"access_failure", "Request failed"},
    {"api_market_001", "Invalid User Information"},
    {"api_market_002", "Invalid trading pair name"},
    {"api_market_003", "Invalid parameter"},
    {"api_market_004", "No data"},
    {"api_market_005", "Get failed"},
    {"entrust_failure_0001", "network exception"},
    {"entrust_failure_0002", "Query type error"},
    {"entrust_failure_0003", "The match type cannot be empty"},
    {"entrust_failure_0004", "The merchant ID cannot be empty"},
    {"entrust_failure_0005", "User does not exist"},
    {"entrust_failure_0007", "Trading pair ID cannot be empty"},
    {"entrust_failure_0009", "Trading pair does not exist"},
    {"entrust_failure_0010", "The transaction password cannot be empty"},
    {"entrust_failure_0011", "transaction password error"},
    {"entrust_failure_0012", "The order type cannot be empty"},
    {"entrust_failure_0013", "The number of orders cannot be empty"},
    {"entrust_failure_0014", "The price of the limit order can not be empty"},
    {"entrust_failure_0015", "The single ID cannot be empty"},
    {"entrust_failure_0016", "The order does not exist"},
    {"entrust_failure_0017", "This order has been deleted"},
    {"entrust_failure_0018", "The order cannot be cancelled"},
    {"entrust_failure_0019", "The version number cannot be empty"},
    {"entrust_failure_0020", "The market order cannot be cancelled"},
    {"entrust_failure_0021", "Current data has been updated"},
    {"entrust_failure_0022", "There is no order at the moment, cannot be placed on the market order"},
    {"entrust_failure_0023", "The trading pair is disabled or the associated currency is disabled"},
    {"entrust_failure_0024", "The transaction pair is not open for trading"},
    {"entrust_failure_0025", "The entrusted price is below the minimum price or above the maximum price"},
    {"entrust_failure_0026", "The number of delegates is below the minimum or above the maximum limit"},
    {"entrust_failure_0027", "This account has been banned from trading, please contact customer service"},
    {"entrust_failure_0028", "Exceeded transaction pair purchaseable{}"},
    {"entrust_failure_0029", "The project is currently banned from selling"},
    {"entrust_failure_0030", "Exceeding the current trading pair highest rise{} in one day, can not place orders"},
    {"entrust_failure_0031", "Exceeding the current trading pair lowest drop{} in one day, can not place orders"},
    {"entrust_failure_0032", "The commission price is above the ceiling price"},
    {"entrust_failure_0033", "The number of commissions is above the maximum limit"},
    {"entrust_failure_0034", "The commission turnover is below the minimum"},
    {"entrust_failure_0035", "The commission turnover is higher than the maximum"},
    {"entrust_failure_0036", "Not ready, please try again later"},
    {"entrust_failure_0037", "Order client request ID cannot be duplicate"},
    {"entrust_failure_0038", "Order client request ID does not exist"},
    {"entrust_failure_0039", "Order client request ID cannot be empty"},
    {"account_failure_0002", "There are not enough assets available for the account to process"},
    {"recharge_withdraw_failure_0001", "network exception"},
    {"recharge_withdraw_failure_0002", "The transaction password cannot be empty"},
    {"recharge_withdraw_failure_0003", "The verification code cannot be empty"},
    {"recharge_withdraw_failure_0004", "The merchant ID cannot be empty"},
    {"recharge_withdraw_failure_0005", "User does not exist"},
    {"recharge_withdraw_failure_0007", "Currency does not exist"},
    {"recharge_withdraw_failure_0010", "Google verification code cannot be empty"},
    {"recharge_withdraw_failure_0011", "Transaction password error"},
    {"recharge_withdraw_failure_0012", "The recharge type cannot be empty"},
    {"recharge_withdraw_failure_0013", "The number of deposit cannot be empty"},
    {"recharge_withdraw_failure_0014", "The deposit note cannot be empty"},
    {"recharge_withdraw_failure_0015", "The deposit order does not exist"},
    {"recharge_withdraw_failure_0017", "Only waiting for deposit can be deleted"},
    {"recharge_withdraw_failure_0018", "Only waiting for deposit to review"},
    {"recharge_withdraw_failure_0019", "Only the approval can be issued to freeze"},
    {"recharge_withdraw_failure_0020", "The version number cannot be empty"},
    {"recharge_withdraw_failure_0021", "Parameter error"},
    {"recharge_withdraw_failure_0022", "Current data has been updated"},
    {"recharge_withdraw_failure_0023", "Data does not exist"},
    {"recharge_withdraw_failure_0024", "Only locked status can be audited"},
    {"recharge_withdraw_failure_0025", "Only waiting for the withdrawal status to lock"},
    {"recharge_withdraw_failure_0026", "Cancel only when waiting for withdrawal or lock status"},
    {"recharge_withdraw_failure_0027", "The number of freezes cannot be empty"},
    {"recharge_withdraw_failure_0028", "Freeze reason cannot be empty"},
    {"recharge_withdraw_failure_0029", "Unfreeze note cannot be empty"},
    {"recharge_withdraw_failure_0030", "The number of withdrawal cannot be empty"},
    {"recharge_withdraw_failure_0031", "The withdrawal address cannot be empty"},
    {"recharge_withdraw_failure_0032", "The fee cannot be empty"},
    {"recharge_withdraw_failure_0033", "fee exception"},
    {"recharge_withdraw_failure_0034", "Data does not exist"},
    {"recharge_withdraw_failure_0035", "This asset cannot be unfreeze"},
    {"recharge_withdraw_failure_0036", "The withdrawal address is incorrect"},
    {"recharge_withdraw_failure_0037", "The withdrawal note cannot be empty"},
    {"recharge_withdraw_failure_0038", "External withdrawal exception"},
}};

}  // namespace

std::span<const ErrorCode> documented_error_codes() noexcept { return kErrorCodes; }

std::optional<std::string_view> error_description(std::string_view code) noexcept {
  for (const ErrorCode& e : kErrorCodes) {
    if (e.code == code) return e.description;
  }
  return std::nullopt;
}

}  // namespace oex::codecs::gct
