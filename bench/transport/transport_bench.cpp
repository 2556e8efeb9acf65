// BM_Transport: one echo server on 127.0.0.1 (echo_server.hpp, its own threads) serves plain TCP
// and WebSocket over TLS. Against it, a 300-byte round trip through
//   plain_tcp : a non-blocking Asio socket, the floor;
//   oex       : our WsClient over wolfSSL on the busy-poll loop, reads polled (StreamOptions::
//               poll_reads); oex_epoll with reads left to the reactor; echo_chacha20 with
//               wolfSSL's portable ChaCha20-Poly1305;
//   beast     : websocket::stream<ssl::stream<tcp::socket>>, the way ccapi connects;
// and receive throughput of deflated DigiFinex-sized frames, inflate included (the core's
// DeflateDecoder for us, zlib for Beast). BM_Transport/record_cipher compares, per record, wolfCrypt's AES-GCM and
// ChaCha20-Poly1305 (portable C: Debian's wolfSSL has no assembly) with our AES-GCM on the CPU's
// instructions (aes_gcm.hpp). Clients that poll spin (BusySpinIdle); Beast blocks in its reads.
#include <benchmark/benchmark.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/chacha20_poly1305.h>
#include <zlib.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "echo_server.hpp"
#include "oex/core/asio_agent.hpp"
#include "oex/core/idle_strategy.hpp"
#include "oex/transport/aes_gcm.hpp"
#include "oex/transport/inflate.hpp"
#include "oex/transport/tls.hpp"
#include "oex/transport/ws_client.hpp"

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::size_t kBurst = 1000;  // frames per throughput iteration

std::string make_certificates() {
  char tmpl[] = "/tmp/oex-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
  const std::string d = std::string(tmpl) + "/";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
  const std::string cmd =
      "openssl req -x509" + ec + "-keyout " + d + "ca.key -out " + d + "ca.pem -days 2 -subj /CN=bench-ca"
      " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null && "
      "printf 'subjectAltName=DNS:localhost\\n' > " + d + "ext && openssl req" + ec + "-keyout " + d +
      "server.key -out " + d + "server.csr -subj /CN=localhost 2>/dev/null && openssl x509 -req -in " + d +
      "server.csr -CA " + d + "ca.pem -CAkey " + d + "ca.key -CAcreateserial -days 2 -extfile " + d + "ext -out " + d +
      "server.pem 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl failed");
  static std::string to_remove;  // the keys are for this run only
  to_remove = tmpl;
  std::atexit([] { std::filesystem::remove_all(to_remove); });
  return d;
}

// A DigiFinex depth update of the usual size, zlib-deflated as the venue sends it.
std::string digifinex_frame_json() {
  std::string json = R"({"method":"depth.update","params":[true,{"asks":[)";
  for (int i = 0; i < 20; ++i) json += (i ? "," : "") + std::string("[\"") + std::to_string(10400 + i) + ".12\",\"0." + std::to_string(1000 + i * 37) + "\"]";
  json += R"(],"bids":[)";
  for (int i = 0; i < 20; ++i) json += (i ? "," : "") + std::string("[\"") + std::to_string(10399 - i) + ".87\",\"0." + std::to_string(2000 + i * 53) + "\"]";
  json += R"(]},"BTC_USDT"],"id":null})";
  return json;
}

std::string zlib_deflate(const std::string& in) {
  uLongf n = compressBound(in.size());
  std::string out(n, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(in.data()), in.size(), 6);
  out.resize(n);
  return out;
}

struct World {
  std::string dir = make_certificates();
  std::string deflated = zlib_deflate(digifinex_frame_json());
  oex::bench::EchoServer* server = new oex::bench::EchoServer(dir, deflated, kBurst);  // lives for the process
  std::string message = std::string(300, 'x');
};

World& world() {
  static World* w = new World();
  return *w;
}

void BM_PlainTcp(benchmark::State& state) {
  World& w = world();
  asio::io_context io(oex::kLoopConcurrencyHint);
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), w.server->plain_port()});
  socket.set_option(tcp::no_delay(true));
  socket.non_blocking(true);
  char in[512];
  oex::BusySpinIdle idle;  // the same idle strategy as our loop below
  for (auto _ : state) {
    boost::system::error_code ec;
    std::size_t sent = 0;
    while (sent < w.message.size()) sent += socket.write_some(asio::buffer(w.message.data() + sent, w.message.size() - sent), ec);
    std::size_t got = 0;
    while (got < w.message.size()) {
      const std::size_t n = socket.read_some(asio::buffer(in + got, sizeof in - got), ec);
      got += n;
      if (ec && ec != asio::error::would_block) {
        state.SkipWithError("plain tcp read failed");
        return;
      }
      idle.idle(static_cast<int>(n));
    }
    benchmark::DoNotOptimize(in);
  }
}
BENCHMARK(BM_PlainTcp)->Name("BM_Transport/echo/300/plain_tcp")->UseRealTime();

