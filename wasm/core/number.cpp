#include "core/number.h"

#include <cmath>

#include <cstring>
#include <limits>

namespace vigil {
namespace {

// Exact arithmetic on unsigned integers of up to 4096 bits, which is enough for every step
// below: the largest is 10^1126 (a 801-digit input scaled to the edge of the subnormals).
constexpr int kLimbs = 128;

struct Big {
  int n = 0;  // limbs in use; the top one is never zero
  std::uint32_t d[kLimbs];
};

void set(Big& b, std::uint64_t v) {
  b.n = 0;
  for (; v; v >>= 32) b.d[b.n++] = static_cast<std::uint32_t>(v);
}

void trim(Big& b) {
  while (b.n > 0 && b.d[b.n - 1] == 0) --b.n;
}

// b = b * m + add
void mul_add(Big& b, std::uint32_t m, std::uint32_t add) {
  std::uint64_t carry = add;
  for (int i = 0; i < b.n; ++i) {
    carry += static_cast<std::uint64_t>(b.d[i]) * m;
    b.d[i] = static_cast<std::uint32_t>(carry);
    carry >>= 32;
  }
  if (carry && b.n < kLimbs) b.d[b.n++] = static_cast<std::uint32_t>(carry);
}

void mul_pow10(Big& b, long long e) {
  for (; e >= 9; e -= 9) mul_add(b, 1000000000, 0);
  for (; e > 0; --e) mul_add(b, 10, 0);
}

void shl(Big& b, long long bits) {
  if (b.n == 0 || bits <= 0) return;
  int limbs = static_cast<int>(bits / 32);
  int s = static_cast<int>(bits % 32);
  int n = b.n + limbs + 1;
  if (n > kLimbs) n = kLimbs;  // never reached: the callers stay within kLimbs
  for (int i = n - 1; i >= limbs; --i) {
    int src = i - limbs;
    std::uint32_t hi = src < b.n ? b.d[src] : 0;
    std::uint32_t lo = src > 0 ? b.d[src - 1] : 0;
    b.d[i] = s ? (hi << s) | (lo >> (32 - s)) : hi;
  }
  for (int i = 0; i < limbs && i < n; ++i) b.d[i] = 0;
  b.n = n;
  trim(b);
}

int cmp(const Big& a, const Big& b) {
  if (a.n != b.n) return a.n < b.n ? -1 : 1;
  for (int i = a.n - 1; i >= 0; --i)
    if (a.d[i] != b.d[i]) return a.d[i] < b.d[i] ? -1 : 1;
  return 0;
}

// a -= b, for a >= b.
void sub(Big& a, const Big& b) {
  std::uint64_t borrow = 0;
  for (int i = 0; i < a.n; ++i) {
    std::uint64_t x = static_cast<std::uint64_t>(a.d[i]) - (i < b.n ? b.d[i] : 0) - borrow;
    a.d[i] = static_cast<std::uint32_t>(x);
    borrow = x >> 63;
  }
  trim(a);
}

long long bit_length(const Big& b) {
  if (b.n == 0) return 0;
  long long bits = 32LL * (b.n - 1);
  for (std::uint32_t top = b.d[b.n - 1]; top; top >>= 1) ++bits;
  return bits;
}

double from_bits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// The double nearest to D * 10^exp10, ties to even, where D is the decimal integer spelled by
// digits[0..nd) (ASCII, no leading zero).
double decimal_to_double(const char* digits, std::size_t nd, long long exp10) {
  if (nd == 0) return 0;
  long long top = exp10 + static_cast<long long>(nd);  // 10^(top-1) <= value < 10^top
  if (top > 309) return std::numeric_limits<double>::infinity();
  if (top < -323) return 0;  // below half the smallest subnormal

  // Most numbers have a mantissa and a power of ten that are both exact doubles, so one
  // correctly rounded multiplication or division is the correctly rounded result.
  if (nd <= 19 && exp10 >= -22 && exp10 <= 22) {
    std::uint64_t m = 0;
    for (std::size_t i = 0; i < nd; ++i) m = m * 10 + static_cast<unsigned>(digits[i] - '0');
    if (m <= (1ULL << 53)) {
      double p = 1;
      for (long long e = exp10 < 0 ? -exp10 : exp10; e > 0; --e) p *= 10;  // exact up to 1e22
      return exp10 < 0 ? static_cast<double>(m) / p : static_cast<double>(m) * p;
    }
  }

  // Otherwise long division of num/den into binary: exact, so rounding is exact too.
  Big num, den;
  set(num, 0);
  for (std::size_t i = 0; i < nd;) {
    std::uint32_t chunk = 0, scale = 1;
    for (int k = 0; k < 9 && i < nd; ++k, ++i) {
      chunk = chunk * 10 + static_cast<std::uint32_t>(digits[i] - '0');
      scale *= 10;
    }
    if (num.n == 0) set(num, chunk);
    else mul_add(num, scale, chunk);
  }
  set(den, 1);
  if (exp10 >= 0) mul_pow10(num, exp10);
  else mul_pow10(den, -exp10);

  // Scale so that den <= num < 2 den; the value is then in [2^t, 2^(t+1)).
  long long t = bit_length(num) - bit_length(den);
  if (t >= 0) shl(den, t);
  else shl(num, -t);
  if (cmp(num, den) < 0) {
    shl(num, 1);
    --t;
  }
  if (t > 1023) return std::numeric_limits<double>::infinity();
  // Significant bits available: 53 for normal numbers, fewer down in the subnormals.
  long long bits = t >= -1022 ? 53 : t + 1075;
  if (bits < 0) return 0;
  std::uint64_t q = 0;
  if (bits > 0) {
    q = 1;
    sub(num, den);
    for (long long i = 1; i < bits; ++i) {
      shl(num, 1);
      q <<= 1;
      if (cmp(num, den) >= 0) {
        sub(num, den);
        q |= 1;
      }
    }
    shl(num, 1);  // compare the remainder with half of den
  }
  int c = cmp(num, den);
  if (c > 0 || (c == 0 && (q & 1))) ++q;
  // q carries the implicit bit, so a carry out of the mantissa bumps the exponent, up to the
  // bits of infinity.
  return from_bits(t >= -1022 ? (static_cast<std::uint64_t>(t + 1022) << 52) + q : q);
}

// The first `count` (1..17) significant decimal digits of a positive finite d, correctly
// rounded with ties to even, into digits; returns the power of ten of the first digit.
int decimal_digits(double d, int count, char* digits) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  int biased = static_cast<int>(bits >> 52) & 0x7FF;
  std::uint64_t m = bits & ((1ULL << 52) - 1);
  if (biased) m |= 1ULL << 52;
  else biased = 1;
  int e = biased - 1075;  // d = m * 2^e
  Big num, den;
  set(num, m);
  set(den, 1);
  if (e > 0) shl(num, e);
  else shl(den, -e);
  int k = 0;
  while (cmp(num, den) >= 0) {
    mul_add(den, 10, 0);
    ++k;
  }
  do {
    mul_add(num, 10, 0);
    --k;
  } while (cmp(num, den) < 0);
  // Now den <= num < 10 den and d = num/den * 10^k.
  for (int i = 0; i < count; ++i) {
    if (i) mul_add(num, 10, 0);
    char digit = '0';
    while (cmp(num, den) >= 0) {
      sub(num, den);
      ++digit;
    }
    digits[i] = digit;
  }
  shl(num, 1);
  int c = cmp(num, den);
  if (c > 0 || (c == 0 && ((digits[count - 1] - '0') & 1))) {
    int i = count - 1;
    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
    if (i < 0) {
      digits[0] = '1';
      ++k;
    } else {
      ++digits[i];
    }
  }
  return k;
}

// printf's %g layout for `count` digits whose first has power of ten k: fixed notation for
// -4 <= k < count, otherwise d.ddde±XX; trailing zeros and a bare point dropped.
void append_g(const char* digits, int count, int k, std::string& out) {
  int n = count;
  while (n > 1 && digits[n - 1] == '0') --n;
  if (k >= -4 && k < count) {
    if (k < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-k - 1), '0');
      out.append(digits, static_cast<std::size_t>(n));
    } else {
      out.append(digits, static_cast<std::size_t>(k + 1));
      if (n > k + 1) {
        out += '.';
        out.append(digits + k + 1, static_cast<std::size_t>(n - k - 1));
      }
    }
    return;
  }
  out += digits[0];
  if (n > 1) {
    out += '.';
    out.append(digits + 1, static_cast<std::size_t>(n - 1));
  }
  out += 'e';
  out += k < 0 ? '-' : '+';
  int a = k < 0 ? -k : k;
  if (a < 10) out += '0';
  append_int(a, out);
}

