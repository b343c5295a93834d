// The Wasm module's whole interface to its host, as plain C exports: one call per operation,
// no binding library. js-bindings/core/core-abi.js builds the CoreClient class from the method
// table below, so adding a method here is the only change a new core call needs.
//
// Arguments travel in a fixed slot array the host fills before vigil_call: argument i takes
// slots 2i and 2i+1; a number is slot 2i, a string is (address, byte length) of its UTF-8 in the
// scratch buffer. A string answer is left in a static (address, length) pair for the host to
// read; numbers and booleans are the call's return value.
#include <emscripten.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/host_client.h"

namespace {

using vigil::HostClient;
using vigil::SpanHandle;

constexpr int kSlots = 16;
double g_args[kSlots];
std::string g_scratch;
std::string g_out;
std::uint32_t g_out_view[2];

struct Args {
  double num(int i) const { return g_args[2 * i]; }
  int integer(int i) const { return static_cast<int>(g_args[2 * i]); }
  SpanHandle span(int i) const { return static_cast<SpanHandle>(g_args[2 * i]); }
  bool flag(int i) const { return g_args[2 * i] != 0; }
  std::string_view str(int i) const {
    const auto* p = reinterpret_cast<const char*>(static_cast<std::uintptr_t>(g_args[2 * i]));
    const auto n = static_cast<std::size_t>(g_args[2 * i + 1]);
    return n ? std::string_view(p, n) : std::string_view();
  }
};

using Run = double (*)(HostClient&, const Args&, std::string&);

// "name:argument kinds:answer kind". Arguments: s string, n number. Answers: v nothing,
// b boolean, n number, s string, j JSON or "" for null, r request head \n body or "" for null,
// c a capture answer (see HostClient::capture).
struct Method {
  const char* spec;
  Run run;
};

const Method kMethods[] = {
    {"warnings::j", [](HostClient& c, const Args&, std::string& o) { c.warnings(o); return 0.0; }},
    {"canSend::b", [](HostClient& c, const Args&, std::string&) { return double(c.can_send()); }},
    {"lastEventId::s", [](HostClient& c, const Args&, std::string& o) { c.last_event_id(o); return 0.0; }},
    {"setUser:s:v", [](HostClient& c, const Args& a, std::string&) { c.set_user(a.str(0)); return 0.0; }},
    {"setTag:ss:v", [](HostClient& c, const Args& a, std::string&) { c.set_tag(a.str(0), a.str(1)); return 0.0; }},
    {"setTags:s:v", [](HostClient& c, const Args& a, std::string&) { c.set_tags(a.str(0)); return 0.0; }},
    {"setContext:ss:v", [](HostClient& c, const Args& a, std::string&) { c.set_context(a.str(0), a.str(1)); return 0.0; }},
    {"setExtra:ss:v", [](HostClient& c, const Args& a, std::string&) { c.set_extra(a.str(0), a.str(1)); return 0.0; }},
    {"setExtras:s:v", [](HostClient& c, const Args& a, std::string&) { c.set_extras(a.str(0)); return 0.0; }},
    {"setLevel:s:v", [](HostClient& c, const Args& a, std::string&) { c.set_level(a.str(0)); return 0.0; }},
    {"addBreadcrumb:s:v", [](HostClient& c, const Args& a, std::string&) { c.add_breadcrumb(a.str(0)); return 0.0; }},
    {"setFingerprint:s:v", [](HostClient& c, const Args& a, std::string&) { c.set_fingerprint(a.str(0)); return 0.0; }},
    {"clearBreadcrumbs::v", [](HostClient& c, const Args&, std::string&) { c.clear_breadcrumbs(); return 0.0; }},
    {"pushScope::v", [](HostClient& c, const Args&, std::string&) { c.push_scope(); return 0.0; }},
    {"popScope::b", [](HostClient& c, const Args&, std::string&) { return double(c.pop_scope()); }},
    {"forkScope::n", [](HostClient& c, const Args&, std::string&) { return double(c.fork_scope()); }},
    {"useScope:n:v", [](HostClient& c, const Args& a, std::string&) { c.use_scope(a.integer(0)); return 0.0; }},
    {"dropScope:n:v", [](HostClient& c, const Args& a, std::string&) { c.drop_scope(a.integer(0)); return 0.0; }},
    {"capture:snnn:c", [](HostClient& c, const Args& a, std::string& o) {
       c.capture(a.str(0), a.num(1), a.flag(2), a.span(3), o);
       return 0.0;
     }},
    {"sendEvent:snn:r", [](HostClient& c, const Args& a, std::string& o) {
       c.send_event(a.str(0), a.num(1), a.span(2), o);
       return 0.0;
     }},
    {"startTransaction:sssnssn:n", [](HostClient& c, const Args& a, std::string&) {
       return double(c.start_transaction(a.str(0), a.str(1), a.str(2), a.num(3), a.str(4), a.str(5), a.num(6)));
     }},
    {"samplingContext:sssss:s", [](HostClient& c, const Args& a, std::string& o) {
       c.sampling_context(a.str(0), a.str(1), a.str(2), a.str(3), a.str(4), o);
       return 0.0;
     }},
    {"startChild:nssn:n", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().start_child(a.span(0), a.str(1), a.str(2), a.num(3)));
     }},
    {"setSpanStatus:ns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_status(a.span(0), a.str(1)));
     }},
    {"setSpanHttpStatus:nn:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_http_status(a.span(0), a.integer(1)));
     }},
    {"setSpanData:nss:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.set_span_data(a.span(0), a.str(1), a.str(2)));
     }},
    {"setSpanName:nss:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_name(a.span(0), a.str(1), a.str(2)));
     }},
    {"setSpanOrigin:ns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_origin(a.span(0), a.str(1)));
     }},
    {"setSpanDescription:ns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_description(a.span(0), a.str(1)));
     }},
    {"setMeasurement:nsns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_measurement(a.span(0), a.str(1), a.num(2), a.str(3)));
     }},
    {"endSpan:nn:r", [](HostClient& c, const Args& a, std::string& o) { c.end_span(a.span(0), a.num(1), o); return 0.0; }},
    {"traceHeaders:ns:j", [](HostClient& c, const Args& a, std::string& o) {
       c.trace_headers(a.span(0), a.str(1), o);
       return 0.0;
     }},
    {"spanInfo:n:j", [](HostClient& c, const Args& a, std::string& o) { c.span_info(a.span(0), o); return 0.0; }},
    {"startSession:sn:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().start_session(std::string(a.str(0)), a.num(1)));
     }},
    {"endSession:n:v", [](HostClient& c, const Args& a, std::string&) { c.client().end_session(a.num(0)); return 0.0; }},
    {"takeSessionUpdate:n:r", [](HostClient& c, const Args& a, std::string& o) {
       c.take_session_update(a.num(0), o);
       return 0.0;
     }},
    {"recordDiscard:ssn:v", [](HostClient& c, const Args& a, std::string&) {
       c.client().record_discard(a.str(0), vigil::data_category_from_string(a.str(1)),
                                 static_cast<std::uint64_t>(a.num(2)));
       return 0.0;
     }},
    {"onResponse:nnssn:v", [](HostClient& c, const Args& a, std::string&) {
       c.client().transport().on_response(static_cast<std::uint64_t>(a.num(0)), a.integer(1), a.str(2),
                                          a.str(3), a.num(4));
       return 0.0;
     }},
    {"onNetworkError:nn:j", [](HostClient& c, const Args& a, std::string& o) {
       c.on_network_error(static_cast<std::uint64_t>(a.num(0)), a.num(1), o);
       return 0.0;
     }},
    {"takeClientReport:n:r", [](HostClient& c, const Args& a, std::string& o) {
       c.take_client_report(a.num(0), o);
       return 0.0;
     }},
    {"isRateLimited:sn:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().transport().rate_limits().is_limited(
           vigil::data_category_from_string(a.str(0)), a.num(1)));
     }},
};

