// The core client's C interface: one call per operation, no binding library.
// js-bindings/core/core-abi.js builds the CoreClient class from the method table below, so
// adding a method here is the only change a new core call needs. See abi.h for how arguments
// and answers travel.
#include <emscripten.h>

#include <cstdint>
#include <string>

#include "abi.h"
#include "core/host_client.h"

namespace vigil::abi {
double g_args[kSlots];
std::string g_out;
}  // namespace vigil::abi

namespace {

using vigil::HostClient;
using vigil::abi::Args;
using Method = vigil::abi::Method<HostClient>;

std::string g_scratch;
std::uint32_t g_out_view[2];

vigil::SpanHandle span_arg(const Args& a, int i) { return static_cast<vigil::SpanHandle>(a.num(i)); }

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
       c.capture(a.str(0), a.num(1), a.flag(2), span_arg(a, 3), o);
       return 0.0;
     }},
    {"sendEvent:snn:r", [](HostClient& c, const Args& a, std::string& o) {
       c.send_event(a.str(0), a.num(1), span_arg(a, 2), o);
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
       return double(c.client().tracer().start_child(span_arg(a, 0), a.str(1), a.str(2), a.num(3)));
     }},
    {"setSpanStatus:ns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_status(span_arg(a, 0), a.str(1)));
     }},
    {"setSpanHttpStatus:nn:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_http_status(span_arg(a, 0), a.integer(1)));
     }},
    {"setSpanData:nss:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.set_span_data(span_arg(a, 0), a.str(1), a.str(2)));
     }},
    {"setSpanName:nss:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_name(span_arg(a, 0), a.str(1), a.str(2)));
     }},
    {"setSpanOrigin:ns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_origin(span_arg(a, 0), a.str(1)));
     }},
    {"setSpanDescription:ns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_description(span_arg(a, 0), a.str(1)));
     }},
    {"setMeasurement:nsns:b", [](HostClient& c, const Args& a, std::string&) {
       return double(c.client().tracer().set_measurement(span_arg(a, 0), a.str(1), a.num(2), a.str(3)));
     }},
    {"endSpan:nn:r", [](HostClient& c, const Args& a, std::string& o) { c.end_span(span_arg(a, 0), a.num(1), o); return 0.0; }},
    {"traceHeaders:ns:j", [](HostClient& c, const Args& a, std::string& o) {
       c.trace_headers(span_arg(a, 0), a.str(1), o);
       return 0.0;
     }},
    {"spanInfo:n:j", [](HostClient& c, const Args& a, std::string& o) { c.span_info(span_arg(a, 0), o); return 0.0; }},
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

}  // namespace

void vigil::abi::publish_out() {
  g_out_view[0] = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(vigil::abi::g_out.data()));
  g_out_view[1] = static_cast<std::uint32_t>(vigil::abi::g_out.size());
}

extern "C" {

EMSCRIPTEN_KEEPALIVE double* vigil_args() { return vigil::abi::g_args; }

// Room for `size` bytes of string arguments; the address moves only when it grows.
EMSCRIPTEN_KEEPALIVE char* vigil_scratch(std::uint32_t size) {
  if (g_scratch.size() < size) g_scratch.resize(size);
  return g_scratch.data();
}

// Where the last string answer is: {address, byte length}.
EMSCRIPTEN_KEEPALIVE std::uint32_t* vigil_out() { return g_out_view; }

// The client's method table as "spec,spec,...", in method-id order.
EMSCRIPTEN_KEEPALIVE void vigil_client_methods() { vigil::abi::list_methods(kMethods); }

// Arguments: options JSON, seed high and low 32 bits.
EMSCRIPTEN_KEEPALIVE HostClient* vigil_client_new() {
  const Args a;
  const auto seed = (static_cast<std::uint64_t>(a.num(1)) << 32) ^ static_cast<std::uint64_t>(a.num(2));
  return new HostClient(a.str(0), seed);
}

EMSCRIPTEN_KEEPALIVE void vigil_client_free(HostClient* client) { delete client; }

EMSCRIPTEN_KEEPALIVE double vigil_client_call(HostClient* client, int method) {
  return vigil::abi::call(kMethods, client, method);
}

}  // extern "C"
