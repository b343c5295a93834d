#pragma once
// What the module's C interfaces share (abi.cpp for the core client, replay_abi.cpp for the
// replay encoder): the argument slots, the answer buffer, and method tables.
//
// Arguments travel in a fixed slot array the host fills before a call: argument i takes slots
// 2i and 2i+1; a number is slot 2i, a string or a byte array is (address, byte length) of its
// bytes in the scratch buffer. A string answer is left in a static (address, length) pair for
// the host to read; numbers and booleans are the call's return value.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::abi {

inline constexpr int kSlots = 16;
extern double g_args[kSlots];
extern std::string g_out;

struct Args {
  double num(int i) const { return g_args[2 * i]; }
  int integer(int i) const { return static_cast<int>(g_args[2 * i]); }
  bool flag(int i) const { return g_args[2 * i] != 0; }
  std::string_view str(int i) const {
    const auto n = static_cast<std::size_t>(g_args[2 * i + 1]);
    return n ? std::string_view(data(i), n) : std::string_view();
  }
  const char* data(int i) const {
    return reinterpret_cast<const char*>(static_cast<std::uintptr_t>(g_args[2 * i]));
  }
  std::size_t size(int i) const { return static_cast<std::size_t>(g_args[2 * i + 1]); }
};

// "name:argument kinds:answer kind". Arguments: s string, n number, u bytes. Answers: v nothing,
// b boolean, n number, s string, j JSON or "" for null, r request head \n body or "" for null,
// c a capture answer (see HostClient::capture), h a JSON head \n a text payload.
template <class T>
struct Method {
  const char* spec;
  double (*run)(T&, const Args&, std::string&);
};

// Points the host's answer pair at g_out.
void publish_out();

// Writes "spec,spec,..." to the answer, in method-id order.
template <class T, std::size_t N>
void list_methods(const Method<T> (&methods)[N]) {
  g_out.clear();
  for (std::size_t i = 0; i < N; ++i) {
    if (i) g_out += ',';
    g_out += methods[i].spec;
  }
  publish_out();
}

template <class T, std::size_t N>
double call(const Method<T> (&methods)[N], T* object, int method) {
  if (!object || method < 0 || static_cast<std::size_t>(method) >= N) return NAN;
  // The host has read the last answer by now: a big one (a whole events array) gives its
  // memory back instead of staying the answer buffer's size for good.
  if (g_out.capacity() > (std::size_t{1} << 20)) std::string().swap(g_out);
  const double result = methods[method].run(*object, Args{}, g_out);
  publish_out();
  return result;
}

}  // namespace vigil::abi
