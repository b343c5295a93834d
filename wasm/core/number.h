#pragma once
// Exact conversions between numbers and decimal text, done by hand: the C library's strtod and
// printf bring long-double soft-float and the whole printf engine into the Wasm core, about a
// seventh of its size, for the few numbers JSON needs. Results match glibc's and musl's exactly
// (correct rounding, ties to even) and never depend on the locale.
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil {

// Parses [-]digits[.digits][(e|E)[+|-]digits] (leading zeros allowed, as strtod allows them) to
// the nearest double, ties to even, with any number of digits. Too large gives ±infinity, too
// small ±0, as strtod does. Returns false, leaving out alone, when text is anything else.
bool parse_double(std::string_view text, double& out);

// Parses [-]digits to an int64; false when text is anything else or out of range.
bool parse_int64(std::string_view text, std::int64_t& out);

// Appends a finite d as printf's "%.<precision>g" does (precision 1..17); non-finite values
// append "null". -0 gives "-0".
void append_double_g(double d, int precision, std::string& out);

// Appends the first of "%.<min_precision>g" ... "%.17g" that parses back to exactly d: never
// lossy, and from 15 on the shortest text for every double that has a 15-digit form.
void append_double_round_trip(double d, std::string& out, int min_precision = 15);

void append_int(std::int64_t v, std::string& out);
std::string format_int(std::int64_t v);

}  // namespace vigil
