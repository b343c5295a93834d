#define BOOST_TEST_MODULE client_options
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "core/client_options.h"

using namespace vigil;

namespace {

ClientOptionsResult via_parser(const std::string& json) {
  ParseResult parsed = parse_json(json);
  return parse_client_options(parsed.ok ? parsed.value : Value());
}

// Every field client_options_from_json can set, compared with what the JSON parser's path reads.
void check_same(const std::string& json) {
  BOOST_TEST_CONTEXT(json) {
    const ClientOptionsResult a = client_options_from_json(json);
    const ClientOptionsResult b = via_parser(json);
    const ClientOptions& x = a.options;
    const ClientOptions& y = b.options;
    BOOST_TEST(a.warnings == b.warnings, boost::test_tools::per_element());
    BOOST_TEST(x.dsn_text == y.dsn_text);
    BOOST_TEST(x.dsn_ok == y.dsn_ok);
    BOOST_TEST(x.dsn.public_key == y.dsn.public_key);
    BOOST_TEST(x.release == y.release);
    BOOST_TEST(x.environment == y.environment);
    BOOST_TEST(x.dist == y.dist);
    BOOST_TEST(x.server_name == y.server_name);
    BOOST_TEST(x.sample_rate == y.sample_rate);
    BOOST_TEST(x.traces_sample_rate.has_value() == y.traces_sample_rate.has_value());
    if (x.traces_sample_rate && y.traces_sample_rate) BOOST_TEST(*x.traces_sample_rate == *y.traces_sample_rate);
    BOOST_TEST(x.max_breadcrumbs == y.max_breadcrumbs);
    BOOST_TEST(x.normalize.depth == y.normalize.depth);
    BOOST_TEST(x.normalize.max_breadth == y.normalize.max_breadth);
    BOOST_TEST(x.max_value_length == y.max_value_length);
    BOOST_TEST(x.send_default_pii == y.send_default_pii);
    BOOST_TEST(x.attach_stacktrace == y.attach_stacktrace);
    BOOST_TEST(x.dedupe == y.dedupe);
    BOOST_TEST(x.ignore_errors == y.ignore_errors, boost::test_tools::per_element());
    BOOST_TEST(x.deny_urls == y.deny_urls, boost::test_tools::per_element());
    BOOST_TEST(x.allow_urls == y.allow_urls, boost::test_tools::per_element());
    BOOST_TEST(x.stack.in_app_include == y.stack.in_app_include, boost::test_tools::per_element());
    BOOST_TEST(x.transport.tunnel == y.transport.tunnel);
    BOOST_TEST(x.transport.send_client_reports == y.transport.send_client_reports);
    BOOST_TEST(x.integrations == y.integrations, boost::test_tools::per_element());
    BOOST_TEST(x.packages == y.packages, boost::test_tools::per_element());
  }
}

}  // namespace

// What the bindings send (JSON.stringify of the options): read without the JSON parser, to the
// same result.
BOOST_AUTO_TEST_CASE(stringified_options_read_as_the_parser_reads_them) {
  check_same(R"({"dsn":"http://key@127.0.0.1:9/1","release":"bench@1","environment":"production",)"
             R"("sampleRate":1,"maxBreadcrumbs":100,"normalizeDepth":3,"normalizeMaxBreadth":1000,)"
             R"("sendDefaultPii":false,"sendClientReports":true,"integrationNames":[],"dedupe":false,)"
             R"("packages":["npm:vigil-sdk"]})");
  check_same(R"({"dsn":"https://k@o1.ingest.sentry.io/42","tracesSampleRate":0.2,"sampleRate":0.75,)"
             R"("ignoreErrors":["ResizeObserver","Script error"],"denyUrls":["chrome-extension://"],)"
             R"("allowUrls":["https://app.example.com"],"inAppInclude":["app"],"tunnel":"/tunnel",)"
             R"("maxValueLength":250,"attachStacktrace":true,"sendDefaultPii":true,"dist":"7",)"
             R"("integrationNames":["Dedupe","HttpContext"],"release":"caf\u00e9"})");
  check_same("{}");
  check_same(R"({"release":"rélease ✓","maxBreadcrumbs":500,"sampleRate":2,"tracesSampleRate":-1})");
  check_same(R"({"dsn":"not a dsn","release":7,"environment":null,"packages":"npm:x"})");
  check_same(R"({"normalizeDepth":-3,"maxBreadcrumbs":12.5,"sampleRate":0.1})");
}

// Escapes, exponents, long decimals, nesting and whitespace go to the JSON parser; invalid JSON
// gives the defaults either way.
BOOST_AUTO_TEST_CASE(anything_else_is_parsed_as_json) {
  check_same(R"({"release":"a\"b\\c\nd"})");
  check_same(R"({"sampleRate":1e-1,"tracesSampleRate":0.30000000000000004})");
  check_same(R"({"release":"r","extra":{"nested":[1,2]},"environment":"qa"})");
  check_same(R"( { "release" : "spaced" } )");
  check_same(R"({"maxBreadcrumbs":1.})");
  check_same("{not json");
  check_same("");
  check_same(R"({"release":"r",})");
  BOOST_TEST(client_options_from_json(R"({"release":"a\"b"})").options.release == "a\"b");
  BOOST_TEST(client_options_from_json("{not json").options.environment == "production");
}

BOOST_AUTO_TEST_CASE(plain_decimals_are_read_exactly) {
  BOOST_TEST(client_options_from_json(R"({"sampleRate":0.2})").options.sample_rate == 0.2);
  BOOST_TEST(client_options_from_json(R"({"sampleRate":0.123456789012345})").options.sample_rate == 0.123456789012345);
  BOOST_TEST(*client_options_from_json(R"({"tracesSampleRate":0.07})").options.traces_sample_rate == 0.07);
  BOOST_TEST(client_options_from_json(R"({"maxValueLength":8192})").options.max_value_length == 8192u);
}
