// Every fixture decodes to its golden normalized output (golden/<fixture>.golden). With
// OEX_UPDATE_GOLDEN=1 the files are rewritten instead, to be reviewed before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "btse_fixtures.hpp"

namespace oex::codecs::btse::testing {
namespace {

TEST(BtseGolden, EveryFixtureIsListedAndDecodesToItsGolden) {
  const auto entries = load_manifest();
  std::size_t on_disk = 0;
  for (const auto& f : std::filesystem::directory_iterator(kDir + "fixtures")) {
    (void)f;
    ++on_disk;
  }
  ASSERT_EQ(entries.size(), on_disk) << "fixtures.manifest must list every fixture";
  const bool update = std::getenv("OEX_UPDATE_GOLDEN") != nullptr;
  Decoders decoders;
  for (const auto& e : entries) {
    const std::string text = read_file(kDir + "fixtures/" + e.file);
    ASSERT_FALSE(text.empty()) << e.file;
    const std::string actual = render(decoders, e, text);
    const std::string golden_path = kDir + "golden/" + e.file + ".golden";
    if (update) {
      std::ofstream(golden_path, std::ios::binary) << actual;
      continue;
    }
    EXPECT_EQ(actual, read_file(golden_path)) << e.file;
  }
}

}  // namespace
}  // namespace oex::codecs::btse::testing
