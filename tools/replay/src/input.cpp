#include "oex/replay/input.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "oex/replay/pcap_input.hpp"

namespace oex::replay {

void replay_jsonl(std::string_view text, Replayer& replayer) {
  std::uint64_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    ++line_no;
    replayer.feed_line(text.substr(0, nl), line_no);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

bool is_pcap(std::string_view head) noexcept {
  if (head.size() < 4) return false;
  std::uint32_t magic = 0;
  std::memcpy(&magic, head.data(), 4);
  return magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u || magic == 0xa1b23c4du || magic == 0x4d3cb2a1u ||
         magic == 0x0a0d0d0au;
}

namespace {

// A regular file mapped read-only for the length of one replay: the capture is read in place,
// with no copy into the heap (captures run to hundreds of MiB).
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) noexcept {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return;
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return;
    size_ = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_, 0);
    if (p == MAP_FAILED) {
      size_ = 0;
      return;
    }
    ::madvise(p, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(p);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  [[nodiscard]] bool mapped() const noexcept { return data_ != nullptr; }
  [[nodiscard]] std::string_view text() const noexcept { return {data_, size_}; }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace

bool replay_file(const std::string& path, Replayer& replayer, std::string& error, const PcapOptions& pcap_options) {
  {
    const MappedFile mapped(path);
    if (mapped.mapped()) {
      if (is_pcap(mapped.text())) return replay_pcap(path, replayer, error, pcap_options);
      replay_jsonl(mapped.text(), replayer);
      return true;
    }
  }
  // Empty files, pipes and anything else that does not map: read through a stream.
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "read failed";
    return false;
  }
  const std::string text = std::move(buffer).str();
  if (is_pcap(text)) return replay_pcap(path, replayer, error, pcap_options);
  replay_jsonl(text, replayer);
  return true;
}

}  // namespace oex::replay