constexpr int kMethodCount = sizeof(kMethods) / sizeof(kMethods[0]);

void publish_out() {
  g_out_view[0] = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(g_out.data()));
  g_out_view[1] = static_cast<std::uint32_t>(g_out.size());
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE double* vigil_args() { return g_args; }

// Room for `size` bytes of string arguments; the address moves only when it grows.
EMSCRIPTEN_KEEPALIVE char* vigil_scratch(std::uint32_t size) {
  if (g_scratch.size() < size) g_scratch.resize(size);
  return g_scratch.data();
}

// Where the last string answer is: {address, byte length}.
EMSCRIPTEN_KEEPALIVE std::uint32_t* vigil_out() { return g_out_view; }

// The method table as "spec,spec,...", in method-id order.
EMSCRIPTEN_KEEPALIVE std::uint32_t* vigil_methods() {
  g_out.clear();
  for (int i = 0; i < kMethodCount; ++i) {
    if (i) g_out += ',';
    g_out += kMethods[i].spec;
  }
  publish_out();
  return g_out_view;
}

// Arguments: options JSON, seed high and low 32 bits.
EMSCRIPTEN_KEEPALIVE HostClient* vigil_client_new() {
  const Args a;
  const auto seed = (static_cast<std::uint64_t>(a.num(1)) << 32) ^ static_cast<std::uint64_t>(a.num(2));
  return new HostClient(a.str(0), seed);
}

EMSCRIPTEN_KEEPALIVE void vigil_client_free(HostClient* client) { delete client; }

EMSCRIPTEN_KEEPALIVE double vigil_call(HostClient* client, int method) {
  if (!client || method < 0 || method >= kMethodCount) return NAN;
  const double result = kMethods[method].run(*client, Args{}, g_out);
  publish_out();
  return result;
}

}  // extern "C"
