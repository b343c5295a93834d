#define BOOST_TEST_MODULE stack_parser
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/stack_parser.h"

using namespace vigil;

namespace {

struct Expect {
  std::string function;
  std::string filename;
  int lineno;
  int colno;
  bool in_app;
  bool native = false;
};

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(VIGIL_FIXTURES_DIR) + "/stacks/" + name, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "missing fixture " << name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `expected` is in the returned order: oldest (caller-most) frame first.
void check_frames(const std::vector<ParsedFrame>& frames, const std::vector<Expect>& expected) {
  BOOST_REQUIRE_EQUAL(frames.size(), expected.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    BOOST_TEST_CONTEXT("frame " << i << " (" << expected[i].function << ")") {
      BOOST_TEST(frames[i].function == expected[i].function);
      BOOST_TEST(frames[i].filename == expected[i].filename);
      BOOST_TEST(frames[i].lineno == expected[i].lineno);
      BOOST_TEST(frames[i].colno == expected[i].colno);
      BOOST_TEST(frames[i].in_app == expected[i].in_app);
      BOOST_TEST(frames[i].native == expected[i].native);
    }
  }
}

void check_fixture(const std::string& name, const std::vector<Expect>& expected,
                   const StackParseOptions& options = {}) {
  BOOST_TEST_CONTEXT("fixture " << name) { check_frames(parse_stack(read_fixture(name), options), expected); }
}

bool valid_utf8(const std::string& s) { return sanitize_utf8(s) == s; }

const std::string kShopMain = "https://shop.example.com/static/js/main.4f2a9c1e.js";
const std::string kViteDeps =
    "http://localhost:5173/node_modules/.vite/deps/chunk-PJEEZAML.js?v=3b9c1e2a";
const std::string kIndex = "https://app.example.com/assets/index-B7kx9Qa2.js";
const std::string kLoader = "https://cdn.example.net/widgets/loader.js";
const std::string kTemplates = "https://app.example.com/js/templates.js";
const std::string kAppJs = "https://app.example.com/js/app.js";
const std::string kLodash = "https://cdn.jsdelivr.net/npm/lodash@4.17.21/lodash.min.js";

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures)

BOOST_AUTO_TEST_CASE(chrome_vite_dev_marks_node_modules_out_of_app) {
  check_fixture("chrome_vite_dev.txt",
                {{"HTMLUnknownElement.callCallback2", kViteDeps, 3674, 22, false},
                 {"beginWork", kViteDeps, 15914, 22, false},
                 {"mountIndeterminateComponent", kViteDeps, 14926, 21, false},
                 {"renderWithHooks", kViteDeps, 11548, 26, false},
                 {"UserCard", "http://localhost:5173/src/components/UserCard.tsx?t=1718035200000",
                  12, 27, true}});
}

BOOST_AUTO_TEST_CASE(chrome_production_native_new_and_anonymous_frames) {
  check_fixture("chrome_production.txt",
                {{"new Promise", "<anonymous>", 0, 0, false, true},
                 {"?", kShopMain, 2, 200117, true},
                 {"Object.handleClick [as onClick]", kShopMain, 2, 5521, true},
                 {"new Cart", kShopMain, 2, 17712, true},
                 {"HTMLButtonElement.<anonymous>", kShopMain, 2, 190021, true},
                 {"Array.map", "<anonymous>", 0, 0, false, true},
                 {"ProductList", kShopMain, 2, 184233, true}});
}

BOOST_AUTO_TEST_CASE(chrome_multiline_message_lines_never_become_frames) {
  // "deploy@build-host.internal:22" reads like a Firefox frame; in a V8 stack it is message text.
  const std::string js = "https://ci.example.com/assets/deploy-Cq81xT0d.js";
  check_fixture("chrome_multiline_message.txt",
                {{"runPipeline", js, 7, 3920, true},
                 {"Promise.all", "index 1", 0, 0, false, true},
                 {"Deployer.connect", js, 7, 1442, true}});
}