// Our client on its loop: io_context polled by AsioAgent, as the engine runs it.
struct OurClient {
  explicit OurClient(oex::transport::CipherPreference ciphers, bool poll_reads = true) {
    oex::transport::TlsConfig tls_config;
    tls_config.ca_file = world().dir + "ca.pem";
    tls_config.ciphers = ciphers;
    tls = std::make_unique<oex::transport::TlsContext>(tls_config);
    oex::transport::WsConfig config;
    config.endpoint = {"localhost", "127.0.0.1", world().server->secure_port()};
    config.reconnect.enabled = false;
    config.stream.poll_reads = poll_reads;
    handlers.on_open = on_open;
    handlers.on_message = on_message;
    client = std::make_unique<oex::transport::WsClient>(io, config, tls.get(), handlers);
    client->start();
    while (!open) idle.idle(agent.do_work());
  }
  ~OurClient() {
    client->stop();
    for (int i = 0; i < 1000; ++i) agent.do_work();
  }
  bool round_trip(std::string_view message) {
    const std::size_t before = received;
    if (client->send_text(message) != oex::transport::TransportError::ok) return false;
    while (received == before) idle.idle(agent.do_work());
    return true;
  }
  asio::io_context io{oex::kLoopConcurrencyHint};
  oex::AsioAgent agent{io};
  // Busy-spinning, as the engine's loop does on its core and as the plain TCP client does here;
  // the echo server's threads block, so the second core is theirs.
  oex::BusySpinIdle idle;
  std::unique_ptr<oex::transport::TlsContext> tls;
  oex::transport::Inflater inflater{1 << 20};
  std::size_t received = 0;
  std::size_t inflated_bytes = 0;
  bool open = false;
  std::function<void()> on_open = [this] { open = true; };
  std::function<void(oex::transport::WsOpcode, std::span<const std::uint8_t>)> on_message =
      [this](oex::transport::WsOpcode op, std::span<const std::uint8_t> payload) {
        if (op == oex::transport::WsOpcode::binary) {
          const auto r = inflater.inflate(payload, oex::transport::DeflateFormat::zlib);
          inflated_bytes += r.ok() ? r.value().size() : 0;
        }
        ++received;
      };
  oex::transport::WsHandlers handlers;
  std::unique_ptr<oex::transport::WsClient> client;
};

void our_round_trips(benchmark::State& state, oex::transport::CipherPreference ciphers, bool poll_reads = true) {
  OurClient c(ciphers, poll_reads);
  for (auto _ : state) {
    if (!c.round_trip(world().message)) {
      state.SkipWithError("send failed");
      return;
    }
  }
  state.SetLabel(c.client->stream().tls_cipher());
}
// With the default ciphers (AES-GCM on the CPU's instructions where it has them) and reads polled,
// as a strategy's notification stream is configured; with reads left to epoll; and with
// wolfSSL's portable ChaCha20-Poly1305 for comparison.
void BM_OurWss(benchmark::State& state) { our_round_trips(state, oex::transport::fastest_cipher_preference()); }
BENCHMARK(BM_OurWss)->Name("BM_Transport/echo/300/oex")->UseRealTime();
void BM_OurWssEpoll(benchmark::State& state) { our_round_trips(state, oex::transport::fastest_cipher_preference(), false); }
BENCHMARK(BM_OurWssEpoll)->Name("BM_Transport/echo/300/oex_epoll")->UseRealTime();
void BM_OurWssChaCha(benchmark::State& state) { our_round_trips(state, oex::transport::CipherPreference::chacha20_first); }
BENCHMARK(BM_OurWssChaCha)->Name("BM_Transport/echo_chacha20/300/oex")->UseRealTime();

struct BeastClient {
  BeastClient() : ssl(asio::ssl::context::tls_client), stream(io, ssl) {
    ssl.load_verify_file(world().dir + "ca.pem");
    ssl.set_verify_mode(asio::ssl::verify_peer);
    tcp::socket& socket = beast::get_lowest_layer(stream);
    socket.connect({asio::ip::make_address("127.0.0.1"), world().server->secure_port()});
    socket.set_option(tcp::no_delay(true));
    SSL_set_tlsext_host_name(stream.next_layer().native_handle(), "localhost");
    stream.next_layer().set_verify_callback(asio::ssl::host_name_verification("localhost"));
    stream.next_layer().handshake(asio::ssl::stream_base::client);
    stream.handshake("localhost", "/");
  }
  asio::io_context io;
  asio::ssl::context ssl;
  ws::stream<beast::ssl_stream<tcp::socket>> stream;
  beast::flat_buffer buffer;
};

