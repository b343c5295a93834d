#define BOOST_TEST_MODULE span
#include <boost/test/unit_test.hpp>

#include "core/span.h"

using namespace vigil;

BOOST_AUTO_TEST_CASE(known_statuses) {
  for (const char* s : {"ok", "cancelled", "unknown", "unknown_error", "invalid_argument",
                        "deadline_exceeded", "not_found", "already_exists", "permission_denied",
                        "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
                        "unimplemented", "internal_error", "unavailable", "data_loss",
                        "unauthenticated"}) {
    BOOST_TEST(is_span_status(s), s);
  }
  for (const char* s : {"", "OK", "error", "ok ", "timeout"}) BOOST_TEST(!is_span_status(s), s);
}

BOOST_AUTO_TEST_CASE(http_status_mapping) {
  BOOST_TEST(span_status_from_http(200) == "ok");
  BOOST_TEST(span_status_from_http(101) == "ok");
  BOOST_TEST(span_status_from_http(304) == "ok");
  BOOST_TEST(span_status_from_http(400) == "invalid_argument");
  BOOST_TEST(span_status_from_http(401) == "unauthenticated");
  BOOST_TEST(span_status_from_http(403) == "permission_denied");
  BOOST_TEST(span_status_from_http(404) == "not_found");
  BOOST_TEST(span_status_from_http(409) == "already_exists");
  BOOST_TEST(span_status_from_http(413) == "failed_precondition");
  BOOST_TEST(span_status_from_http(418) == "invalid_argument");
  BOOST_TEST(span_status_from_http(429) == "resource_exhausted");
  BOOST_TEST(span_status_from_http(499) == "cancelled");
  BOOST_TEST(span_status_from_http(500) == "internal_error");
  BOOST_TEST(span_status_from_http(501) == "unimplemented");
  BOOST_TEST(span_status_from_http(502) == "internal_error");
  BOOST_TEST(span_status_from_http(503) == "unavailable");
  BOOST_TEST(span_status_from_http(504) == "deadline_exceeded");
  BOOST_TEST(span_status_from_http(0) == "unknown_error");
  BOOST_TEST(span_status_from_http(-1) == "unknown_error");
  BOOST_TEST(span_status_from_http(600) == "unknown_error");
  for (int code = -5; code < 700; ++code) BOOST_TEST(is_span_status(span_status_from_http(code)));
}

BOOST_AUTO_TEST_CASE(span_json) {
  Span s;
  s.trace_id = "771a43a4192642f0b136d5159a501700";
  s.span_id = "b0e6f15b45c36b12";
  s.parent_span_id = "a0e6f15b45c36b12";
  s.op = "http.client";
  s.description = "GET /api";
  s.status = "not_found";
  s.start_timestamp = 100.5;
  s.timestamp = 101.25;
  s.data["http.response.status_code"] = 404;
  s.origin = "auto.http.browser";
  Value v = s.to_value();
  BOOST_TEST(to_json(v) ==
             R"({"trace_id":"771a43a4192642f0b136d5159a501700","span_id":"b0e6f15b45c36b12",)"
             R"("parent_span_id":"a0e6f15b45c36b12","op":"http.client","description":"GET /api",)"
             R"("status":"not_found","start_timestamp":100.5,"timestamp":101.25,)"
             R"("data":{"http.response.status_code":404},"origin":"auto.http.browser"})");

  Value tc = s.to_trace_context();
  BOOST_TEST(!tc.find("description"));
  BOOST_TEST(!tc.find("timestamp"));
  BOOST_TEST(!tc.find("start_timestamp"));
  BOOST_TEST(tc.get("op").as_string() == "http.client");
  BOOST_TEST(tc.get("data").get("http.response.status_code").as_int() == 404);
}

BOOST_AUTO_TEST_CASE(span_json_leaves_out_empty_fields) {
  Span s;
  s.trace_id = "771a43a4192642f0b136d5159a501700";
  s.span_id = "b0e6f15b45c36b12";
  s.start_timestamp = 5;
  Value v = s.to_value();
  BOOST_TEST(!s.finished());
  BOOST_TEST(!v.find("timestamp"));
  BOOST_TEST(!v.find("parent_span_id"));
  BOOST_TEST(!v.find("status"));
  BOOST_TEST(!v.find("data"));
  BOOST_TEST(!v.find("description"));
  BOOST_TEST(v.get("origin").as_string() == "manual");
  s.data = Value::object();  // an empty object is no data either
  BOOST_TEST(!s.to_value().find("data"));
}
