// BM_Sign: HMAC-SHA256 of a request-sized message with the key pads hashed once (HmacSha256 on
// our SHA-256), against wolfCrypt's wc_Hmac with its key also set once, so the two differ only
// in the hash. Beside them, the other two signatures the venues ask for, as our encoders compute
// them (HMAC-SHA384 for BTSE, MD5 for Cryptomus and Deflow, both wolfCrypt's hash): what signing
// alone costs every order, ours and the usual way's alike (the tick-to-trade report's floor).
#include <benchmark/benchmark.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hmac.h>

#include <string>

#include "oex/codecs/signing.hpp"

namespace {

constexpr std::string_view kSecret = "6a5bdb3f0d9e4c5a8b7e2f1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";

std::string message(std::size_t size) { return std::string(size, 'q'); }

void BM_SignOurs(benchmark::State& state) {
  const oex::codecs::HmacSha256 key(kSecret);
  const std::string text = message(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(key.sign({text}));
}
BENCHMARK(BM_SignOurs)->Name("BM_Sign/hmac_sha256/oex")->Arg(64)->Arg(256)->Arg(1024);

void BM_SignWolfCrypt(benchmark::State& state) {
  Hmac hmac;
  wc_HmacInit(&hmac, nullptr, INVALID_DEVID);
  wc_HmacSetKey(&hmac, WC_SHA256, reinterpret_cast<const byte*>(kSecret.data()), static_cast<word32>(kSecret.size()));
  const std::string text = message(static_cast<std::size_t>(state.range(0)));
  byte out[WC_SHA256_DIGEST_SIZE];
  for (auto _ : state) {
    // wc_HmacFinal leaves the key's pads in place for the next message.
    wc_HmacUpdate(&hmac, reinterpret_cast<const byte*>(text.data()), static_cast<word32>(text.size()));
    wc_HmacFinal(&hmac, out);
    benchmark::DoNotOptimize(out);
  }
  wc_HmacFree(&hmac);
}
BENCHMARK(BM_SignWolfCrypt)->Name("BM_Sign/hmac_sha256/wolfcrypt")->Arg(64)->Arg(256)->Arg(1024);

void BM_SignSha384(benchmark::State& state) {
  const oex::codecs::HmacSha384 key(kSecret);
  const std::string text = message(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(key.sign({text}));
}
BENCHMARK(BM_SignSha384)->Name("BM_Sign/hmac_sha384/oex")->Arg(64)->Arg(256)->Arg(1024);

void BM_SignMd5(benchmark::State& state) {
  const std::string text = message(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(oex::codecs::digest<oex::codecs::Md5>({text, kSecret}));
}
BENCHMARK(BM_SignMd5)->Name("BM_Sign/md5/oex")->Arg(64)->Arg(256)->Arg(1024);

}  // namespace
