// Wasm build only. Embind's __getTypeName formats a type id with sprintf("%p"), the only printf
// call left in the module (the core formats numbers itself, see core/number.h), and that one
// call links musl's whole printf engine: about 4 KB of code. These definitions take the place
// of musl's sprintf object (sprintf, and the integer-only names Emscripten rewrites calls to),
// so it is never linked. They handle %p exactly as musl does and copy anything else as is.
#include <cstdarg>
#include <cstdint>

namespace {

int format_pointers(char* out, const char* format, va_list args) {
  char* o = out;
  for (const char* f = format; *f; ++f) {
    if (f[0] != '%' || f[1] != 'p') {
      *o++ = *f;
      continue;
    }
    ++f;
    auto v = reinterpret_cast<std::uintptr_t>(va_arg(args, void*));
    if (v) {  // musl writes a null pointer as "0", anything else as 0x and lowercase hex
      *o++ = '0';
      *o++ = 'x';
    }
    int shift = 0;
    while (shift + 4 < static_cast<int>(sizeof v * 8) && (v >> (shift + 4))) shift += 4;
    for (; shift >= 0; shift -= 4) *o++ = "0123456789abcdef"[(v >> shift) & 15];
  }
  *o = '\0';
  return static_cast<int>(o - out);
}

}  // namespace

extern "C" {

int sprintf(char* out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = format_pointers(out, format, args);
  va_end(args);
  return n;
}

int siprintf(char* out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = format_pointers(out, format, args);
  va_end(args);
  return n;
}

int __small_sprintf(char* out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = format_pointers(out, format, args);
  va_end(args);
  return n;
}

}  // extern "C"
