// The capture benchmark's workload (bench/pages/capture-common.js) driven natively through
// HostClient, to count the core's instructions per captureException with callgrind: counts are
// exact and the same on a busy machine, where browser timings are not. The scope and capture
// JSON are what the browser bindings hand the core (the stack is a real Chromium stack of the
// benchmark page, 19 frames), so the work measured is the Wasm core's share of a capture.
//
// bench/native/callgrind.sh builds and runs it; alone: capture_bench [captures] [--check]
// (--check prints every answer instead, to compare the output of two builds byte for byte).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/host_client.h"

namespace {

const char* kOptions =
    R"({"dsn":"https://public@o0.ingest.example.com/1","release":"shop@1.4.2",)"
    R"("autoSessionTracking":false,"integrations":["InboundFilters","FunctionToString",)"
    R"("BrowserApiErrors","Breadcrumbs","GlobalHandlers","LinkedErrors","Dedupe","HttpContext"]})";

const char* kStack =
    "Error: checkout failed for order @\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:38:26)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at throwAt (http://127.0.0.1:36185/bench/pages/capture-common.js:39:10)\n"
    "    at Object.run (http://127.0.0.1:36185/bench/pages/capture-common.js:93:11)\n"
    "    at eval (eval at evaluate (:370:30), <anonymous>:6:22)\n"
    "    at async <anonymous>:381:23";

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else out += c;
  }
  return out + "\"";
}

// The capture JSON of the seq-th call, as js-bindings/core/client.js builds it: unique message
// (Dedupe keeps every one) and event id.
std::string capture_json(int seq) {
  std::string n = std::to_string(seq);
  std::string stack = kStack;
  stack.replace(stack.find('@'), 1, n);
  char id[33];
  std::snprintf(id, sizeof id, "%08x%024x", 0x02acf926u, static_cast<unsigned>(seq + 1));
  return R"({"kind":"error","error":{"type":"Error","value":"checkout failed for order )" + n +
         R"(","stack":)" + json_string(stack) +
         R"(,"mechanism":{"type":"generic","handled":true}},"event_id":")" + id +
         R"(","event":{"request":{"headers":{"User-Agent":"Mozilla/5.0 (X11; Linux x86_64) )"
         R"(AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"},)"
         R"("url":"http://127.0.0.1:36185/bench/pages/blank.html"}}})";
}

void set_up_scope(vigil::HostClient& c) {
  c.set_user(R"({"id":"4711","username":"ada","email":"ada@example.com"})");
  c.set_tag("page", "checkout");
  c.set_tag("locale", "de-DE");
  c.set_tag("plan", "premium");
  c.set_tag("build", "2024.11.3");
  c.set_tag("region", "eu-central");
  c.set_context("cart", R"({"items":12,"total":412.35,"currency":"EUR","coupon":"WINTER10"})");
  c.set_context("feature_flags",
                R"({"newCheckout":true,"paypalExpress":false,"variant":"B","rollout":0.25})");
  const char* categories[] = {"navigation", "ui.click", "fetch", "console", "ui.input"};
  for (int i = 0; i < 20; ++i) {
    std::string category = categories[i % 5];
    bool fetch = category == "fetch";
    std::string data = fetch ? R"({"method":"POST","url":"/api/cart/)" + std::to_string(i) +
                                   R"(","status_code":200})"
                             : R"({"index":)" + std::to_string(i) + "}";
    c.add_breadcrumb(R"({"timestamp":1763945000.)" + std::to_string(100 + i) +
                     R"(,"category":")" + category + R"(","type":")" +
                     (fetch ? "http" : "default") + R"(","level":"info","message":")" + category +
                     " step " + std::to_string(i) + R"( on the checkout page","data":)" + data +
                     "}");
  }
  std::string lines;
  for (int i = 0; i < 12; ++i) {
    char line[160];
    std::snprintf(line, sizeof line,
                  R"(%s{"sku":"SKU-%d","name":"Product number %d in the cart","qty":%d,)"
                  R"("price":%.2f,"tags":["a","b"]})",
                  i ? "," : "", 1000 + i, i, 1 + i % 3, 9.99 + i);
    lines += line;
  }
  c.set_extra("order", R"({"id":"order-8812","lines":[)" + lines +
                           R"(],"shipping":{"method":"express","country":"DE"}})");
}

// The request id in a capture answer's head, to report the send as delivered (the host does
// so when the fetch resolves; pending requests would otherwise pile up to the cap).
std::uint64_t request_id(const std::string& out) {
  const char* key = "\"request\":{\"id\":";
  auto at = out.find(key);
  if (at == std::string::npos) return 0;
  return std::strtoull(out.c_str() + at + std::strlen(key), nullptr, 10);
}

}  // namespace

// The measured region: callgrind.sh counts only what runs inside this function.
extern "C" __attribute__((noinline)) std::size_t run_captures(vigil::HostClient& client,
                                                              const std::vector<std::string>& in,
                                                              std::string& out) {
  std::size_t bytes = 0;
  // Date.now() / 1000, as the bindings pass the time: whole milliseconds.
  double now_ms = 1763945100000;
  for (const auto& json : in) {
    const double now = now_ms / 1000;
    client.capture(json, now, false, vigil::kNoSpan, out);
    bytes += out.size();
    if (std::uint64_t id = request_id(out)) client.client().transport().on_response(id, 200, "", "", now);
    now_ms += 7;
  }
  return bytes;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 200;
  bool check = argc > 2 && std::strcmp(argv[2], "--check") == 0;
  vigil::HostClient client(kOptions, 42);
  set_up_scope(client);
  std::vector<std::string> in;
  in.reserve(n);
  for (int i = 0; i < n; ++i) in.push_back(capture_json(i));
  std::string out;
  // One capture outside the measured region, so one-time setup is not counted per capture.
  client.capture(capture_json(-1), 1763945000, false, vigil::kNoSpan, out);
  if (check) {
    for (const auto& json : in) {
      std::vector<std::string> one{json};
      run_captures(client, one, out);
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
  }
  std::size_t bytes = run_captures(client, in, out);
  std::printf("%d captures, %zu bytes of answers (%zu per capture)\n", n, bytes,
              n ? bytes / n : 0);
  return 0;
}