void BM_BeastWss(benchmark::State& state) {
  BeastClient c;
  c.stream.text(true);
  for (auto _ : state) {
    c.stream.write(asio::buffer(world().message));
    c.stream.read(c.buffer);
    benchmark::DoNotOptimize(c.buffer.data());
    c.buffer.consume(c.buffer.size());
  }
  state.SetLabel(SSL_get_cipher_name(c.stream.next_layer().native_handle()));
}
BENCHMARK(BM_BeastWss)->Name("BM_Transport/echo/300/beast")->UseRealTime();

void BM_OurDeflatedThroughput(benchmark::State& state) {
  OurClient c(oex::transport::fastest_cipher_preference());
  const std::size_t frame = world().deflated.size();
  for (auto _ : state) {
    const std::size_t target = c.received + kBurst;
    (void)c.client->send_text("burst");
    while (c.received < target) c.idle.idle(c.agent.do_work());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBurst));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kBurst * frame));
  state.counters["inflated_bytes_per_frame"] = static_cast<double>(c.inflated_bytes) / static_cast<double>(c.received);
}
BENCHMARK(BM_OurDeflatedThroughput)->Name("BM_Transport/digifinex_deflated/1000_frames/oex")->UseRealTime();

void BM_BeastDeflatedThroughput(benchmark::State& state) {
  BeastClient c;
  const std::size_t frame = world().deflated.size();
  std::vector<unsigned char> out(1 << 20);
  std::size_t inflated = 0;
  for (auto _ : state) {
    c.stream.text(true);
    c.stream.write(asio::buffer(std::string_view("burst")));
    for (std::size_t i = 0; i < kBurst; ++i) {
      c.stream.read(c.buffer);
      const auto data = c.buffer.cdata();
      uLongf n = out.size();
      if (uncompress(out.data(), &n, static_cast<const Bytef*>(data.data()), data.size()) != Z_OK) {
        state.SkipWithError("zlib failed");
        return;
      }
      inflated = n;
      c.buffer.consume(c.buffer.size());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBurst));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kBurst * frame));
  state.counters["inflated_bytes_per_frame"] = static_cast<double>(inflated);
}
BENCHMARK(BM_BeastDeflatedThroughput)->Name("BM_Transport/digifinex_deflated/1000_frames/beast")->UseRealTime();

// One TLS record's AEAD: seal `size` bytes with a 13-byte header as associated data.
void BM_AesGcm(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  std::vector<unsigned char> in(size, 'x'), out(size);
  unsigned char key[16] = {1}, iv[12] = {2}, tag[16], aad[13] = {3};
  Aes aes;
  wc_AesInit(&aes, nullptr, INVALID_DEVID);
  wc_AesGcmSetKey(&aes, key, sizeof key);
  for (auto _ : state) {
    wc_AesGcmEncrypt(&aes, out.data(), in.data(), static_cast<word32>(size), iv, sizeof iv, tag, sizeof tag, aad, sizeof aad);
    benchmark::DoNotOptimize(tag);
  }
  wc_AesFree(&aes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_AesGcm)->Name("BM_Transport/record_cipher/aes128_gcm")->Arg(64)->Arg(300)->Arg(1400)->Arg(16384);

void BM_AesGcmCpu(benchmark::State& state) {
  if (!oex::transport::aes_gcm::cpu_supported()) {
    state.SkipWithError("this CPU has no AES-NI and PCLMULQDQ");
    return;
  }
  const auto size = static_cast<std::size_t>(state.range(0));
  std::vector<unsigned char> in(size, 'x'), out(size);
  unsigned char key[16] = {1}, iv[12] = {2}, tag[16], aad[13] = {3};
  const oex::transport::aes_gcm::Record record{key, sizeof key, iv, sizeof iv, aad, sizeof aad};
  for (auto _ : state) {
    benchmark::DoNotOptimize(oex::transport::aes_gcm::seal(record, in.data(), size, out.data(), tag, sizeof tag));
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_AesGcmCpu)->Name("BM_Transport/record_cipher/aes128_gcm_cpu")->Arg(64)->Arg(300)->Arg(1400)->Arg(16384);

void BM_ChaCha(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  std::vector<unsigned char> in(size, 'x'), out(size);
  unsigned char key[32] = {1}, iv[12] = {2}, tag[16], aad[13] = {3};
  for (auto _ : state) {
    wc_ChaCha20Poly1305_Encrypt(key, iv, aad, sizeof aad, in.data(), static_cast<word32>(size), out.data(), tag);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_ChaCha)->Name("BM_Transport/record_cipher/chacha20_poly1305")->Arg(64)->Arg(300)->Arg(1400)->Arg(16384);

}  // namespace