// Handles what every formatter shares: non-finite values, the sign and zero. Returns false
// when nothing is left to write.
bool prepare(double& d, std::string& out) {
  if (!(d - d == 0)) {  // NaN or infinity
    out += "null";
    return false;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  if (bits >> 63) {
    out += '-';
    d = -d;
  }
  if (d == 0) {
    out += '0';
    return false;
  }
  return true;
}

}  // namespace

bool parse_double(std::string_view s, double& out) {
  // Keeping 800 significant digits plus a nonzero "sticky" digit for anything cut is exact:
  // the midpoints between doubles, where rounding could go either way, have at most 767.
  constexpr std::size_t kMaxDigits = 800;
  char digits[kMaxDigits + 1];
  std::size_t nd = 0, i = 0, n = s.size();
  long long exp10 = 0;
  bool negative = i < n && s[i] == '-';
  if (negative) ++i;
  bool any = false, fraction = false, sticky = false;
  for (; i < n; ++i) {
    char c = s[i];
    if (c == '.' && !fraction) {
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any = true;
    if (nd == 0 && c == '0') {
      if (fraction) --exp10;
    } else if (nd < kMaxDigits) {
      digits[nd++] = c;
      if (fraction) --exp10;
    } else {
      sticky |= c != '0';
      if (!fraction) ++exp10;
    }
  }
  if (!any) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool minus = i < n && s[i] == '-';
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == n || s[i] < '0' || s[i] > '9') return false;
    long long e = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i)
      if (e < 100000000) e = e * 10 + (s[i] - '0');  // far past any double either way
    exp10 += minus ? -e : e;
  }
  if (i != n) return false;
  if (sticky) {
    digits[nd++] = '1';
    --exp10;
  } else {
    while (nd > 0 && digits[nd - 1] == '0') {
      --nd;
      ++exp10;
    }
  }
  double d = decimal_to_double(digits, nd, exp10);
  out = negative ? -d : d;
  return true;
}

