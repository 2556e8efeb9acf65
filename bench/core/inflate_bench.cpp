// Inflating zlib-wrapped frames with oex::DeflateDecoder and with libdeflate, which the DigiFinex
// codec used before. Cases: order_update, one DigiFinex order push (a few hundred bytes, a dynamic
// block: table building dominates); book_40k, an order-book snapshot (decoding dominates);
// random_64k, incompressible bytes (stored blocks: copying and the checksum). Both decoders get
// the same 64 KiB output buffer. Names: BM_Inflate/<case>/<impl>; bytes/s counts output.
#include <benchmark/benchmark.h>
#include <libdeflate.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "oex/core/inflate.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::string_view kOrderUpdate =
    R"({"method":"order.update","params":[{"amount":"1","filled":"0.5","id":"dfx123456","mode":1,)"
    R"("notional":"50","price":"100","price_avg":"100","side":"buy","status":1,"symbol":"BTC_USDT",)"
    R"("timestamp":1589272547000,"type":"limit"}],"id":null})";

// A depth snapshot in DigiFinex's shape, with prices and amounts from a fixed-seed generator.
std::string order_book_json(std::size_t target_bytes) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  const auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<unsigned>(state >> 33);
  };
  std::string json = R"({"method":"depth.update","params":[true,{"asks":[)";
  char level[64];
  unsigned price = 974512;
  for (bool first = true; json.size() < target_bytes / 2; first = false) {
    price += 1 + next() % 40;
    std::snprintf(level, sizeof level, R"(%s["%u.%02u","%u.%04u"])", first ? "" : ",", price / 100, price % 100,
                  next() % 20, next() % 10000);
    json += level;
  }
  json += R"(],"bids":[)";
  price = 974500;
  for (bool first = true; json.size() < target_bytes - 64; first = false) {
    price -= 1 + next() % 40;
    std::snprintf(level, sizeof level, R"(%s["%u.%02u","%u.%04u"])", first ? "" : ",", price / 100, price % 100,
                  next() % 20, next() % 10000);
    json += level;
  }
  json += R"(]},"BTC_USDT"],"id":null})";
  return json;
}

Bytes random_bytes(std::size_t n) {
  Bytes bytes(n);
  std::uint64_t state = 42;
  for (auto& b : bytes) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    b = static_cast<std::uint8_t>(state >> 56);
  }
  return bytes;
}

Bytes zlib_compress(std::span<const std::uint8_t> data, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  Bytes out(libdeflate_zlib_compress_bound(c, data.size()));
  out.resize(libdeflate_zlib_compress(c, data.data(), data.size(), out.data(), out.size()));
  libdeflate_free_compressor(c);
  return out;
}

Bytes as_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

const Bytes& case_input(int which) {
  static const Bytes inputs[] = {as_bytes(kOrderUpdate), as_bytes(order_book_json(40 * 1024)), random_bytes(64 * 1024)};
  return inputs[which];
}

const Bytes& case_frame(int which) {
  static const Bytes frames[] = {zlib_compress(case_input(0), 6), zlib_compress(case_input(1), 6),
                                 zlib_compress(case_input(2), 6)};
  return frames[which];
}

constexpr std::size_t kOutputCapacity = 64 * 1024;

template <int which>
void BM_Inflate_oex(benchmark::State& state) {
  const Bytes& frame = case_frame(which);
  Bytes out(kOutputCapacity);
  oex::DeflateDecoder decoder;
  std::size_t produced = 0;
  for (auto _ : state) {
    const auto r = decoder.inflate_zlib(frame, out);
    if (!r.ok()) {
      state.SkipWithError(std::string(oex::error_name(r.error())).c_str());
      break;
    }
    produced = *r;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  if (produced != case_input(which).size()) state.SkipWithError("wrong output size");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * produced));
}

template <int which>
void BM_Inflate_libdeflate(benchmark::State& state) {
  const Bytes& frame = case_frame(which);
  Bytes out(kOutputCapacity);
  libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
  std::size_t produced = 0;
  for (auto _ : state) {
    std::size_t consumed = 0;
    if (libdeflate_zlib_decompress_ex(decompressor, frame.data(), frame.size(), out.data(), out.size(), &consumed,
                                      &produced) != LIBDEFLATE_SUCCESS) {
      state.SkipWithError("libdeflate failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  libdeflate_free_decompressor(decompressor);
  if (produced != case_input(which).size()) state.SkipWithError("wrong output size");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * produced));
}

BENCHMARK(BM_Inflate_oex<0>)->Name("BM_Inflate/order_update/oex");
BENCHMARK(BM_Inflate_libdeflate<0>)->Name("BM_Inflate/order_update/libdeflate");
BENCHMARK(BM_Inflate_oex<1>)->Name("BM_Inflate/book_40k/oex");
BENCHMARK(BM_Inflate_libdeflate<1>)->Name("BM_Inflate/book_40k/libdeflate");
BENCHMARK(BM_Inflate_oex<2>)->Name("BM_Inflate/random_64k/oex");
BENCHMARK(BM_Inflate_libdeflate<2>)->Name("BM_Inflate/random_64k/libdeflate");

}  // namespace
