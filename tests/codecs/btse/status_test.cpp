// One case per documented BTSE status code, with the state it must map to written out here
// (independently of the table), and the table naming nothing this list does not.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "oex/codecs/btse/status.hpp"

namespace oex::codecs::btse {
namespace {

struct Expected {
  const char* code;
  OrderState state;
};

class BtseStatus : public ::testing::TestWithParam<Expected> {};

TEST_P(BtseStatus, MapsToItsState) {
  const Expected e = GetParam();
  EXPECT_EQ(order_state_from_status(e.code), e.state) << e.code;
  const StatusCode* entry = find_status(e.code);
  ASSERT_NE(entry, nullptr) << e.code;
  EXPECT_FALSE(entry->name.empty());
}

constexpr Expected kDocumented[] = {
    {"-1", OrderState::unknown},         {"1", OrderState::rejected},          {"2", OrderState::new_},
    {"3", OrderState::partially_filled}, {"4", OrderState::filled},            {"5", OrderState::partially_filled},
    {"6", OrderState::cancelled},        {"7", OrderState::cancelled},         {"8", OrderState::rejected},
    {"9", OrderState::pending_trigger},  {"10", OrderState::new_},             {"11", OrderState::rejected},
    {"12", OrderState::rejected},        {"13", OrderState::rejected},         {"15", OrderState::rejected},
    {"16", OrderState::unknown},         {"17", OrderState::unknown},          {"20", OrderState::unknown},
    {"21", OrderState::unknown},         {"27", OrderState::unknown},          {"28", OrderState::unknown},
    {"29", OrderState::unknown},         {"31", OrderState::unknown},          {"33", OrderState::unknown},
    {"34", OrderState::unknown},         {"36", OrderState::unknown},          {"41", OrderState::rejected},
    {"51", OrderState::unknown},         {"64", OrderState::unknown},          {"65", OrderState::new_},
    {"66", OrderState::unknown},         {"76", OrderState::unknown},          {"77", OrderState::unknown},
    {"80", OrderState::unknown},         {"81", OrderState::unknown},          {"83", OrderState::unknown},
    {"85", OrderState::pending_new},     {"88", OrderState::pending_trigger},  {"101", OrderState::rejected},
    {"110", OrderState::unknown},        {"123", OrderState::unknown},         {"124", OrderState::unknown},
    {"300", OrderState::rejected},       {"301", OrderState::rejected},        {"302", OrderState::rejected},
    {"303", OrderState::rejected},       {"304", OrderState::rejected},        {"1003", OrderState::unknown},
    {"1004", OrderState::unknown},       {"30410", OrderState::unknown},       {"STATUS_ACTIVE", OrderState::new_},
    {"STATUS_INACTIVE", OrderState::pending_trigger},
};

INSTANTIATE_TEST_SUITE_P(EveryDocumentedCode, BtseStatus, ::testing::ValuesIn(kDocumented),
                         [](const ::testing::TestParamInfo<Expected>& info) {
                           std::string name;
                           for (const char c : std::string(info.param.code)) {
                             name += c == '-' ? 'm' : c;
                           }
                           return "code_" + name;
                         });

TEST(BtseStatusTable, NamesExactlyTheDocumentedCodes) {
  std::set<std::string> expected;
  for (const Expected& e : kDocumented) expected.insert(e.code);
  std::set<std::string> table;
  for (const StatusCode& entry : kStatusTable) table.insert(std::string(entry.code));
  EXPECT_EQ(table, expected);
  EXPECT_EQ(table.size(), kStatusTable.size()) << "no code listed twice";
}

TEST(BtseStatusTable, UndocumentedCodesAreUnknownNeverAGuess) {
  for (const char* code : {"0", "14", "18", "99", "1000", "", "STATUS_DONE", "2 "}) {
    EXPECT_EQ(order_state_from_status(code), OrderState::unknown) << code;
    EXPECT_EQ(find_status(code), nullptr) << code;
  }
}

}  // namespace
}  // namespace oex::codecs::btse