bool parse_int64(std::string_view s, std::int64_t& out) {
  std::size_t i = 0;
  bool negative = !s.empty() && s[0] == '-';
  if (negative) i = 1;
  if (i == s.size()) return false;
  const std::uint64_t limit = negative ? (1ULL << 63) : (1ULL << 63) - 1;
  std::uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    unsigned digit = static_cast<unsigned>(s[i] - '0');
    if (v > (limit - digit) / 10) return false;
    v = v * 10 + digit;
  }
  out = negative ? (v == 0 ? 0 : -static_cast<std::int64_t>(v - 1) - 1) : static_cast<std::int64_t>(v);
  return true;
}

void append_double_g(double d, int precision, std::string& out) {
  if (!prepare(d, out)) return;
  if (precision < 1) precision = 1;
  if (precision > 17) precision = 17;
  char digits[17];
  int k = decimal_digits(d, precision, digits);
  append_g(digits, precision, k, out);
}

namespace {
// Timestamps and most numbers in events are integers or carry at most three decimals. Such a
// value is m / 10^k for an integer m below 10^15, and when dividing m by 10^k gives back exactly
// d, that decimal is both correctly rounded and shorter than 16 digits, so it is what the exact
// search below would print (fixed notation, as %.15g uses below 1e15); the division is exact
// arithmetic on small integers, so no big numbers are needed.
bool append_short_decimal(double d, std::string& out) {
  if (!(std::fabs(d) < 1e15)) return false;
  double scale = 1;
  for (int k = 0; k <= 3; ++k, scale *= 10) {
    // d * scale may land beside the integer (8470.97 * 100 = 847096.999...), so round it and
    // let the exact division decide.
    const double m = std::nearbyint(d * scale);
    if (std::fabs(m) >= 1e15) return false;
    const auto mi = static_cast<std::int64_t>(m);
    if (static_cast<double>(mi) / scale != d) continue;
    std::uint64_t u = mi < 0 ? 0 - static_cast<std::uint64_t>(mi) : static_cast<std::uint64_t>(mi);
    char buf[24];
    int n = 0;
    for (int i = 0; i < k || u != 0 || n <= k; ++i) {  // at least one digit before the point
      if (i == k && k > 0) buf[n++] = '.';
      buf[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    }
    if (mi < 0) out += '-';
    while (n) out += buf[--n];
    return true;
  }
  return false;
}
}  // namespace

void append_double_round_trip(double d, std::string& out, int min_precision) {
  if (!prepare(d, out)) return;
  if (min_precision == 15 && append_short_decimal(d, out)) return;
  char digits[17];
  int precision = min_precision < 1 ? 1 : min_precision > 17 ? 17 : min_precision, k;
  for (;; ++precision) {
    k = decimal_digits(d, precision, digits);
    if (precision == 17) break;
    std::size_t n = static_cast<std::size_t>(precision);
    while (digits[n - 1] == '0') --n;  // the first digit is never 0
    if (decimal_to_double(digits, n, k + 1 - static_cast<long long>(n)) == d) break;
  }
  append_g(digits, precision, k, out);
}

void append_int(std::int64_t v, std::string& out) {
  char buf[20];
  int n = 0;
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) out += '-';
  while (n) out += buf[--n];
}

std::string format_int(std::int64_t v) {
  std::string out;
  append_int(v, out);
  return out;
}

}  // namespace vigil