BOOST_AUTO_TEST_CASE(chrome_eval_frames_report_the_calling_script) {
  check_fixture("chrome_eval.txt",
                {{"?", kAppJs, 10, 3, true},
                 {"eval", "webpack-internal:///./src/index.js", 12, 9, true},
                 {"Function.render", kTemplates, 20, 12, true},
                 {"loadWidget", kLoader, 88, 5, true},
                 {"eval", kLoader, 88, 5, true},
                 {"eval", kLoader, 88, 5, true}});
}

BOOST_AUTO_TEST_CASE(chrome_url_schemes) {
  check_fixture(
      "chrome_urls.txt",
      {{"?", "<anonymous>", 1, 7, false},
       {"?", "file:///home/dev/site/index.html", 22, 9, true},
       {"HTMLDocument.<anonymous>",
        "chrome-extension://nkbihfbeogaeaoehlefnkodbefgpgknn/contentscript.js", 1, 48213, false},
       {"Module.formatPrice", "webpack:///./src/utils/format.js?", 7, 15, true},
       {"Page", "webpack-internal:///(app-pages-browser)/./src/app/(dashboard)/page.tsx", 18, 11,
        true},
       {"self.onmessage", "blob:https://app.example.com/6f1d2c3b-8a9e-4f70-b1c2-d3e4f5a6b7c8", 14,
        11, true},
       {"?", "wasm://wasm/00b2e2fa:wasm-function[117]:0x8e4c", 0, 0, true}});
}

BOOST_AUTO_TEST_CASE(chrome_sdk_frames_are_not_in_app) {
  check_fixture(
      "chrome_sdk_frames.txt",
      {{"HTMLFormElement.<anonymous>", "https://unpkg.com/vigil-sdk@0.1.0/dist/index.mjs", 1, 8812,
        false},
       {"HTMLFormElement.sentryWrapped",
        "https://cdn.jsdelivr.net/npm/@sentry/browser@8.40.0/build/bundle.min.js", 2, 40123, false},
       {"PaymentForm.submit", kIndex, 41, 3001, true}});
}

BOOST_AUTO_TEST_CASE(node_esm_async_frames) {
  check_fixture("node_esm_async.txt",
                {{"?", "file:///srv/app/src/main.mjs", 7, 3, true},
                 {"Promise.all", "index 0", 0, 0, false, true},
                 {"loadConfig", "file:///srv/app/src/config.mjs", 14, 18, true},
                 {"Object.readFile", "node:internal/fs/promises", 1242, 14, false},
                 {"open", "node:internal/fs/promises", 639, 25, false}});
}

BOOST_AUTO_TEST_CASE(node_windows_paths_with_crlf) {
  check_fixture(
      "node_windows.txt",
      {{"Runner.start", R"(C:\Program Files (x86)\tools\runner\lib\run.js)", 12, 3, true},
       {"?", R"(C:\Program Files (x86)\tools\runner\index.js)", 40, 7, true},
       {"Module._compile", "node:internal/modules/cjs/loader", 1469, 14, false},
       {"Object.<anonymous>", R"(C:\Users\dev\projects\api\src\db.js)", 8, 1, true},
       {"Client._connectionCallback",
        R"(C:\Users\dev\projects\api\node_modules\pg\lib\client.js)", 132, 23, false},
       {"TCPConnectWrap.afterConnect [as oncomplete]", "node:net", 1595, 16, false}});
}

BOOST_AUTO_TEST_CASE(workerd_bundle) {
  check_fixture("workerd.txt", {{"drainBody", "index.js", 1180, 12, true},
                                {"jsonError", "index.js", 1203, 14, true},
                                {"Object.fetch", "index.js", 21, 30, true}});
}

BOOST_AUTO_TEST_CASE(firefox_named_anonymous_and_async_cause_frames) {
  check_fixture("firefox_basic.txt", {{"?", kIndex, 1, 355, true},
                                      {"setup", kIndex, 41, 201, true},
                                      {"?", kLodash, 9, 1044, true},
                                      {"debounced", kLodash, 9, 2310, true},
                                      {"loadDashboard", kIndex, 41, 12877, true},
                                      {"ProductList", kIndex, 41, 9801, true},
                                      {"ProductList/<", kIndex, 41, 9870, true},
                                      {"renderRow", kIndex, 41, 10213, true}});
}

BOOST_AUTO_TEST_CASE(firefox_eval_and_function_frames) {
  check_fixture("firefox_eval.txt", {{"?", kAppJs, 2, 1, true},
                                     {"run", kTemplates, 44, 12, true},
                                     {"anonymous", kTemplates, 44, 0, true},
                                     {"compile", kTemplates, 20, 0, true},
                                     {"eval", kAppJs, 2, 0, true}});
}

BOOST_AUTO_TEST_CASE(firefox_extension_frames_and_message_line) {
  const std::string overlay =
      "moz-extension://2d9e5c0a-6b4f-4a53-9f0e-1c7f1e0b9a44/content/overlay.js";
  check_fixture("firefox_extension.txt", {{"handleSubmit", kIndex, 41, 3001, true},
                                          {"?", overlay, 1, 1, false},
                                          {"injectOverlay", overlay, 212, 17, false}});
}

BOOST_AUTO_TEST_CASE(safari_native_and_module_code) {
  check_fixture("safari_basic.txt",
                {{"module code", kIndex, 1, 355, true},
                 {"promiseReactionJob", "[native code]", 0, 0, false, true},
                 {"promiseReactionJobWithoutPromise", "[native code]", 0, 0, false, true},
                 {"asyncFunctionResume", "[native code]", 0, 0, false, true},
                 {"loadDashboard", kIndex, 41, 12877, true},
                 {"ProductList", kIndex, 41, 9801, true},
                 {"forEach", "[native code]", 0, 0, false, true},
                 {"?", kIndex, 41, 9870, true},
                 {"renderRow", kIndex, 41, 10213, true}});
}

BOOST_AUTO_TEST_CASE(safari_eval_code) {
  check_fixture("safari_eval.txt",
                {{"global code", "https://app.example.com/index.html", 31, 15, true},
                 {"loadWidget", kLoader, 88, 9, true},
                 {"eval", "[native code]", 0, 0, false, true},
                 {"eval code", "", 0, 0, true}});
}

BOOST_AUTO_TEST_CASE(safari_extension_frames) {
  check_fixture(
      "safari_extension.txt",
      {{"submit", "https://app.example.com/js/checkout.js", 77, 30, true},
       {"dispatchEvent", "[native code]", 0, 0, false, true},
       {"?", "safari-extension://com.example.passwords-ABCDE12345/4f1c2a9e/injected.js", 301, 5,
        false},
       {"collectForms",
        "safari-web-extension://3C0A1F8E-5B2D-4E6A-9C7B-1D2E3F4A5B6C/content.js", 118, 24,
        false}});
}

BOOST_AUTO_TEST_CASE(safari_legacy_frames_without_at_sign) {
  const std::string js = "https://app.example.com/js/legacy.js";
  check_fixture("safari_legacy.txt", {{"global code", js, 108, 23, true},
                                      {"eval code", "", 0, 0, true},
                                      {"?", "[native code]", 0, 0, false, true},
                                      {"foo", js, 52, 15, true},
                                      {"?", js, 47, 22, true}});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(max_frames_keeps_the_innermost) {
  StackParseOptions options;
  options.max_frames = 2;
  // The two innermost printed frames, returned oldest first.
  check_fixture("chrome_production.txt",
                {{"Array.map", "<anonymous>", 0, 0, false, true},
                 {"ProductList", kShopMain, 2, 184233, true}},
                options);
  options.max_frames = 2;
  check_fixture("firefox_basic.txt",
                {{"ProductList/<", kIndex, 41, 9870, true}, {"renderRow", kIndex, 41, 10213, true}},
                options);
  options.max_frames = 0;
  BOOST_TEST(parse_stack(read_fixture("safari_basic.txt"), options).empty());
}

BOOST_AUTO_TEST_CASE(in_app_include_and_exclude) {
  StackParseOptions options;
  options.in_app_exclude = {"/widgets/", ""};
  options.in_app_include = {"node_modules/.vite/deps/chunk-PJEEZAML.js", ""};
  auto frames = parse_stack(read_fixture("chrome_eval.txt"), options);
  BOOST_REQUIRE_EQUAL(frames.size(), 6u);
  BOOST_TEST(frames[0].in_app);   // app.js: no rule matches
  BOOST_TEST(!frames[3].in_app);  // loader.js under /widgets/
  frames = parse_stack(read_fixture("chrome_vite_dev.txt"), options);
  BOOST_REQUIRE_EQUAL(frames.size(), 5u);
  for (const auto& frame : frames) BOOST_TEST(frame.in_app);  // include beats node_modules

  BOOST_TEST(frame_in_app("[native code]", false, options));  // empty patterns match nothing
  BOOST_TEST(!frame_in_app("https://x.test/a.js", true));
  BOOST_TEST(!frame_in_app("blob:chrome-extension://abc/0f3a", false));
  BOOST_TEST(!frame_in_app("ms-browser-extension://abc/a.js", false));
  BOOST_TEST(!frame_in_app("/srv/app/node_modules/@sentry/node/build/cjs/index.js", false));
  BOOST_TEST(!frame_in_app("/home/me/vigil-sdk/dist/index.mjs", false));
  BOOST_TEST(frame_in_app("https://extension.example.com/a.js", false));
  BOOST_TEST(frame_in_app("https://x.test/sentry.js", false));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(names)

BOOST_AUTO_TEST_CASE(function_name_cleanup_rules) {
  BOOST_TEST(function_name_cleanup("") == "?");
  BOOST_TEST(function_name_cleanup("  ") == "?");
  BOOST_TEST(function_name_cleanup("<anonymous>") == "?");
  BOOST_TEST(function_name_cleanup("async run") == "run");
  BOOST_TEST(function_name_cleanup("async async run") == "run");
  BOOST_TEST(function_name_cleanup("async*run") == "run");
  BOOST_TEST(function_name_cleanup("promise callback*") == "?");
  BOOST_TEST(function_name_cleanup("asyncRun") == "asyncRun");
  BOOST_TEST(function_name_cleanup("new Foo") == "new Foo");
  BOOST_TEST(function_name_cleanup("Object.<anonymous>") == "Object.<anonymous>");
  BOOST_TEST(function_name_cleanup("foo/</<") == "foo/</<");
  BOOST_TEST(valid_utf8(function_name_cleanup("f\xff\xc3")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(malformed)

BOOST_AUTO_TEST_CASE(empty_and_non_frame_input) {
  BOOST_TEST(parse_stack("").empty());
  BOOST_TEST(parse_stack("\n\n\r\n").empty());
  BOOST_TEST(parse_stack("TypeError: x is not a function").empty());
  BOOST_TEST(parse_stack("Error: mail me at a@b.com\nsee you@later").empty());
  BOOST_TEST(parse_stack("    at least one item is required\n    at ((((((\n    at foo (\n@\nat ").empty());
  BOOST_TEST(parse_stack(std::string("\0\0at \0@\0", 8)).empty());
}

BOOST_AUTO_TEST_CASE(unbalanced_parentheses) {
  check_frames(parse_stack("    at foo (http://x.test/a(b.js:1:2)\n"
                           "    at bar (http://x.test/a)b.js:3:4)\n"
                           "    at baz (http://x.test/c.js:5:6\n"
                           "    at http://x.test/d.js:7:8)\n"),
               {{"?", "http://x.test/d.js", 7, 8, true},
                {"baz", "http://x.test/c.js", 5, 6, true},
                {"bar", "http://x.test/a)b.js", 3, 4, true},
                {"foo", "http://x.test/a(b.js", 1, 2, true}});
}

BOOST_AUTO_TEST_CASE(missing_and_odd_numbers) {
  auto frames = parse_stack("    at foo (http://x.test/a.js:10)\n"
                            "bar@http://x.test/b.js:20\n");
  // V8 lines win over Firefox lines when both appear.
  check_frames(frames, {{"foo", "http://x.test/a.js", 10, 0, true}});
  check_frames(parse_stack("bar@http://x.test/b.js:20\nbaz@http://x.test/b.js\n"),
               {{"baz", "http://x.test/b.js", 0, 0, true}, {"bar", "http://x.test/b.js", 20, 0, true}});
  // Numbers beyond int range are not numbers: never negative, never wrapped.
  frames = parse_stack("    at foo (http://x.test/a.js:99999999999:99999999999)\n"
                       "    at bar (http://x.test/a.js:-1:-2)\n");
  BOOST_REQUIRE_EQUAL(frames.size(), 2u);
  for (const auto& f : frames) {
    BOOST_TEST(f.lineno == 0);
    BOOST_TEST(f.colno == 0);
  }
  // An eval whose origin is unknown falls back to the position inside the eval'd code.
  check_frames(parse_stack("    at eval (eval at <anonymous> (unknown source), <anonymous>:1:9)"),
               {{"eval", "<anonymous>", 1, 9, false}});
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_repaired) {
  auto frames = parse_stack("    at f\xff\xfe (http://x.test/\xc3(.js:1:2)\n"
                            "g\x80@http://x.test/\xed\xa0\x80.js:3:4\n");
  BOOST_REQUIRE_EQUAL(frames.size(), 1u);
  BOOST_TEST(valid_utf8(frames[0].function));
  BOOST_TEST(valid_utf8(frames[0].filename));
  BOOST_TEST(frames[0].lineno == 1);
  frames = parse_stack("g\x80@http://x.test/\xed\xa0\x80.js:3:4\n");
  BOOST_REQUIRE_EQUAL(frames.size(), 1u);
  BOOST_TEST(valid_utf8(frames[0].function));
  BOOST_TEST(valid_utf8(frames[0].filename));
  BOOST_TEST(frames[0].colno == 4);
}

BOOST_AUTO_TEST_CASE(very_long_lines_are_skipped) {
  std::string stack = "    at inner (http://x.test/a.js:1:1)\n    at big (http://x.test/" +
                      std::string(1 << 20, 'a') + ".js:2:2)\n" + std::string(1 << 20, '(') +
                      "\n    at outer (http://x.test/a.js:3:3)";
  check_frames(parse_stack(stack), {{"outer", "http://x.test/a.js", 3, 3, true},
                                    {"inner", "http://x.test/a.js", 1, 1, true}});
  std::string line(1000, '(');  // just under the limit
  BOOST_TEST(parse_stack("    at " + line + "\n" + line + "@" + line).empty());
}

BOOST_AUTO_TEST_CASE(huge_stacks_are_linear_and_capped) {
  std::string v8;
  std::string gecko;
  std::string noise;
  for (int i = 0; i < 100000; ++i) {
    v8 += "    at f" + std::to_string(i) + " (http://x.test/a.js:" + std::to_string(i + 1) + ":1)\n";
    gecko += "f" + std::to_string(i) + "@http://x.test/a.js:" + std::to_string(i + 1) + ":1\n";
    noise += "    at eval (eval at (eval at (eval at (unbalanced (((( @ x\n";
  }
  auto start = std::chrono::steady_clock::now();
  auto frames = parse_stack(v8);
  BOOST_REQUIRE_EQUAL(frames.size(), 50u);
  BOOST_TEST(frames.front().function == "f49");  // innermost 50, oldest first
  BOOST_TEST(frames.back().function == "f0");
  BOOST_TEST(frames.back().lineno == 1);

  frames = parse_stack(gecko);
  BOOST_REQUIRE_EQUAL(frames.size(), 50u);
  BOOST_TEST(frames.front().function == "f49");
  BOOST_TEST(frames.back().function == "f0");

  BOOST_TEST(parse_stack(noise).empty());
  // A V8 frame after 100k Firefox-looking lines still decides the format.
  frames = parse_stack(gecko + "    at last (http://x.test/z.js:9:9)");
  BOOST_REQUIRE_EQUAL(frames.size(), 1u);
  BOOST_TEST(frames[0].function == "last");
  auto elapsed = std::chrono::steady_clock::now() - start;
  // Quadratic work on these inputs would take minutes; linear takes well under a second.
  BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 10);
}

BOOST_AUTO_TEST_SUITE_END()
